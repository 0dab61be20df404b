{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Coordination KPIs from action items and leadership directives: one row per month × region ×
    secretariat (and their roll-ups) × KPI. The rows behind each KPI are macros/kpi_rows.sql
    (meeting_actions_kpi_rows), also published as fct_kpi_rows. -#}
with lifecycles as (

    select * from {{ ref('int_meeting_actions_monthly') }}

),

activity as (

    select
        month_start,
        region_code,
        secretariat_code,
        sum(case when has_event then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at
    from lifecycles
    {{ group_by_kpi_levels() }}

),

kpi_rows as (

    {{ meeting_actions_kpi_rows('lifecycles') }}

),

coverage as (

    {{ kpi_coverage('lifecycles', ['ACT_ON_TIME', 'DIR_ON_TIME', 'ACT_OVERDUE_OPEN', 'ACT_OVERDUE_SHARE'], active='has_event') }}

),

{{ kpis_from_rows([
    ('ACT_ON_TIME', 'ratio'),
    ('DIR_ON_TIME', 'ratio'),
    ('ACT_OVERDUE_OPEN', 'count'),
    ('ACT_OVERDUE_SHARE', 'ratio'),
]) }}
