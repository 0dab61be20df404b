{#- A table, not a view: built once per run, then read by fct_kpi_monthly and by its data tests,
    which would otherwise each recompute the lifecycles and roll-ups (bench/README.md). -#}
{{ config(materialized='table') }}

{#- Media KPIs from coverage: one row per month × region × secretariat (and their roll-ups) × KPI.
    An item belongs to the month it was published in. Items without a secretariat count for
    their region (and the organisation) but for no single secretariat. -#}
with media as (

    select
        item_id,
        region_code,
        -- no secretariat: a placeholder that only the roll-ups keep
        coalesce(secretariat_code, '-') as secretariat_code,
        published_month as month_start,
        outlet_type,
        owned_or_earned,
        sentiment,
        reach,
        impressions,
        engagements,
        ingested_at,
        coalesce(key_messages, '') <> '' as carries_key_message,
        outlet_type = 'social' and owned_or_earned = 'owned'
            and impressions is not null and engagements is not null as is_measured_owned_social
    from {{ ref('stg_media_coverage') }}

),

aggregated as (

    select
        month_start,
        region_code,
        secretariat_code,
        count(*) > 0 as has_data,
        max(ingested_at) as last_ingested_at,
        count(*) as items,
        sum(case when sentiment = 'positive' then 1 when sentiment = 'negative' then -1 else 0 end) as net_positive,
        sum(case when sentiment = 'negative' then 1 else 0 end) as negative,
        sum(case when carries_key_message then 1 else 0 end) as with_key_message,
        sum(coalesce(reach, 0)) as reach,
        sum(case when is_measured_owned_social then engagements else 0 end) as owned_social_engagements,
        sum(case when is_measured_owned_social then impressions else 0 end) as owned_social_impressions,
        sum(case when owned_or_earned = 'earned' then 1 else 0 end) as earned
    from media
    {{ group_by_kpi_levels() }}

)

{{ kpi_row('MED_ITEMS', 'items') }}
union all
{{ kpi_row('MED_NET_SENTIMENT', 'net_positive', 'items', multiplier=100) }}
union all
{{ kpi_row('MED_PULL_THROUGH', 'with_key_message', 'items') }}
union all
{{ kpi_row('MED_REACH', 'reach') }}
union all
{{ kpi_row('MED_ENGAGEMENT_RATE', 'owned_social_engagements', 'owned_social_impressions') }}
union all
{{ kpi_row('MED_EARNED_SHARE', 'earned', 'items') }}
union all
{{ kpi_row('MED_NEGATIVE_SHARE', 'negative', 'items') }}
