with source as (

    select * from {{ source('raw', 'meeting_actions') }}

),

renamed as (

    select
        -- ids
        action_id,
        meeting_id,
        region_code,
        secretariat_code,

        -- strings
        origin,
        status,
        title,

        -- dates
        issued_date,
        due_date,
        closed_date,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number,
        _ingested_at as ingested_at

    from source

)

select * from renamed
