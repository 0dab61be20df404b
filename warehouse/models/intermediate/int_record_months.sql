{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
) }}

{#- Every month each record of each source has counted in, in any version of it ever built:
    raw keeps only a record's latest version, so this table remembers the months an older version
    touched — a corrected date must rebuild the month the record left as well as the one it
    joined. Rows are only appended (one per version of a record and month: the same on every
    engine, as Spark's parquet tables cannot update rows), never removed (except by a full
    refresh). -#}
with record_months as (

    select 'meetings' as source, meeting_id as record_id, meeting_month as month_start, ingested_at
    from {{ ref('stg_meetings') }}
    union all
    select 'meeting_actions', action_id, month_start, ingested_at
    from {{ ref('int_meeting_actions_monthly') }}
    union all
    select 'initiatives', initiative_id, month_start, ingested_at
    from {{ ref('int_initiatives_monthly') }}
    union all
    select 'media_coverage', item_id, published_month, ingested_at
    from {{ ref('stg_media_coverage') }}
    union all
    select 'complaints', ticket_id, month_start, ingested_at
    from {{ ref('int_complaints_monthly') }}

)

select source, record_id, month_start, ingested_at
from record_months
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
