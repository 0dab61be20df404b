{#- How data enters and leaves the warehouse, per engine (dbt hooks, dbt_project.yml). DuckDB
    needs nothing: ingestion writes the raw schema of the warehouse file, and the serving
    snapshot is copied from its marts. On Spark, the raw tables arrive as parquet (one folder per
    source, partitioned by month, written by Mizan's export step) and the published tables leave
    as parquet, to be read back into the DuckDB warehouse (mizan/engines/spark.py). -#}

{#- Where Spark's state and hand-off folders live: MIZAN_SPARK_DIR, default MIZAN_HOME/spark
    (profiles.yml says the same). -#}
{% macro spark_dir() -%}
    {{ return(env_var('MIZAN_SPARK_DIR', env_var('MIZAN_HOME', 'data') ~ '/spark')) }}
{%- endmacro %}


{#- on-run-start: make the raw sources resolvable. -#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'mizan')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ return('') }}
{%- endmacro %}

{#- Spark: every raw source is a view over its parquet folder (partitions discovered when the
    view is read), recreated each run so that a new column in the files is picked up. -#}
{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() if source.source_name == 'raw' -%}
            {%- if source.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ source.schema) -%}
                {%- do schemas.append(source.schema) -%}
            {%- endif -%}
            {%- do run_query(
                'create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                ~ ' as select * from parquet.`' ~ spark_dir() ~ '/raw/' ~ source.identifier ~ '`'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}


{#- on-run-end: hand the published tables back. -#}
{% macro export_published_tables() -%}
    {{ return(adapter.dispatch('export_published_tables', 'mizan')()) }}
{%- endmacro %}

{% macro default__export_published_tables() -%}
    {{ return('') }}
{%- endmacro %}

{#- Spark: every table of the published schemas (var mizan_published_schemas) is written to
    <spark_dir>/marts/<schema>/<table>/ as parquet: a model's columns in the order of its YAML
    contract (Spark moves partition columns last), a seed's in the order of its CSV, timestamps
    without a time zone (naive local time, as in DuckDB). Only after commands that build
    tables. -#}
{% macro spark__export_published_tables() -%}
    {%- if execute and flags.WHICH in ('build', 'run', 'seed') -%}
        {%- for node in graph.nodes.values()
                if node.resource_type in ('model', 'seed')
                and node.schema in var('mizan_published_schemas')
                and node.config.materialized in ('table', 'incremental', 'seed') -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- if relation is not none -%}
                {%- set columns = adapter.get_columns_in_relation(relation) -%}
                {%- set by_name = {} -%}
                {%- for column in columns -%}{%- do by_name.update({column.name: column}) -%}{%- endfor -%}
                {%- set ordered = [] -%}
                {%- for name in node.columns if name in by_name and node.resource_type == 'model' -%}
                    {%- do ordered.append(by_name[name]) -%}
                {%- endfor -%}
                {%- for column in columns if column not in ordered -%}{%- do ordered.append(column) -%}{%- endfor -%}
                {%- set select_list = [] -%}
                {%- for column in ordered -%}
                    {%- if column.dtype == 'timestamp' -%}
                        {%- do select_list.append('cast(' ~ column.quoted ~ ' as timestamp_ntz) as ' ~ column.quoted) -%}
                    {%- else -%}
                        {%- do select_list.append(column.quoted) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- do run_query(
                    "insert overwrite directory '" ~ spark_dir() ~ '/marts/' ~ node.schema ~ '/' ~ node.alias
                    ~ "' using parquet select " ~ select_list | join(', ') ~ ' from ' ~ relation
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
