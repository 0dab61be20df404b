{#- Every month from the first to the last with an event is in the month spine, so in every KPI:
    the calendar (raw.calendar_months, which ingestion writes from the data and MIZAN_FIRST_MONTH)
    must hold them all. Without this test a missing calendar publishes KPIs of no month while every
    other test passes — the bench's build once did. Returns the bounds and the months found.
    In Dagster it is a check of int_month_spine (a singular test of two models needs to be told). -#}
{{ config(meta={'dagster': {'ref': {'name': 'int_month_spine'}}}) }}

select
    bounds.first_month,
    bounds.last_month,
    count(spine.month_start) as months_in_spine
from {{ ref('int_event_months') }} as bounds
left join {{ ref('int_month_spine') }} as spine
    on spine.month_start between bounds.first_month and bounds.last_month
where bounds.first_month is not null
group by bounds.first_month, bounds.last_month
having count(spine.month_start)
    <> {{ dbt.datediff('bounds.first_month', 'bounds.last_month', 'month') }} + 1
