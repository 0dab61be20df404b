{#- The first and the last month in which anything happened in any source. Only dates of things
    that happened count (receipts, responses, resolutions, publications, meetings, issues and
    closures, actual starts and ends) — not deadlines or plans, which may lie in the future. One
    row; both null before any record. -#}
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

)

select
    {{ month_of('min(event_date)') }} as first_month,
    {{ month_of('max(event_date)') }} as last_month
from event_dates
