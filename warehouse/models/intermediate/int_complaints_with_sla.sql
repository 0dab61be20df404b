{#- Each ticket with the SLA of its channel (first response) and category (resolution) — or,
    for resolution, the time promised for the ticket itself (expected_at) — the due times they give, the hours it took, and whether each was met. -#}
with complaints as (

    select * from {{ ref('stg_complaints') }}

),

sla_by_channel as (

    select * from {{ ref('sla_by_channel') }}

),

sla_by_category as (

    select * from {{ ref('sla_by_category') }}

),

with_due_times as (

    select
        complaints.*,
        sla_by_channel.first_response_sla_hours,
        sla_by_category.resolution_sla_hours,
        {{ dbt.dateadd('second', 'cast(sla_by_channel.first_response_sla_hours * 3600 as bigint)', 'complaints.received_at') }} as first_response_due_at,
        -- a time the agency promised for this ticket (Open311 expected_datetime) replaces the
        -- category's SLA
        complaints.expected_at is not null as has_promised_time,
        coalesce(
            complaints.expected_at,
            {{ dbt.dateadd('second', 'cast(sla_by_category.resolution_sla_hours * 3600 as bigint)', 'complaints.received_at') }}
        ) as resolution_due_at
    from complaints
    left join sla_by_channel on complaints.channel = sla_by_channel.channel
    left join sla_by_category on complaints.category = sla_by_category.category

)

select
    *,
    {{ month_of('first_response_at') }} as first_response_month,
    {{ month_of('resolved_at') }} as resolved_month,
    {{ hours_between('received_at', 'first_response_at') }} as first_response_hours,
    {{ hours_between('received_at', 'resolved_at') }} as resolution_hours,
    coalesce(first_response_at <= first_response_due_at, false) as first_response_within_sla,
    coalesce(resolved_at <= resolution_due_at, false) as resolved_within_sla,
    -- resolved or closed without a resolution time: closed, but at an unknown time
    resolved_at is null and status in ('resolved', 'closed') as is_closed_undated,
    coalesce(reopened_count, 0) > 0 as was_reopened,
    satisfaction >= 4 as is_satisfied
from with_due_times
