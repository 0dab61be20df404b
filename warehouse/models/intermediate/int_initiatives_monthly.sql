{#- Initiative lifecycles: one row per initiative and month from its first to its last date (or
    to the last month covered while it is in progress) — whether it was completed that month and
    whether it was running (engaging its partners) during the month. -#}
with initiatives as (

    select * from {{ ref('stg_initiatives') }}

),

months as (

    select * from {{ ref('int_month_spine') }}

),

spans as (

    select
        *,
        -- an initiative runs from its (actual, else planned) start to its actual end; one in
        -- progress is still running
        coalesce(actual_start, planned_start) as running_from,
        case
            when status = 'completed' then coalesce(actual_end, planned_end, actual_start, planned_start)
            when status = 'in_progress' then actual_end
        end as running_to,
        {{ month_of('least(planned_start, planned_end, actual_start, actual_end)') }} as span_start_month,
        case
            when not (status = 'in_progress' and actual_end is null)
                then {{ month_of('greatest(planned_start, planned_end, actual_start, actual_end)') }}
        end as span_end_month
    from initiatives

)

select
    months.month_start,
    spans.initiative_id,
    spans.region_code,
    spans.secretariat_code,
    spans.initiative_type,
    spans.ingested_at,
    spans.file_sha256,
    -- the unit reported on the initiative this month: one of its dates falls in it
    (
        coalesce({{ month_of('spans.planned_start') }} = months.month_start, false)
        or coalesce({{ month_of('spans.planned_end') }} = months.month_start, false)
        or coalesce({{ month_of('spans.actual_start') }} = months.month_start, false)
        or coalesce({{ month_of('spans.actual_end') }} = months.month_start, false)
    ) as has_event,
    -- completed this month (the completion date is the actual end)
    spans.status = 'completed'
        and coalesce({{ month_of('spans.actual_end') }} = months.month_start, false) as is_completed,
    coalesce(spans.actual_end <= spans.planned_end, false) as is_on_time,
    spans.planned_end is not null as has_planned_end,
    spans.beneficiaries,
    spans.attendees,
    spans.budget_planned,
    spans.budget_spent,
    -- running at some time during the month
    (
        spans.status in ('in_progress', 'completed')
        and spans.running_from < months.next_month_start
        and (spans.running_to is null or spans.running_to >= months.month_start)
    ) as is_running
from spans
inner join months
    on months.month_start >= spans.span_start_month
    and (spans.span_end_month is null or months.month_start <= spans.span_end_month)
