{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Responsiveness KPIs from complaint lifecycles: one row per month × region × secretariat
    (and their roll-ups) × KPI. The rows behind each KPI are macros/kpi_rows.sql
    (complaints_kpi_rows), also published as fct_kpi_rows. -#}
with lifecycles as (

    select * from {{ ref('int_complaints_monthly') }}

),

activity as (

    select
        month_start,
        region_code,
        secretariat_code,
        -- the unit sent data for the month: a ticket was received, answered or resolved in it
        sum(case when is_received or is_first_response or is_resolved then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at
    from lifecycles
    {{ group_by_kpi_levels() }}

),

kpi_rows as (

    {{ complaints_kpi_rows('lifecycles') }}

),

coverage as (

    {{ kpi_coverage('lifecycles', ['CMP_RECEIVED', 'CMP_FIRST_RESPONSE_SLA', 'CMP_MEDIAN_FIRST_RESPONSE_H', 'CMP_RESOLVED_SLA', 'CMP_BACKLOG', 'CMP_OVERDUE_SHARE', 'CMP_REOPEN_RATE', 'CMP_CSAT', 'CMP_SOCIAL_RESPONSE_RATE', 'CMP_MEDIAN_RESOLUTION_H'], active='is_received or is_first_response or is_resolved') }}

),

{{ kpis_from_rows([
    ('CMP_RECEIVED', 'count'),
    ('CMP_FIRST_RESPONSE_SLA', 'ratio'),
    ('CMP_MEDIAN_FIRST_RESPONSE_H', 'median'),
    ('CMP_RESOLVED_SLA', 'ratio'),
    ('CMP_BACKLOG', 'count'),
    ('CMP_OVERDUE_SHARE', 'ratio'),
    ('CMP_REOPEN_RATE', 'ratio'),
    ('CMP_CSAT', 'ratio'),
    ('CMP_SOCIAL_RESPONSE_RATE', 'ratio'),
    ('CMP_MEDIAN_RESOLUTION_H', 'median'),
]) }}
