{#- Months an operator asked to rebuild (a Dagster monthly partition or backfill passes them as
    the var `mizan_rebuild_months`, a list of 'YYYY-MM-DD' month starts). Renders a condition on
    `column` that is false when none were asked for. -#}
{% macro is_rebuild_month(column) -%}
    {%- set months = var('mizan_rebuild_months', []) -%}
    {%- if months is string -%}{%- set months = [months] -%}{%- endif -%}
    {%- if months | length == 0 -%}
        1 = 0
    {%- else -%}
        {{ column }} in (
            {%- for month in months %}cast('{{ month }}' as date){{ ", " if not loop.last }}{% endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
