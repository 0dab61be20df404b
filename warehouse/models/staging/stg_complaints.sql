with source as (

    select * from {{ source('raw', 'complaints') }}

),

renamed as (

    select
        -- ids
        ticket_id,
        region_code,
        secretariat_code,

        -- strings (personal data, hashed at ingest, is not carried)
        channel,
        kind,
        category,
        status,
        subject,

        -- numerics
        reopened_count,
        satisfaction,

        -- timestamps (local time of the deployment)
        received_at,
        first_response_at,
        resolved_at,
        expected_at,  -- promised resolution time (Open311 expected_datetime), if any
        {{ month_of('received_at') }} as received_month,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number,
        _ingested_at as ingested_at

    from source

)

select * from renamed
