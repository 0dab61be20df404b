{#- Months an operator asked to rebuild, as 'YYYY-MM-DD' month starts: a Dagster monthly partition
    or backfill passes them in the environment variable MIZAN_REBUILD_MONTHS (comma-separated),
    which keeps dbt's partial parsing (a changed --vars re-parses the whole project; a changed
    environment variable only the files that read it); the var `mizan_rebuild_months` (a list)
    works too, for unit tests and hand-run builds. Renders a condition on `column` that is false
    when none were asked for. -#}
{% macro is_rebuild_month(column) -%}
    {%- set months = var('mizan_rebuild_months', []) -%}
    {%- if months is string -%}{%- set months = [months] -%}{%- endif -%}
    {%- set months = months | list -%}
    {%- for month in env_var('MIZAN_REBUILD_MONTHS', '').split(',') -%}
        {%- if month | trim -%}{%- do months.append(month | trim) -%}{%- endif -%}
    {%- endfor -%}
    {%- if months | length == 0 -%}
        1 = 0
    {%- else -%}
        {{ column }} in (
            {%- for month in months %}cast('{{ month }}' as date){{ ", " if not loop.last }}{% endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
