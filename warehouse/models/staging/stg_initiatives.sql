with source as (

    select * from {{ source('raw', 'initiatives') }}

),

renamed as (

    select
        -- ids
        initiative_id,
        region_code,
        secretariat_code,

        -- strings
        title,
        initiative_type,
        status,
        partners,

        -- numerics
        beneficiaries,
        attendees,
        budget_planned,
        budget_spent,

        -- dates
        planned_start,
        planned_end,
        actual_start,
        actual_end,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number,
        _ingested_at as ingested_at

    from source

)

select * from renamed
