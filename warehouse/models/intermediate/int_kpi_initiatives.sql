{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Community KPIs from initiatives and events: one row per month × region × secretariat (and
    their roll-ups) × KPI. Partner organisations are counted once per unit and month however many
    initiatives they joined, at every roll-up level. The rows behind each KPI are
    macros/kpi_rows.sql (initiatives_kpi_rows), also published as fct_kpi_rows. -#}
with lifecycles as (

    select * from {{ ref('int_initiatives_monthly') }}

),

partners as (

    select * from {{ ref('int_initiative_partners') }}

),

partner_engagements as (

    {{ partner_engagements('lifecycles', 'partners') }}

),

activity as (

    select
        month_start,
        region_code,
        secretariat_code,
        sum(case when has_event then 1 else 0 end) > 0 as has_data,
        max(ingested_at) as last_ingested_at
    from lifecycles
    {{ group_by_kpi_levels() }}

),

kpi_rows as (

    {{ initiatives_kpi_rows('lifecycles', 'partner_engagements') }}

),

coverage as (

    {{ kpi_coverage('lifecycles', ['INI_COMPLETED', 'INI_ON_TIME', 'INI_BENEFICIARIES', 'EVT_MASS_ATTENDANCE', 'INI_PARTNERS', 'INI_COST_PER_BENEFICIARY', 'INI_BUDGET_EXECUTION'], active='has_event') }}

),

{{ kpis_from_rows([
    ('INI_COMPLETED', 'count'),
    ('INI_ON_TIME', 'ratio'),
    ('INI_BENEFICIARIES', 'count'),
    ('EVT_MASS_ATTENDANCE', 'count'),
    ('INI_PARTNERS', 'distinct'),
    ('INI_COST_PER_BENEFICIARY', 'ratio'),
    ('INI_BUDGET_EXECUTION', 'ratio'),
]) }}
