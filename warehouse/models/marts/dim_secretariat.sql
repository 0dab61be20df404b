with secretariats as (

    select * from {{ ref('stg_org_secretariats') }}

)

select
    secretariat_code,
    secretariat_name_ar,
    secretariat_name_en,
    false as is_rollup
from secretariats

union all

select
    'ALL' as secretariat_code,
    'الكل' as secretariat_name_ar,
    'All secretariats' as secretariat_name_en,
    true as is_rollup
