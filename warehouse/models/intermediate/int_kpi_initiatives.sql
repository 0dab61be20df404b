{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Community KPIs from initiatives and events: one row per month × region × secretariat (and
    their roll-ups) × KPI. Partner organisations are counted once per unit and month however many
    initiatives they joined, at every roll-up level. -#}
with lifecycles as (

    select * from {{ ref('int_initiatives_monthly') }}

),

partners as (

    select * from {{ ref('int_initiative_partners') }}

),

completions as (

    select
        month_start,
        region_code,
        secretariat_code,
        sum(case when has_event then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at,
        sum(case when is_completed then 1 else 0 end) as completed,
        sum(case when is_completed and has_planned_end then 1 else 0 end) as completed_with_planned_end,
        sum(case when is_completed and has_planned_end and is_on_time then 1 else 0 end) as completed_on_time,
        sum(case when is_completed then coalesce(beneficiaries, 0) else 0 end) as beneficiaries,
        sum(case when is_completed and initiative_type = 'mass_event' then coalesce(attendees, 0) else 0 end) as mass_event_attendees,
        sum(case when is_completed and budget_spent is not null and beneficiaries is not null then budget_spent else 0 end) as costed_spent,
        sum(case when is_completed and budget_spent is not null and beneficiaries is not null then beneficiaries else 0 end) as costed_beneficiaries,
        sum(case when is_completed and budget_spent is not null and budget_planned is not null then budget_spent else 0 end) as budgeted_spent,
        sum(case when is_completed and budget_spent is not null and budget_planned is not null then budget_planned else 0 end) as budgeted_planned
    from lifecycles
    {{ group_by_kpi_levels() }}

),

partner_engagements as (

    select
        lifecycles.month_start,
        lifecycles.region_code,
        lifecycles.secretariat_code,
        partners.partner_key
    from lifecycles
    inner join partners on lifecycles.initiative_id = partners.initiative_id
    where lifecycles.is_running

),

partner_counts as (

    select
        month_start,
        region_code,
        secretariat_code,
        count(distinct partner_key) as partners_engaged
    from partner_engagements
    {{ group_by_kpi_levels() }}

),

aggregated as (

    select
        completions.month_start,
        coalesce(completions.region_code, 'ALL') as region_code,
        coalesce(completions.secretariat_code, 'ALL') as secretariat_code,
        completions.has_data,
        completions.last_ingested_at,
        completions.completed,
        completions.completed_with_planned_end,
        completions.completed_on_time,
        completions.beneficiaries,
        completions.mass_event_attendees,
        completions.costed_spent,
        completions.costed_beneficiaries,
        completions.budgeted_spent,
        completions.budgeted_planned,
        coalesce(partner_counts.partners_engaged, 0) as partners_engaged
    from completions
    left join partner_counts
        on completions.month_start = partner_counts.month_start
        -- roll-up keys are null on both sides
        and coalesce(completions.region_code, 'ALL') = coalesce(partner_counts.region_code, 'ALL')
        and coalesce(completions.secretariat_code, 'ALL') = coalesce(partner_counts.secretariat_code, 'ALL')

)

{{ kpi_row('INI_COMPLETED', 'completed') }}
union all
{{ kpi_row('INI_ON_TIME', 'completed_on_time', 'completed_with_planned_end') }}
union all
{{ kpi_row('INI_BENEFICIARIES', 'beneficiaries') }}
union all
{{ kpi_row('EVT_MASS_ATTENDANCE', 'mass_event_attendees') }}
union all
{{ kpi_row('INI_PARTNERS', 'partners_engaged') }}
union all
{{ kpi_row('INI_COST_PER_BENEFICIARY', 'costed_spent', 'costed_beneficiaries') }}
union all
{{ kpi_row('INI_BUDGET_EXECUTION', 'budgeted_spent', 'budgeted_planned') }}
