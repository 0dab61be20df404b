{{ config(
    unique_key='action_id',
    on_schema_change='fail',
    **incremental_config('key')
) }}

{#- Row fact: every action item and leadership directive, in the month it falls due. -#}
select
    action_id,
    meeting_id,
    origin,
    region_code,
    secretariat_code,
    {{ month_of('due_date') }} as due_month,
    title,
    status,
    issued_date,
    due_date,
    closed_date,
    coalesce(closed_date <= due_date, false) as is_closed_on_time,
    file_sha256,
    file_row_number,
    ingested_at
from {{ ref('stg_meeting_actions') }}
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
