{#- Generic data test: no two rows share the same values of the given columns (the grain of a
    model). dbt_utils' unique_combination_of_columns, which is not available here. -#}
{% test unique_combination(model, columns) %}

select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
