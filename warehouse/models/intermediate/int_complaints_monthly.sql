{#- Complaint lifecycles: one row per ticket and month from the month it was received to the month
    of its last event (resolution or first response), or to the last month covered while it is
    still open — what happened to the ticket that month and where it stood at month end. -#}
with complaints as (

    select * from {{ ref('int_complaints_with_sla') }}

),

months as (

    select * from {{ ref('int_month_spine') }}

),

spans as (

    select
        *,
        case
            when resolved_at is not null or is_closed_undated
                then greatest(received_month, resolved_month, first_response_month)
        end as span_end_month
    from complaints

),

lifecycle as (

    select
        months.month_start,
        spans.*,
        (
            spans.received_at < months.period_end_at
            and not spans.is_closed_undated
            and (spans.resolved_at is null or spans.resolved_at >= months.period_end_at)
        ) as is_open_at_month_end,
        spans.resolution_due_at < months.period_end_at as is_past_resolution_due
    from spans
    inner join months
        on months.month_start >= spans.received_month
        and (spans.span_end_month is null or months.month_start <= spans.span_end_month)

)

select
    month_start,
    ticket_id,
    region_code,
    secretariat_code,
    channel,
    ingested_at,
    file_sha256,
    -- events of the month
    received_month = month_start as is_received,
    coalesce(first_response_month = month_start, false) as is_first_response,
    coalesce(resolved_month = month_start, false) as is_resolved,
    first_response_at is not null as has_response,
    first_response_within_sla,
    first_response_hours,
    resolved_within_sla,
    resolution_hours,
    was_reopened,
    satisfaction,
    is_satisfied,
    -- state at the end of the month
    is_open_at_month_end,
    is_open_at_month_end and is_past_resolution_due as is_overdue_at_month_end
from lifecycle
