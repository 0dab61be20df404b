{#- The months a build covers: the calendar's months from the first to the last month in which
    anything happened in any source (int_event_months). -#}
with bounds as (

    select * from {{ ref('int_event_months') }}

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
