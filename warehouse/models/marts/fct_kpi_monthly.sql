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
        kpis.score_basis
    from {{ ref('dim_region') }} as regions
    cross join {{ ref('dim_secretariat') }} as secretariats
    cross join {{ ref('dim_kpi') }} as kpis

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
    where month_start in (select month_start from touched_months)
        -- compare with a touched month (its next month and the same month a year later)
        or cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) in (select month_start from touched_months)
        or cast({{ dbt.dateadd('month', -12, 'month_start') }} as date) in (select month_start from touched_months)
        -- not built yet
        or month_start not in (select month_start from {{ this }})
        -- built with other reference data: everything
        or (select count(*) from reference_changes) > 0
    {% endif %}

),

months_needed as (

    -- the months to build and the months they are compared with
    select month_start from months_to_build
    union
    select cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) from months_to_build
    union
    select cast({{ dbt.dateadd('month', -12, 'month_start') }} as date) from months_to_build

),

spine as (

    select months.month_start, units.*
    from months
    cross join units
    where months.month_start in (select month_start from months_needed)

),

measured as (

    select
        spine.*,
        coalesce(kpi_values.has_data, false) as has_data,
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
        {{ kpi_score('attainment') }} as score,
        {{ rag_status('value_scored', 'target', 'attainment', 'amber_ratio', 'direction') }} as rag
    from attained

),

ranked as (

    -- regions (not the organisation) with a value, same month, secretariat and KPI
    select
        month_start,
        region_code,
        secretariat_code,
        kpi_code,
        -- rank() is a bigint in DuckDB and an int in Spark
        cast(case
            when direction = 'lower_better'
                then rank() over (partition by month_start, secretariat_code, kpi_code order by value_scored asc)
            else rank() over (partition by month_start, secretariat_code, kpi_code order by value_scored desc)
        end as bigint) as rank_in_month,
        count(*) over (partition by month_start, secretariat_code, kpi_code) as regions_ranked
    from scored
    where region_code <> 'ALL'
        and direction <> 'informational'
        and value_scored is not null

),

final as (

    select
        scored.month_start,
        scored.region_code,
        scored.secretariat_code,
        scored.kpi_code,
        scored.pillar,
        scored.direction,
        scored.has_data,
        scored.numerator,
        scored.denominator,
        scored.value,
        scored.value_per_100k,
        scored.value_scored,
        scored.target,
        scored.amber_threshold,
        scored.attainment,
        scored.score,
        scored.rag,
        previous_month.value as value_prev_month,
        scored.value - previous_month.value as mom_change,
        {{ safe_ratio('scored.value - previous_month.value', 'abs(previous_month.value)') }} as mom_change_pct,
        previous_year.value as value_prev_year,
        scored.value - previous_year.value as yoy_change,
        {{ safe_ratio('scored.value - previous_year.value', 'abs(previous_year.value)') }} as yoy_change_pct,
        ranked.rank_in_month,
        ranked.regions_ranked,
        scored.population,
        scored.last_ingested_at,
        '{{ reference_version }}' as reference_version
    from scored
    left join scored as previous_month
        on previous_month.month_start = cast({{ dbt.dateadd('month', -1, 'scored.month_start') }} as date)
        and previous_month.region_code = scored.region_code
        and previous_month.secretariat_code = scored.secretariat_code
        and previous_month.kpi_code = scored.kpi_code
    left join scored as previous_year
        on previous_year.month_start = cast({{ dbt.dateadd('month', -12, 'scored.month_start') }} as date)
        and previous_year.region_code = scored.region_code
        and previous_year.secretariat_code = scored.secretariat_code
        and previous_year.kpi_code = scored.kpi_code
    left join ranked
        on ranked.month_start = scored.month_start
        and ranked.region_code = scored.region_code
        and ranked.secretariat_code = scored.secretariat_code
        and ranked.kpi_code = scored.kpi_code
    where scored.month_start in (select month_start from months_to_build)

)

select * from final
