{#- The months a build covers: from the first to the last month in which anything happened in
    any source. Only dates of things that happened count (receipts, responses, resolutions,
    publications, meetings, issues and closures, actual starts and ends) — not deadlines or plans,
    which may lie in the future. -#}
with event_dates as (

    select cast(received_at as date) as event_date from {{ ref('stg_complaints') }}
    union all select cast(first_response_at as date) from {{ ref('stg_complaints') }}
    union all select cast(resolved_at as date) from {{ ref('stg_complaints') }}
    union all select cast(published_at as date) from {{ ref('stg_media_coverage') }}
    union all select meeting_date from {{ ref('stg_meetings') }} where status = 'held'
    union all select issued_date from {{ ref('stg_meeting_actions') }}
    union all select closed_date from {{ ref('stg_meeting_actions') }}
    union all select actual_start from {{ ref('stg_initiatives') }}
    union all select actual_end from {{ ref('stg_initiatives') }}

),

bounds as (

    select
        {{ month_of('min(event_date)') }} as first_month,
        {{ month_of('max(event_date)') }} as last_month
    from event_dates

),

calendar as (

    select * from {{ source('raw', 'calendar_months') }}

)

select
    calendar.month_start,
    calendar.month_end,
    cast({{ dbt.dateadd('month', 1, 'calendar.month_start') }} as date) as next_month_start,
    cast(cast({{ dbt.dateadd('month', 1, 'calendar.month_start') }} as date) as timestamp) as period_end_at,
    calendar.month_start = bounds.last_month as is_last_month
from calendar
inner join bounds
    on calendar.month_start between bounds.first_month and bounds.last_month
