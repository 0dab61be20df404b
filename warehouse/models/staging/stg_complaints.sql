with source as (

    select * from {{ source('raw', 'complaints') }}

),

renamed as (

    select
        -- ids
        ticket_id,
        region_code,
        secretariat_code,

        -- strings
        channel,
        kind,
        category,
        status,

        -- numerics
        reopened_count,
        satisfaction,

        -- timestamps (local time of the deployment)
        received_at,
        first_response_at,
        resolved_at,
        cast({{ dbt.date_trunc('month', 'received_at') }} as date) as received_month,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number

    from source

)

select * from renamed
