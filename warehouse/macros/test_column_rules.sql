{#- Generic data test: a model's simple column rules checked in one pass over the model, instead
    of one dbt test (one query, one Dagster check) per column and rule.

      not_null:        [column, ...]                      — no null
      accepted_values: {column: [value, ...], ...}        — non-null values are one of these
      value_between:   {column: {min_value: .., max_value: ..}, ...}  — non-null values within

    The rules mean what dbt's not_null and accepted_values and Mizan's value_between mean. It
    returns one row per broken rule — rule, column, how many rows break it — so a failure names
    the column as the single tests did. Staging models are views over the raw tables, so each
    single test read a raw table again: of the 75 staging tests of a build, the 55 simple rules are
    now one pass per model. mizan.dictionary lists the rules under their columns as before.

    Portable SQL (DuckDB and Spark): sums of CASE, no FILTER, no UNPIVOT. -#}
{% test column_rules(model, not_null=[], accepted_values={}, value_between={}) %}

{%- set checks = [] -%}
{%- for column in not_null -%}
    {%- do checks.append(('not_null', column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}{%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}{%- endfor -%}
    {%- do checks.append(('accepted_values', column,
        column ~ ' is not null and ' ~ column ~ ' not in (' ~ quoted | join(', ') ~ ')')) -%}
{%- endfor -%}
{%- for column, bounds in value_between.items() -%}
    {%- set outside = [] -%}
    {%- if bounds.get('min_value') is not none -%}{%- do outside.append(column ~ ' < ' ~ bounds['min_value']) -%}{%- endif -%}
    {%- if bounds.get('max_value') is not none -%}{%- do outside.append(column ~ ' > ' ~ bounds['max_value']) -%}{%- endif -%}
    {%- do checks.append(('value_between', column,
        column ~ ' is not null and (' ~ outside | join(' or ') ~ ')')) -%}
{%- endfor -%}
{%- if not checks -%}
    {{ exceptions.raise_compiler_error("column_rules on " ~ model ~ ": no rule given") }}
{%- endif %}

with counts as (

    select
    {%- for rule, column, broken in checks %}
        sum(case when {{ broken }} then 1 else 0 end) as broken_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}

)

{% for rule, column, broken in checks -%}
select '{{ rule }}' as rule, '{{ column }}' as column_name, broken_{{ loop.index }} as rows_broken
from counts
where broken_{{ loop.index }} > 0
{{ 'union all' if not loop.last }}
{% endfor %}

{% endtest %}
