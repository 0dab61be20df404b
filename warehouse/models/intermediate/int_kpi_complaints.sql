{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Responsiveness KPIs from complaint lifecycles: one row per month × region × secretariat
    (and their roll-ups) × KPI. -#}
with lifecycles as (

    select * from {{ ref('int_complaints_monthly') }}

),

aggregated as (

    select
        month_start,
        region_code,
        secretariat_code,
        -- the unit sent data for the month: a ticket was received, answered or resolved in it
        sum(case when is_received or is_first_response or is_resolved then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at,

        -- received in the month
        sum(case when is_received then 1 else 0 end) as received,
        sum(case when is_received and first_response_within_sla then 1 else 0 end) as received_answered_within_sla,
        count(case when is_received then first_response_hours end) as received_answered,
        {{ median('case when is_received then first_response_hours end') }} as median_first_response_hours,
        sum(case when is_received and channel = 'social' then 1 else 0 end) as social_received,
        sum(case when is_received and channel = 'social' and has_response then 1 else 0 end) as social_answered,

        -- resolved in the month
        sum(case when is_resolved then 1 else 0 end) as resolved,
        sum(case when is_resolved and resolved_within_sla then 1 else 0 end) as resolved_within_sla,
        sum(case when is_resolved and was_reopened then 1 else 0 end) as resolved_reopened,
        count(case when is_resolved then satisfaction end) as resolved_rated,
        sum(case when is_resolved and is_satisfied then 1 else 0 end) as resolved_satisfied,
        {{ median('case when is_resolved then resolution_hours end') }} as median_resolution_hours,

        -- state at month end
        sum(case when is_open_at_month_end then 1 else 0 end) as open_at_month_end,
        sum(case when is_overdue_at_month_end then 1 else 0 end) as overdue_at_month_end

    from lifecycles
    {{ group_by_kpi_levels() }}

)

{{ kpi_row('CMP_RECEIVED', 'received') }}
union all
{{ kpi_row('CMP_FIRST_RESPONSE_SLA', 'received_answered_within_sla', 'received') }}
union all
{{ kpi_row('CMP_MEDIAN_FIRST_RESPONSE_H', 'null', 'received_answered', value='median_first_response_hours') }}
union all
{{ kpi_row('CMP_RESOLVED_SLA', 'resolved_within_sla', 'resolved') }}
union all
{{ kpi_row('CMP_BACKLOG', 'open_at_month_end') }}
union all
{{ kpi_row('CMP_OVERDUE_SHARE', 'overdue_at_month_end', 'open_at_month_end') }}
union all
{{ kpi_row('CMP_REOPEN_RATE', 'resolved_reopened', 'resolved') }}
union all
{{ kpi_row('CMP_CSAT', 'resolved_satisfied', 'resolved_rated') }}
union all
{{ kpi_row('CMP_SOCIAL_RESPONSE_RATE', 'social_answered', 'social_received') }}
union all
{{ kpi_row('CMP_MEDIAN_RESOLUTION_H', 'null', 'resolved', value='median_resolution_hours') }}
