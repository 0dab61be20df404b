{#- Generic data test: every non-null value lies within [min_value, max_value] (either bound may
    be omitted; exclusive=true makes both bounds strict). dbt_utils' accepted_range, which is not
    available here. -#}
{% test value_between(model, column_name, min_value=none, max_value=none, exclusive=false) %}
{%- set below = '<=' if exclusive else '<' -%}
{%- set above = '>=' if exclusive else '>' -%}

select *
from {{ model }}
where {{ column_name }} is not null
  and (
        1 = 0
        {%- if min_value is not none %} or {{ column_name }} {{ below }} {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} {{ above }} {{ max_value }}{% endif %}
  )

{% endtest %}
