{#- A fingerprint of the reference data a KPI row is computed with: the checksums of the seeds
    behind values, targets and scores, and the scoring vars. fct_kpi_monthly stores it, and an
    incremental build recomputes every month when it changed (a target edited for a past period
    must not leave old months scored against the old target). -#}
{% macro reference_data_version() -%}
    {%- set seeds = ['kpi_catalogue', 'kpi_targets', 'kpi_inputs', 'pillar_weights', 'sla_by_channel', 'sla_by_category'] -%}
    {%- set parts = [] -%}
    {%- for node in graph.get('nodes', {}).values() -%}
        {%- if node.resource_type == 'seed' and node.name in seeds -%}
            {%- do parts.append(node.name ~ '=' ~ node.checksum.checksum) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['mizan_attainment_cap', 'mizan_default_amber_ratio', 'mizan_per_population', 'mizan_funnel_z_95', 'mizan_funnel_z_998'] -%}
        {%- do parts.append(name ~ '=' ~ var(name)) -%}
    {%- endfor -%}
    {{- return(local_md5(parts | sort | join(';'))) -}}
{%- endmacro %}
