{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Coordination KPIs from action items and leadership directives: one row per month × region ×
    secretariat (and their roll-ups) × KPI. -#}
with lifecycles as (

    select * from {{ ref('int_meeting_actions_monthly') }}

),

aggregated as (

    select
        month_start,
        region_code,
        secretariat_code,
        sum(case when has_event then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at,
        sum(case when is_due then 1 else 0 end) as due,
        sum(case when is_due and is_closed_on_time then 1 else 0 end) as due_closed_on_time,
        sum(case when is_due and origin = 'directive' then 1 else 0 end) as directives_due,
        sum(case when is_due and origin = 'directive' and is_closed_on_time then 1 else 0 end) as directives_due_closed_on_time,
        sum(case when is_open_at_month_end then 1 else 0 end) as open_at_month_end,
        sum(case when is_overdue_at_month_end then 1 else 0 end) as overdue_at_month_end
    from lifecycles
    {{ group_by_kpi_levels() }}

)

{{ kpi_row('ACT_ON_TIME', 'due_closed_on_time', 'due') }}
union all
{{ kpi_row('DIR_ON_TIME', 'directives_due_closed_on_time', 'directives_due') }}
union all
{{ kpi_row('ACT_OVERDUE_OPEN', 'overdue_at_month_end') }}
union all
{{ kpi_row('ACT_OVERDUE_SHARE', 'overdue_at_month_end', 'open_at_month_end') }}
