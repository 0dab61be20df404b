with source as (

    select * from {{ source('raw', 'org_regions') }}

),

renamed as (

    select
        -- ids
        code as region_code,
        iso_3166_2,
        parent as parent_code,

        -- strings
        name_ar as region_name_ar,
        name_en as region_name_en,

        -- numerics
        cast(population as bigint) as population,
        cast(population_year as integer) as population_year

    from source

)

select * from renamed
