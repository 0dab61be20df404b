with catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

pillars as (

    select * from {{ ref('pillar_weights') }}

)

select
    catalogue.kpi_code,
    catalogue.name_ar,
    catalogue.name_en,
    catalogue.definition_ar,
    catalogue.definition_en,
    catalogue.pillar,
    pillars.name_ar as pillar_name_ar,
    pillars.name_en as pillar_name_en,
    catalogue.source,
    catalogue.unit,
    catalogue.direction,
    catalogue.aggregation,
    catalogue.amec_stage,
    catalogue.is_volume,
    catalogue.score_basis,
    catalogue.min_sample,
    catalogue.is_proportion,
    catalogue.weight as weight_in_pillar,
    pillars.weight as pillar_weight,
    catalogue.sort_order
from catalogue
inner join pillars on catalogue.pillar = pillars.pillar
