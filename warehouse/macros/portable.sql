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

{#- Spark's median (percentile(x, 0.5)) interpolates as lo + (hi - lo) × 0.5 where DuckDB computes
    lo × 0.5 + hi × 0.5: the last bit can differ, and a tie between two regions' medians then
    ranks differently. The two middle values are taken exactly (percentile_disc from below and
    from above) and combined as DuckDB does. -#}
{% macro spark__median(expression) -%}
    (percentile_disc(0.5) within group (order by {{ expression }}) * 0.5
        + -percentile_disc(0.5) within group (order by -({{ expression }})) * 0.5)
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


{#- How an incremental model is materialized, per engine (a dict of config, used as
    `config(**incremental_config(...))`). unique_by='month': fct_kpi_monthly, rebuilt a month at a
    time — DuckDB deletes the months and inserts them again; Spark overwrites the month partitions
    (insert_overwrite, partitioned by month_start, parquet). unique_by='key': row facts, one row
    per natural key — DuckDB delete+insert; Spark's parquet tables have no MERGE (that needs Delta
    or Iceberg), so there they are rebuilt whole as tables, which is what Spark is for. -#}
{% macro incremental_config(unique_by) -%}
    {{ return(adapter.dispatch('incremental_config', 'mizan')(unique_by)) }}
{%- endmacro %}

{% macro default__incremental_config(unique_by) -%}
    {{ return({'materialized': 'incremental', 'incremental_strategy': 'delete+insert'}) }}
{%- endmacro %}

{% macro spark__incremental_config(unique_by) -%}
    {%- if unique_by == 'month' -%}
        {{ return({'materialized': 'incremental', 'incremental_strategy': 'insert_overwrite',
                   'partition_by': ['month_start'], 'file_format': 'parquet'}) }}
    {%- else -%}
        {{ return({'materialized': 'table', 'file_format': 'parquet'}) }}
    {%- endif -%}
{%- endmacro %}


{#- Calendar helpers (naive local timestamps: the month of a timestamp is its local month). -#}
{% macro month_of(expression) -%}
    cast({{ dbt.date_trunc('month', expression) }} as date)
{%- endmacro %}

{% macro hours_between(start, end) -%}
    cast({{ dbt.datediff(start, end, 'second') }} as double) / 3600
{%- endmacro %}


{#- dbt-spark's own macros, overridden for what Mizan's project needs (dbt looks in the root
    project first). -#}

{#- Seeds: dbt-spark's session mode pastes each value between quotes without escaping it, so a
    seed text with an apostrophe ("the region's") breaks the insert. Values are written as
    escaped literals instead (Spark escapes with a backslash), for every connection method. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        cast(null as {{ type }})
                    {%- else -%}
                        cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ type }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- Contracts: Spark's parquet tables cannot declare NOT NULL (Delta tables can), and dbt-spark
    would fail on `alter column ... set not null`. The constraint is checked on the rows instead,
    when the table is created: a null in a not_null column fails the model, as on DuckDB. -#}
{% macro spark__alter_column_set_constraints(relation, column_dict) %}
    {%- set not_null = [] -%}
    {%- for column_name in column_dict -%}
        {%- for constraint in column_dict[column_name]['constraints'] if constraint.type == 'not_null' -%}
            {%- do not_null.append(adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not_null -%}
        {%- set counts -%}
            select
            {%- for column in not_null %}
                count(case when {{ column }} is null then 1 end){% if not loop.last %},{% endif %}
            {%- endfor %}
            from {{ relation }}
        {%- endset -%}
        {%- set row = run_query(counts).rows[0] -%}
        {%- set failing = [] -%}
        {%- for column in not_null -%}
            {%- if row[loop.index0] > 0 -%}
                {%- do failing.append(column ~ ' (' ~ row[loop.index0] ~ ' rows)') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if failing -%}
            {{ exceptions.raise_compiler_error('NOT NULL constraint violated in ' ~ relation ~ ': ' ~ failing | join(', ')) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- The values of a column joined into one text, in the order of `order_by` (an aggregate). -#}
{% macro ordered_join(expression, order_by, separator) -%}
    {{ return(adapter.dispatch('ordered_join', 'mizan')(expression, order_by, separator)) }}
{%- endmacro %}

{% macro default__ordered_join(expression, order_by, separator) -%}
    string_agg({{ expression }}, '{{ separator }}' order by {{ order_by }})
{%- endmacro %}

{% macro spark__ordered_join(expression, order_by, separator) -%}
    array_join(transform(
        array_sort(collect_list(named_struct('k', {{ order_by }}, 'v', {{ expression }}))),
        item -> item.v
    ), '{{ separator }}')
{%- endmacro %}
