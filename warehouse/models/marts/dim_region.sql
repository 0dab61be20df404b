with regions as (

    select * from {{ ref('stg_org_regions') }}

),

organisation as (

    select
        'ALL' as region_code,
        cast(null as {{ dbt.type_string() }}) as iso_3166_2,
        'الكل' as region_name_ar,
        'All regions' as region_name_en,
        cast(null as {{ dbt.type_string() }}) as parent_code,
        -- the organisation's population only when every region has one: a partial sum would
        -- invent per-100,000 values for the whole organisation
        case when count(population) = count(*) then cast(sum(population) as bigint) end as population,
        case when count(population) = count(*) then max(population_year) end as population_year,
        true as is_rollup
    from regions

)

select
    region_code,
    iso_3166_2,
    region_name_ar,
    region_name_en,
    parent_code,
    population,
    population_year,
    false as is_rollup
from regions

union all

select * from organisation
