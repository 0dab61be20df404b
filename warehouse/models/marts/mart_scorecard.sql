{#- The composite index per month × region × secretariat: the weighted mean of the pillar scores
    (weights from the pillar_weights seed), renormalised over the pillars that have a score, with
    the count of pillars covered so a composite over missing pillars is never silent. -#}
with pillars as (

    select * from {{ ref('mart_pillar_scores') }}

),

pillars_expected as (

    select count(*) as pillars_total from {{ ref('pillar_weights') }} where weight > 0

),

composite as (

    select
        month_start,
        region_code,
        secretariat_code,
        {{ safe_ratio(exact_sum('case when pillar_score is not null then pillar_score * pillar_weight end'),
                      exact_sum('case when pillar_score is not null then pillar_weight end')) }} as composite_score,
        count(case when pillar_score is not null and pillar_weight > 0 then 1 end) as pillars_covered,
        cast(sum(kpis_scored) as bigint) as kpis_scored,
        cast(sum(kpis_with_data) as bigint) as kpis_with_data,
        cast(sum(kpis_green) as bigint) as kpis_green,
        cast(sum(kpis_amber) as bigint) as kpis_amber,
        cast(sum(kpis_red) as bigint) as kpis_red,
        cast(sum(kpis_grey) as bigint) as kpis_grey
    from pillars
    group by 1, 2, 3

)

select
    composite.month_start,
    composite.region_code,
    composite.secretariat_code,
    composite.composite_score,
    composite.pillars_covered,
    pillars_expected.pillars_total,
    composite.pillars_covered < pillars_expected.pillars_total as is_partial,
    composite.kpis_with_data > 0 as has_data,
    composite.kpis_scored,
    composite.kpis_green,
    composite.kpis_amber,
    composite.kpis_red,
    composite.kpis_grey
from composite
cross join pillars_expected
