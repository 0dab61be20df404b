{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Coordination KPIs from meetings: one row per month × region × secretariat (and their
    roll-ups) × KPI. A meeting belongs to the month of its meeting date. The rows behind each KPI
    are macros/kpi_rows.sql (meetings_kpi_rows), also published as fct_kpi_rows. -#}
with meetings as (

    select *, meeting_month as month_start from {{ ref('stg_meetings') }}

),

activity as (

    select
        month_start,
        region_code,
        secretariat_code,
        count(*) > 0 as has_data,
        max(ingested_at) as last_ingested_at
    from meetings
    {{ group_by_kpi_levels() }}

),

kpi_rows as (

    {{ meetings_kpi_rows('meetings') }}

),

coverage as (

    {{ kpi_coverage('meetings', ['MTG_HELD', 'MTG_PLAN_ADHERENCE', 'MTG_EXTERNAL_SHARE', 'MTG_ATTENDANCE'], active='true') }}

),

{{ kpis_from_rows([
    ('MTG_HELD', 'count'),
    ('MTG_PLAN_ADHERENCE', 'ratio'),
    ('MTG_EXTERNAL_SHARE', 'ratio'),
    ('MTG_ATTENDANCE', 'ratio'),
]) }}
