{#- Regions ranked by their composite index (all secretariats) each month; regions without a
    composite are listed unranked, and partial composites are flagged. A region is called out on
    a share KPI only where fct_kpi_monthly puts it outside the funnel plot's 95 % limits
    (funnel_flag), never for its rank alone. -#}
with scorecard as (

    select * from {{ ref('mart_scorecard') }}
    where secretariat_code = 'ALL' and region_code <> 'ALL'

),

funnel_flags as (

    select
        month_start,
        region_code,
        sum(case when funnel_flag = 'better' then 1 else 0 end) as kpis_better_than_expected,
        sum(case when funnel_flag = 'worse' then 1 else 0 end) as kpis_worse_than_expected
    from {{ ref('fct_kpi_monthly') }}
    where secretariat_code = 'ALL' and region_code <> 'ALL'
    group by month_start, region_code

),

ranked as (

    select
        *,
        -- rank() is a bigint in DuckDB and an int in Spark
        case when composite_score is not null
            then cast(rank() over (partition by month_start, composite_score is null order by composite_score desc) as bigint)
        end as rank,
        count(composite_score) over (partition by month_start) as regions_ranked
    from scorecard

)

select
    ranked.month_start,
    ranked.region_code,
    regions.region_name_ar,
    regions.region_name_en,
    ranked.composite_score,
    ranked.pillars_covered,
    ranked.pillars_total,
    ranked.is_partial,
    ranked.has_data,
    ranked.rank,
    ranked.regions_ranked,
    previous.rank as rank_prev_month,
    -- positive: moved up the table
    previous.rank - ranked.rank as rank_change,
    cast(coalesce(funnel_flags.kpis_better_than_expected, 0) as bigint) as kpis_better_than_expected,
    cast(coalesce(funnel_flags.kpis_worse_than_expected, 0) as bigint) as kpis_worse_than_expected
from ranked
inner join {{ ref('dim_region') }} as regions on ranked.region_code = regions.region_code
left join ranked as previous
    on previous.month_start = cast({{ dbt.dateadd('month', -1, 'ranked.month_start') }} as date)
    and previous.region_code = ranked.region_code
left join funnel_flags
    on funnel_flags.month_start = ranked.month_start
    and funnel_flags.region_code = ranked.region_code
