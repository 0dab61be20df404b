{#- Pillar scores: the weighted mean (weights from the KPI catalogue) of the scores of the pillar's
    KPIs that have one — a KPI without a target, informational, or without data has no score and
    is left out, and the counts say how many were in. -#}
with kpis as (

    select * from {{ ref('fct_kpi_monthly') }}

),

weights as (

    select kpi_code, weight_in_pillar, pillar_weight from {{ ref('dim_kpi') }}

)

select
    kpis.month_start,
    kpis.region_code,
    kpis.secretariat_code,
    kpis.pillar,
    max(weights.pillar_weight) as pillar_weight,
    {{ safe_ratio(exact_sum('case when kpis.score is not null then kpis.score * weights.weight_in_pillar end'),
                  exact_sum('case when kpis.score is not null then weights.weight_in_pillar end')) }} as pillar_score,
    count(case when kpis.score is not null then 1 end) as kpis_scored,
    count(case when kpis.target is not null and kpis.direction <> 'informational' then 1 end) as kpis_with_target,
    count(case when kpis.has_data then 1 end) as kpis_with_data,
    count(*) as kpis_total,
    count(case when kpis.rag = 'green' then 1 end) as kpis_green,
    count(case when kpis.rag = 'amber' then 1 end) as kpis_amber,
    count(case when kpis.rag = 'red' then 1 end) as kpis_red,
    count(case when kpis.rag = 'grey' then 1 end) as kpis_grey
from kpis
inner join weights on kpis.kpi_code = weights.kpi_code
group by 1, 2, 3, 4
