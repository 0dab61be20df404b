{{ config(
    unique_key='month_start',
    on_schema_change='fail',
    **incremental_config('month')
) }}

{#- Every KPI for every month × region × secretariat of the profile and their roll-ups ('ALL'):
    value, target, RAG, score, trend and rank. Incremental by month: a build recomputes the months
    touched by rows ingested since the last build (and the months that compare with them), and
    replaces them whole; it recomputes every month when the reference data changed (the seeds and
    vars behind values and scores, or the profile's regions, populations and secretariats). -#}
-- depends_on: {{ ref('int_record_months') }}
{%- set reference_version = reference_data_version() %}

with months as (

    select * from {{ ref('int_month_spine') }}

),

kpi_values as (

    select * from {{ ref('int_kpi_values') }}

),

units as (

    select
        regions.region_code,
        regions.population,
        secretariats.secretariat_code,
        kpis.kpi_code,
        kpis.pillar,
        kpis.direction,
        kpis.is_volume,
        kpis.score_basis,
        kpis.min_sample,
        kpis.is_proportion
    from {{ ref('dim_region') }} as regions
    cross join {{ ref('dim_secretariat') }} as secretariats
    cross join {{ ref('dim_kpi') }} as kpis

),

month_offsets as (

    -- a month is compared with the month before and the same month a year before
    select 0 as months_back
    union all select 1
    union all select 12

),

{% if is_incremental() %}
touched_months as (

    -- every month, in any version, of the records ingested since the last build
    select record_months.month_start
    from {{ ref('int_record_months') }} as record_months
    inner join (
        select distinct source, record_id
        from {{ ref('int_record_months') }}
        where ingested_at > (select max(last_ingested_at) from {{ this }})
    ) as changed
        on record_months.source = changed.source
        and record_months.record_id = changed.record_id

),

reference_changes as (

    -- rows built with other seeds or vars
    select reference_version as change from {{ this }} where reference_version <> '{{ reference_version }}'
    union all
    -- a region, population, secretariat or KPI added, changed or removed
    select 'units' from (
        (
            select region_code, population, secretariat_code, kpi_code from {{ this }}
            except
            select region_code, population, secretariat_code, kpi_code from units
        )
        union all
        (
            select region_code, population, secretariat_code, kpi_code from units
            except
            select region_code, population, secretariat_code, kpi_code from {{ this }}
        )
    ) as differing_units

),
{% endif %}

months_to_build as (

    select month_start
    from months
    {% if is_incremental() %}
    -- a touched month, and the months that compare with one (the next month, the same month a
    -- year later)
    where month_start in (
            select cast({{ dbt.dateadd('month', 'month_offsets.months_back', 'touched_months.month_start') }} as date)
            from touched_months
            cross join month_offsets
        )
        -- not built yet
        or month_start not in (select month_start from {{ this }})
        -- asked for by an operator (a Dagster partition or backfill)
        or {{ is_rebuild_month('month_start') }}
        -- built with other reference data: everything
        or (select count(*) from reference_changes) > 0
    {% endif %}

),

months_needed as (

    -- the months to build and the months they are compared with
    select distinct
        cast({{ dbt.dateadd('month', '-1 * month_offsets.months_back', 'months_to_build.month_start') }} as date) as month_start
    from months_to_build
    cross join month_offsets

),

spine as (

    select
        months.month_start,
        months_to_build.month_start is not null as is_to_build,
        units.*
    from months
    left join months_to_build on months.month_start = months_to_build.month_start
    cross join units
    where months.month_start in (select month_start from months_needed)

),

measured as (

    select
        spine.*,
        coalesce(kpi_values.has_data, false) as has_data,
        case
            -- a value on fewer records than the KPI's minimum sample (a ratio with nothing to
            -- measure has no value: nothing to flag, grey like no data)
            when kpi_values.has_data and kpi_values.value is not null
                and kpi_values.sample_size < spine.min_sample then 'small_sample'
            else coalesce(kpi_values.value_status, case when kpi_values.has_data then 'reported' else 'no_data' end)
        end as value_status,
        kpi_values.sample_size,
        kpi_values.records_active,
        kpi_values.records_reporting,
        kpi_values.last_ingested_at,
        kpi_values.numerator,
        kpi_values.denominator,
        kpi_values.value,
        case
            when spine.is_volume
                then kpi_values.value * {{ var('mizan_per_population') }} / nullif(cast(spine.population as double), 0)
        end as value_per_100k
    from spine
    left join kpi_values
        on spine.month_start = kpi_values.month_start
        and spine.region_code = kpi_values.region_code
        and spine.secretariat_code = kpi_values.secretariat_code
        and spine.kpi_code = kpi_values.kpi_code

),

with_targets as (

    select
        measured.*,
        case when measured.score_basis = 'per_100k' then measured.value_per_100k else measured.value end as value_scored,
        targets.target,
        targets.amber_ratio,
        row_number() over (
            partition by measured.month_start, measured.region_code, measured.secretariat_code, measured.kpi_code
            order by targets.specificity desc, targets.valid_from desc
        ) as target_preference
    from measured
    left join {{ ref('int_kpi_targets') }} as targets
        on measured.kpi_code = targets.kpi_code
        and (targets.region_code is null or targets.region_code = measured.region_code)
        and (targets.secretariat_code is null or targets.secretariat_code = measured.secretariat_code)
        and measured.month_start between targets.valid_from and targets.valid_to

),

attained as (

    select
        *,
        {{ attainment('value_scored', 'target', 'direction') }} as attainment
    from with_targets
    where target_preference = 1

),

scored as (

    select
        *,
        {{ amber_threshold('target', 'amber_ratio', 'direction') }} as amber_threshold,
        -- a small sample is shown but not scored, coloured or ranked: no RAG at all (grey says
        -- "no data", and a small sample has data); value_status says why
        case when value_status <> 'small_sample' then {{ kpi_score('attainment') }} end as score,
        case when value_status <> 'small_sample' then rag_of_value end as rag
    from (
        select
            *,
            case
                -- scored per 100,000 where the population is not known: data, but no status
                -- (grey would say "no data")
                when score_basis = 'per_100k' and population is null then null
                else {{ rag_status('value_scored', 'target', 'attainment', 'amber_ratio', 'direction') }}
            end as rag_of_value
        from attained
    ) as coloured

),

funnel as (

    -- funnel plot (Spiegelhalter 2005) for shares of records: control limits around the
    -- organisation's rate p0 for the same month, secretariat and KPI, p0 ± z·sqrt(p0(1 − p0)/n)
    -- with n = the region's denominator, z = 1.96 (95 %) and 3.09 (99.8 %)
    select
        *,
        case when is_proportion and region_code <> 'ALL' and value is not null and denominator > 0
                and organisation_rate > 0 and organisation_rate < 1
            then sqrt(organisation_rate * (1 - organisation_rate) / denominator)
        end as funnel_se
    from (
        select
            *,
            max(case when region_code = 'ALL' then value end) over (
                partition by month_start, secretariat_code, kpi_code
            ) as organisation_rate
        from scored
    ) as with_rate

),

positioned as (

    select
        *,
        case
            when funnel_se is null then null
            when value > organisation_rate + {{ var('mizan_funnel_z_998') }} * funnel_se then 'far_above'
            when value < organisation_rate - {{ var('mizan_funnel_z_998') }} * funnel_se then 'far_below'
            when value > organisation_rate + {{ var('mizan_funnel_z_95') }} * funnel_se then 'above'
            when value < organisation_rate - {{ var('mizan_funnel_z_95') }} * funnel_se then 'below'
            else 'inside'
        end as funnel_position
    from funnel

),

compared as (

    -- the month before and the same month a year before, as windows over the spine's months (one
    -- scan, where self-joins would compute the KPIs three times over on engines that inline CTEs)
    select
        *,
        max(value) over (
            partition by region_code, secretariat_code, kpi_code
            order by month_number range between 1 preceding and 1 preceding
        ) as value_prev_month,
        max(value) over (
            partition by region_code, secretariat_code, kpi_code
            order by month_number range between 12 preceding and 12 preceding
        ) as value_prev_year
    from (
        select
            *,
            extract(year from month_start) * 12 + extract(month from month_start) as month_number,
            -- regions (not the organisation) with a value, same month, secretariat and KPI
            region_code <> 'ALL' and direction <> 'informational' and value_scored is not null
                and value_status = 'reported' as is_ranked
        from positioned
    ) as numbered

),

ranked as (

    select
        *,
        case when is_ranked then
            -- rank() is a bigint in DuckDB and an int in Spark
            cast(case
                when direction = 'lower_better'
                    then rank() over (partition by month_start, secretariat_code, kpi_code, is_ranked order by value_scored asc)
                else rank() over (partition by month_start, secretariat_code, kpi_code, is_ranked order by value_scored desc)
            end as bigint)
        end as rank_in_month,
        case when is_ranked
            then count(*) over (partition by month_start, secretariat_code, kpi_code, is_ranked)
        end as regions_ranked
    from compared

),

final as (

    select
        month_start,
        region_code,
        secretariat_code,
        kpi_code,
        pillar,
        direction,
        has_data,
        value_status,
        numerator,
        denominator,
        sample_size,
        min_sample,
        records_active,
        records_reporting,
        {{ safe_ratio('records_reporting', 'records_active') }} as input_coverage,
        value,
        value_per_100k,
        value_scored,
        target,
        amber_threshold,
        attainment,
        score,
        rag,
        value_prev_month,
        value - value_prev_month as mom_change,
        {{ safe_ratio('value - value_prev_month', 'abs(value_prev_month)') }} as mom_change_pct,
        value_prev_year,
        value - value_prev_year as yoy_change,
        {{ safe_ratio('value - value_prev_year', 'abs(value_prev_year)') }} as yoy_change_pct,
        rank_in_month,
        regions_ranked,
        case when funnel_se is not null then organisation_rate end as funnel_rate,
        case when funnel_se is not null then greatest(organisation_rate - {{ var('mizan_funnel_z_95') }} * funnel_se, 0.0) end as funnel_lower_95,
        case when funnel_se is not null then least(organisation_rate + {{ var('mizan_funnel_z_95') }} * funnel_se, 1.0) end as funnel_upper_95,
        case when funnel_se is not null then greatest(organisation_rate - {{ var('mizan_funnel_z_998') }} * funnel_se, 0.0) end as funnel_lower_998,
        case when funnel_se is not null then least(organisation_rate + {{ var('mizan_funnel_z_998') }} * funnel_se, 1.0) end as funnel_upper_998,
        funnel_position,
        -- outside the 95 % limits on the good or the bad side of the KPI's direction
        case
            when funnel_position in ('above', 'far_above') and direction = 'higher_better' then 'better'
            when funnel_position in ('below', 'far_below') and direction = 'lower_better' then 'better'
            when funnel_position in ('above', 'far_above') and direction = 'lower_better' then 'worse'
            when funnel_position in ('below', 'far_below') and direction = 'higher_better' then 'worse'
        end as funnel_flag,
        population,
        last_ingested_at,
        '{{ reference_version }}' as reference_version
    from ranked
    where is_to_build

)

select * from final
