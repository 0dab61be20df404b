{#- Walking-skeleton mart: complaints received per region and month. Every region of the profile
    appears for every month that has data anywhere, so a silent region shows 0 here; the warehouse
    issue replaces this with fct_kpi_monthly, which tells "no data" from zero. -#}
with complaints as (

    select * from {{ ref('stg_complaints') }}

),

regions as (

    select code as region_code, name_ar, name_en from {{ source('raw', 'org_regions') }}

),

months as (

    select distinct received_month as month_start from complaints

),

counts as (

    select region_code, received_month as month_start, count(*) as complaints_received
    from complaints
    group by 1, 2

)

select
    months.month_start,
    regions.region_code,
    regions.name_ar as region_name_ar,
    regions.name_en as region_name_en,
    coalesce(counts.complaints_received, 0) as complaints_received
from months
cross join regions
left join counts
    on counts.region_code = regions.region_code
    and counts.month_start = months.month_start
