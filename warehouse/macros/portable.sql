{#- Engine differences, each behind one adapter.dispatch macro (DuckDB is the default; a Spark
    implementation sits beside it so that the scale-out issue only has to test it). Everything
    else in the models is portable SQL. -#}

{#- Ratio of two numbers as a double, null when the denominator is zero or null. -#}
{% macro safe_ratio(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0)
{%- endmacro %}


{#- Sum of doubles that does not depend on the order the engine adds them in (parallel
    aggregation adds in any order, and double addition is not associative): each term is rounded
    to 12 decimals and added exactly as a decimal, so a full refresh and an incremental build give
    the same bits. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 12))) as double)
{%- endmacro %}


{#- Median of a numeric expression (an aggregate). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'mizan')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}


{#- One output row per item of a delimited string (a select-list expression; the other columns
    of the select are repeated for every item). -#}
{% macro explode_list(expression, delimiter) -%}
    {{ return(adapter.dispatch('explode_list', 'mizan')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__explode_list(expression, delimiter) -%}
    unnest(string_split({{ expression }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__explode_list(expression, delimiter) -%}
    explode(split({{ expression }}, '{{ delimiter }}'))
{%- endmacro %}


{#- The strategy of the incremental facts. unique_by='month': KPI facts, rebuilt a month at a time
    (DuckDB deletes the months and inserts them again; Spark overwrites the month partitions).
    unique_by='key': row facts, one row per natural key (delete+insert; Spark merges). -#}
{% macro incremental_strategy(unique_by='month') -%}
    {{ return(adapter.dispatch('incremental_strategy', 'mizan')(unique_by)) }}
{%- endmacro %}

{% macro default__incremental_strategy(unique_by) -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__incremental_strategy(unique_by) -%}
    {{ return('insert_overwrite' if unique_by == 'month' else 'merge') }}
{%- endmacro %}


{#- Calendar helpers (naive local timestamps: the month of a timestamp is its local month). -#}
{% macro month_of(expression) -%}
    cast({{ dbt.date_trunc('month', expression) }} as date)
{%- endmacro %}

{% macro hours_between(start, end) -%}
    cast({{ dbt.datediff(start, end, 'second') }} as double) / 3600
{%- endmacro %}
