{#- Compatibility view for the walking skeleton's Overview page: CMP_RECEIVED per region (all
    secretariats) from fct_kpi_monthly. Unlike the skeleton, a region that sent no complaints data
    that month has a null count (has_data false), not 0. Delete once the page reads
    fct_kpi_monthly. -#}
with kpis as (

    select * from {{ ref('fct_kpi_monthly') }}
    where kpi_code = 'CMP_RECEIVED'
        and secretariat_code = 'ALL'
        and region_code <> 'ALL'

)

select
    kpis.month_start,
    kpis.region_code,
    regions.region_name_ar,
    regions.region_name_en,
    cast(kpis.value as bigint) as complaints_received,
    kpis.has_data
from kpis
inner join {{ ref('dim_region') }} as regions on kpis.region_code = regions.region_code
