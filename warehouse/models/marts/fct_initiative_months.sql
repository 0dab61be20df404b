{#- One row per initiative and month of its lifecycle (int_initiatives_monthly): whether it was
    completed that month and whether it was running (engaging its partners) during it — the rule
    INI_* KPIs use, published so that no reader re-derives it. -#}
select
    month_start,
    initiative_id,
    region_code,
    secretariat_code,
    initiative_type,
    has_event,
    is_completed,
    is_running
from {{ ref('int_initiatives_monthly') }}
