{#- Schemas are named for their layer (raw, staging, intermediate, marts, reference), not
    prefixed with the target schema, so analysts find `marts.fct_kpi_monthly` where the docs say. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
