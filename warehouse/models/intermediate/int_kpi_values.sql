{#- Every KPI of every source: one row per month × region × secretariat × KPI where the unit (or
    a roll-up) has any row of the KPI's source in or around the month. -#}
{%- set sources = ['int_kpi_meetings', 'int_kpi_meeting_actions', 'int_kpi_initiatives', 'int_kpi_media', 'int_kpi_complaints'] %}
{% for model in sources %}
select month_start, region_code, secretariat_code, kpi_code, has_data, value_status, last_ingested_at, numerator, denominator,
    value, sample_size, records_active, records_reporting
from {{ ref(model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
