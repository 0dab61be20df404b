{{ config(
    unique_key='initiative_id',
    on_schema_change='fail',
    **incremental_config('key')
) }}

{#- Row fact: every initiative, campaign or event; completed ones in the month of their actual
    end. -#}
select
    initiative_id,
    region_code,
    secretariat_code,
    title,
    initiative_type,
    status,
    planned_start,
    planned_end,
    actual_start,
    actual_end,
    case when status = 'completed' then {{ month_of('actual_end') }} end as completed_month,
    coalesce(actual_end <= planned_end, false) as is_on_time,
    beneficiaries,
    attendees,
    partners,
    cast(budget_planned as double) as budget_planned,
    cast(budget_spent as double) as budget_spent,
    file_sha256,
    file_row_number,
    ingested_at
from {{ ref('stg_initiatives') }}
{% if is_incremental() %}
where ingested_at > (select max(ingested_at) from {{ this }})
{% endif %}
