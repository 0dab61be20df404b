{#- The target seed made ready to match: empty region or secretariat means "any", and a more
    specific row outranks a more general one (region and secretariat > region > secretariat >
    generic), then the latest valid_from. -#}
select
    kpi_code,
    region_code,
    secretariat_code,
    valid_from,
    coalesce(valid_to, cast('9999-12-31' as date)) as valid_to,
    target,
    coalesce(amber_ratio, {{ var('mizan_default_amber_ratio') }}) as amber_ratio,
    (case when region_code is not null then 2 else 0 end)
        + (case when secretariat_code is not null then 1 else 0 end) as specificity
from {{ ref('kpi_targets') }}
