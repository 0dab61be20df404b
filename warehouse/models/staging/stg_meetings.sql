with source as (

    select * from {{ source('raw', 'meetings') }}

),

renamed as (

    select
        -- ids
        meeting_id,
        region_code,
        secretariat_code,

        -- strings
        meeting_type,
        status,
        title,
        chaired_by,

        -- numerics
        invited,
        attended,
        decisions,

        -- dates
        meeting_date,
        {{ month_of('meeting_date') }} as meeting_month,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number,
        _ingested_at as ingested_at

    from source

)

select * from renamed
