{#- One row per initiative and partner organisation named on it (int_initiative_partners parses
    'type: name; type: name'); an organisation named twice on one initiative (other spacing or
    letter case) is one row. -#}
with partners as (

    select * from {{ ref('int_initiative_partners') }}

),

initiatives as (

    select initiative_id, region_code, secretariat_code from {{ ref('stg_initiatives') }}

)

select
    partners.initiative_id,
    initiatives.region_code,
    initiatives.secretariat_code,
    partners.partner_key,
    partners.partner_type,
    min(partners.partner_name) as partner_name
from partners
inner join initiatives on partners.initiative_id = initiatives.initiative_id
group by
    partners.initiative_id,
    initiatives.region_code,
    initiatives.secretariat_code,
    partners.partner_key,
    partners.partner_type
