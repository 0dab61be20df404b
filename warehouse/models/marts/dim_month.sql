with months as (

    select * from {{ ref('int_month_spine') }}

),

calendar as (

    select * from {{ source('raw', 'calendar_months') }}

)

select
    months.month_start,
    months.month_end,
    calendar.year,
    calendar.month,
    calendar.quarter,
    calendar.days_in_month,
    calendar.gregorian_label_ar,
    calendar.gregorian_label_en,
    calendar.hijri_label_ar,
    calendar.hijri_label_en,
    calendar.hijri_year_start,
    calendar.hijri_month_start,
    calendar.hijri_year_end,
    calendar.hijri_month_end,
    months.is_last_month
from months
inner join calendar on months.month_start = calendar.month_start
