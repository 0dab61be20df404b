with source as (

    select * from {{ source('raw', 'media_coverage') }}

),

renamed as (

    select
        -- ids
        item_id,
        region_code,
        secretariat_code,

        -- strings
        outlet,
        outlet_type,
        owned_or_earned,
        sentiment,
        key_messages,
        hashtags,
        url,
        title,  -- the headline as published; no KPI reads it

        -- numerics
        reach,
        impressions,
        engagements,

        -- timestamps (local time of the deployment)
        published_at,
        {{ month_of('published_at') }} as published_month,

        -- lineage
        _file_sha256 as file_sha256,
        _row_number as file_row_number,
        _ingested_at as ingested_at

    from source

)

select * from renamed
