{{ config(
    unique_key='item_id',
    on_schema_change='fail',
    **incremental_config('key')
) }}

{#- Row fact: every media item, in the month it was published. -#}
select
    item_id,
    region_code,
    secretariat_code,
    published_month as month_start,
    published_at,
    outlet,
    outlet_type,
    owned_or_earned,
    sentiment,
    coalesce(key_messages, '') <> '' as carries_key_message,
    key_messages,
    hashtags,
    url,
    reach,
    impressions,
    engagements,
    file_sha256,
    file_row_number,
    ingested_at
from {{ ref('stg_media_coverage') }}
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
