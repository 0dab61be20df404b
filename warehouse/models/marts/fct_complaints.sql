{{ config(
    unique_key='ticket_id',
    on_schema_change='fail',
    **incremental_config('key')
) }}

{#- Row fact: every ticket with the SLA flags the responsiveness KPIs count. Incremental by
    natural key: a build replaces the tickets ingested since the last one. -#}
select
    ticket_id,
    region_code,
    secretariat_code,
    channel,
    kind,
    category,
    status,
    received_at,
    first_response_at,
    resolved_at,
    received_month,
    first_response_month,
    resolved_month,
    first_response_sla_hours,
    resolution_sla_hours,
    first_response_due_at,
    resolution_due_at,
    first_response_hours,
    resolution_hours,
    first_response_within_sla,
    resolved_within_sla,
    reopened_count,
    was_reopened,
    satisfaction,
    is_satisfied,
    file_sha256,
    file_row_number,
    ingested_at
from {{ ref('int_complaints_with_sla') }}
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
