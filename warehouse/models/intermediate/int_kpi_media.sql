{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Media KPIs from coverage: one row per month × region × secretariat (and their roll-ups) × KPI.
    An item belongs to the month it was published in. Items without a secretariat count for
    their region (and the organisation) but for no single secretariat. The rows behind each KPI
    are macros/kpi_rows.sql (media_kpi_rows), also published as fct_kpi_rows. -#}
with media as (

    select *, published_month as month_start from {{ ref('stg_media_coverage') }}

),

activity as (

    select
        month_start,
        region_code,
        secretariat_code,
        count(*) > 0 as has_data,
        max(ingested_at) as last_ingested_at
    from (
        -- no secretariat: a placeholder that only the roll-ups keep
        select month_start, region_code, coalesce(secretariat_code, '-') as secretariat_code, ingested_at
        from media
    ) as media_units
    {{ group_by_kpi_levels() }}

),

kpi_rows as (

    {{ media_kpi_rows('media') }}

),

coverage as (

    {{ kpi_coverage('media', ['MED_ITEMS', 'MED_NET_SENTIMENT', 'MED_PULL_THROUGH', 'MED_REACH', 'MED_ENGAGEMENT_RATE', 'MED_EARNED_SHARE', 'MED_NEGATIVE_SHARE'], active='true') }}

),

{{ kpis_from_rows([
    ('MED_ITEMS', 'count'),
    ('MED_NET_SENTIMENT', 'ratio_100'),
    ('MED_PULL_THROUGH', 'ratio'),
    ('MED_REACH', 'count'),
    ('MED_ENGAGEMENT_RATE', 'ratio'),
    ('MED_EARNED_SHARE', 'ratio'),
    ('MED_NEGATIVE_SHARE', 'ratio'),
]) }}
