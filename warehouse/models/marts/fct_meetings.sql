{{ config(
    unique_key='meeting_id',
    on_schema_change='fail',
    **incremental_config('key')
) }}

{#- Row fact: every meeting, planned or held, in the month of its meeting date. -#}
select
    meeting_id,
    region_code,
    secretariat_code,
    meeting_month as month_start,
    meeting_date,
    meeting_type,
    status,
    status = 'held' as is_held,
    meeting_type in ('executive_body', 'political_entity', 'community_partner') as is_external,
    title,
    chaired_by,
    invited,
    attended,
    decisions,
    file_sha256,
    file_row_number,
    ingested_at
from {{ ref('stg_meetings') }}
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
