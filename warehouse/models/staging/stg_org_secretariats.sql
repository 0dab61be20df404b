with source as (

    select * from {{ source('raw', 'org_secretariats') }}

),

renamed as (

    select
        -- ids
        code as secretariat_code,

        -- strings
        name_ar as secretariat_name_ar,
        name_en as secretariat_name_en

    from source

)

select * from renamed
