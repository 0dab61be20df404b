{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Coordination KPIs from meetings: one row per month × region × secretariat (and their
    roll-ups) × KPI. A meeting belongs to the month of its meeting date. -#}
with meetings as (

    select *, meeting_month as month_start from {{ ref('stg_meetings') }}

),

aggregated as (

    select
        month_start,
        region_code,
        secretariat_code,
        count(*) > 0 as has_data,
        max(ingested_at) as last_ingested_at,
        count(*) as scheduled,
        sum(case when status = 'held' then 1 else 0 end) as held,
        sum(case when status = 'held' and meeting_type in ('executive_body', 'political_entity', 'community_partner') then 1 else 0 end) as held_external,
        sum(case when status = 'held' and invited is not null and attended is not null then attended else 0 end) as attended,
        sum(case when status = 'held' and invited is not null and attended is not null then invited else 0 end) as invited
    from meetings
    {{ group_by_kpi_levels() }}

)

{{ kpi_row('MTG_HELD', 'held') }}
union all
{{ kpi_row('MTG_PLAN_ADHERENCE', 'held', 'scheduled') }}
union all
{{ kpi_row('MTG_EXTERNAL_SHARE', 'held_external', 'held') }}
union all
{{ kpi_row('MTG_ATTENDANCE', 'attended', 'invited') }}
