{#- Action item lifecycles: one row per action item (or directive) and month from the month it
    was issued (or fell due, if earlier) to the month of its last date, or to the last month
    covered while it is still open — whether it fell due that month and its status at month end. -#}
with actions as (

    select
        *,
        -- closed, but at an unknown time
        closed_date is null and status = 'closed' as is_closed_undated
    from {{ ref('stg_meeting_actions') }}

),

months as (

    select * from {{ ref('int_month_spine') }}

),

spans as (

    select
        *,
        {{ month_of('least(issued_date, due_date)') }} as span_start_month,
        case
            when closed_date is not null or is_closed_undated or status = 'cancelled'
                then {{ month_of('greatest(issued_date, due_date, closed_date)') }}
        end as span_end_month
    from actions

),

lifecycle as (

    select
        months.month_start,
        months.next_month_start,
        spans.*,
        (
            spans.status <> 'cancelled'
            and not spans.is_closed_undated
            and spans.issued_date < months.next_month_start
            and (spans.closed_date is null or spans.closed_date >= months.next_month_start)
        ) as is_open_at_month_end
    from spans
    inner join months
        on months.month_start >= spans.span_start_month
        and (spans.span_end_month is null or months.month_start <= spans.span_end_month)

)

select
    month_start,
    action_id,
    origin,
    region_code,
    secretariat_code,
    ingested_at,
    file_sha256,
    -- the unit reported on the item this month: issued, due or closed in it
    (
        {{ month_of('issued_date') }} = month_start
        or {{ month_of('due_date') }} = month_start
        or coalesce({{ month_of('closed_date') }} = month_start, false)
    ) as has_event,
    -- due this month (cancelled items are no longer due)
    {{ month_of('due_date') }} = month_start and status <> 'cancelled' as is_due,
    coalesce(closed_date <= due_date, false) as is_closed_on_time,
    -- status at the end of the month
    is_open_at_month_end,
    is_open_at_month_end and due_date < next_month_start as is_overdue_at_month_end
from lifecycle
