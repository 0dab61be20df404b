{#- KPI building blocks shared by the int_kpi_<source> models. -#}

{#- Every KPI is computed for each month × region × secretariat and recomputed from the rows for
    the roll-ups (all secretariats of a region, all regions for a secretariat, the organisation),
    never by averaging ratios. Rolled-up keys come out null and are labelled 'ALL'. -#}
{% macro group_by_kpi_levels() -%}
    group by grouping sets (
        (month_start, region_code, secretariat_code),
        (month_start, region_code),
        (month_start, secretariat_code),
        (month_start)
    )
{%- endmacro %}



{#- One long row per KPI from a CTE of monthly inputs (one row per month × region × secretariat
    as grouped by group_by_kpi_levels, with has_data and last_ingested_at). Counts and sums: value = numerator. Ratios: numerator ÷ denominator
    (× multiplier). Medians: pass value= and the number of observations as denominator.
    A unit that sent no data for the source that month gets nulls, never zeros. -#}
{% macro kpi_row(kpi_code, numerator, denominator=none, value=none, multiplier=1, inputs='aggregated') -%}
    {%- if value is none and denominator is none -%}
        {%- set value = 'cast(' ~ numerator ~ ' as double)' -%}
    {%- elif value is none -%}
        {%- set value = safe_ratio(numerator, denominator) ~ (' * ' ~ multiplier if multiplier != 1 else '') -%}
    {%- endif %}
    select
        month_start,
        coalesce(region_code, 'ALL') as region_code,
        coalesce(secretariat_code, 'ALL') as secretariat_code,
        '{{ kpi_code }}' as kpi_code,
        has_data,
        last_ingested_at,
        case when has_data then cast({{ numerator }} as double) end as numerator,
        case when has_data then cast({{ denominator if denominator is not none else 'null' }} as double) end as denominator,
        case when has_data then {{ value }} end as value
    from {{ inputs }}
{%- endmacro %}


{#- Scoring. Attainment respects direction: value ÷ target when higher is better, target ÷ value
    when lower is better (a value of 0 then meets any target: attainment = the cap). Targets must
    be positive (a data test on the seed says so); null in, null out (not least/greatest: they skip
    nulls, so least(null, cap) would be the cap). -#}
{% macro attainment(value, target, direction) -%}
    case
        when {{ direction }} = 'informational' or {{ target }} is null or {{ value }} is null then null
        when {{ direction }} = 'higher_better' and {{ target }} > 0
            -- a negative value (net sentiment) attains nothing
            then case when {{ value }} <= 0 then 0 else {{ safe_ratio(value, target) }} end
        when {{ direction }} = 'lower_better' and {{ target }} > 0
            then case when {{ value }} <= 0 then {{ var('mizan_attainment_cap') }}
                      else {{ safe_ratio(target, value) }} end
    end
{%- endmacro %}

{#- The value at which amber starts, in the KPI's own unit (lower better: the highest amber value). -#}
{% macro amber_threshold(target, amber_ratio, direction) -%}
    case
        when {{ direction }} = 'higher_better' then {{ target }} * {{ amber_ratio }}
        when {{ direction }} = 'lower_better' then {{ safe_ratio(target, amber_ratio) }}
    end
{%- endmacro %}

{#- green: target met; amber: within the band; red: outside; grey: a target applies but there is
    no value (no data, or nothing to measure); null: informational KPI or no target set. -#}
{% macro rag_status(value, target, attainment, amber_ratio, direction) -%}
    case
        when {{ direction }} = 'informational' or {{ target }} is null then null
        when {{ value }} is null then 'grey'
        when {{ attainment }} >= 1 then 'green'
        when {{ attainment }} >= {{ amber_ratio }} then 'amber'
        else 'red'
    end
{%- endmacro %}

{#- 0–100: attainment capped (default 120 %) and rescaled, so 100 = cap or better. -#}
{% macro kpi_score(attainment) -%}
    case
        when {{ attainment }} >= {{ var('mizan_attainment_cap') }} then 100.0
        when {{ attainment }} >= 0 then 100 * {{ attainment }} / {{ var('mizan_attainment_cap') }}
    end
{%- endmacro %}
