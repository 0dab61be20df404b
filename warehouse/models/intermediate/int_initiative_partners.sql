{#- One row per partner organisation named on an initiative. Ingestion stores partners as
    'type: name; type: name' with normalised type codes; the key that counts an organisation once
    is its type and its name, trimmed and lower-cased. -#}
with initiatives as (

    select initiative_id, partners
    from {{ ref('stg_initiatives') }}
    where partners is not null

),

items as (

    select
        initiative_id,
        {{ explode_list('partners', ';') }} as partner_item
    from initiatives

),

parsed as (

    select
        initiative_id,
        lower(trim({{ dbt.split_part('partner_item', "':'", 1) }})) as partner_type,
        trim(substr(partner_item, {{ dbt.position("':'", 'partner_item') }} + 1)) as partner_name
    from items
    where {{ dbt.position("':'", 'partner_item') }} > 0

)

select distinct
    initiative_id,
    partner_type,
    partner_name,
    partner_type || ':' || lower(partner_name) as partner_key
from parsed
where partner_name <> ''
