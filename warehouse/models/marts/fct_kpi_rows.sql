{#- The rows behind every KPI value: one row per month × KPI × record the KPI looks at (INI_PARTNERS:
    per unit and partner organisation), with what the record adds to the numerator and the
    denominator. The same macros (macros/kpi_rows.sql) compute the values in int_kpi_<source>, so
    for every region, secretariat and month these rows add up to fct_kpi_monthly. Rebuilt whole
    on each run (a table), like the lifecycles it reads. -#}
with meetings as (

    select *, meeting_month as month_start from {{ ref('stg_meetings') }}

),

meeting_actions as (

    select * from {{ ref('int_meeting_actions_monthly') }}

),

initiatives as (

    select * from {{ ref('int_initiatives_monthly') }}

),

partners as (

    select * from {{ ref('int_initiative_partners') }}

),

partner_engagements as (

    {{ partner_engagements('initiatives', 'partners') }}

),

media as (

    select *, published_month as month_start from {{ ref('stg_media_coverage') }}

),

complaints as (

    select * from {{ ref('int_complaints_monthly') }}

),

kpi_rows as (

    {{ meetings_kpi_rows('meetings') }}
    union all
    {{ meeting_actions_kpi_rows('meeting_actions') }}
    union all
    {{ initiatives_kpi_rows('initiatives', 'partner_engagements') }}
    union all
    {{ media_kpi_rows('media') }}
    union all
    {{ complaints_kpi_rows('complaints') }}

)

select
    month_start,
    region_code,
    secretariat_code,
    kpi_code,
    source,
    record_id,
    in_numerator,
    in_denominator,
    numerator_value,
    denominator_value,
    observed_value
from kpi_rows
