{#- Which regions leave which optional columns out: one row per month × region × source × optional
    input column (seed kpi_inputs, listed in macros/input_columns.sql), over the region's records
    dated in the month (meetings: meeting date; action items: issued; initiatives: planned, else
    actual, start; media: published; complaints: received) in their current version. A record's
    file either carried the column (raw.ingest_log.columns_present) or did not; a carried column
    may still be empty on the record. -#}
{%- set columns = kpi_input_columns() %}
{%- set dated = {
    'meetings': ('stg_meetings', 'meeting_date'),
    'meeting_actions': ('stg_meeting_actions', 'issued_date'),
    'initiatives': ('stg_initiatives', 'coalesce(planned_start, actual_start)'),
    'media_coverage': ('stg_media_coverage', 'published_at'),
    'complaints': ('stg_complaints', 'received_at'),
} %}
with values_by_column as (

    {% for source, names in columns.items() %}
    {%- set model, date = dated[source] %}
    {% for column in names %}
    select
        '{{ source }}' as source,
        '{{ column }}' as column_name,
        {{ month_of(date) }} as month_start,
        region_code,
        file_sha256,
        {{ column }} is not null as has_value
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

files_lacking as (

    -- the files (latest load) that did not carry the column; null columns_present: all of them
    select distinct source, column_name, file_sha256
    from {{ ref('int_files_missing_kpi_inputs') }}

),

kpis as (

    select source, column_name, {{ ordered_join('kpi_code', 'kpi_code', ', ') }} as kpi_codes
    from {{ ref('kpi_inputs') }}
    group by source, column_name

),

counted as (

    select
        values_by_column.month_start,
        values_by_column.region_code,
        values_by_column.source,
        values_by_column.column_name,
        count(distinct values_by_column.file_sha256) as files,
        count(distinct files_lacking.file_sha256) as files_without_column,
        count(*) as records,
        count(case when files_lacking.file_sha256 is null then 1 end) as records_carried,
        count(case when files_lacking.file_sha256 is null and values_by_column.has_value then 1 end) as records_filled
    from values_by_column
    left join files_lacking
        on values_by_column.source = files_lacking.source
        and values_by_column.column_name = files_lacking.column_name
        and values_by_column.file_sha256 = files_lacking.file_sha256
    where values_by_column.month_start is not null
    group by
        values_by_column.month_start,
        values_by_column.region_code,
        values_by_column.source,
        values_by_column.column_name

)

select
    counted.month_start,
    counted.region_code,
    counted.source,
    counted.column_name,
    kpis.kpi_codes,
    cast(counted.files as bigint) as files,
    cast(counted.files_without_column as bigint) as files_without_column,
    cast(counted.records as bigint) as records,
    cast(counted.records_carried as bigint) as records_carried,
    cast(counted.records_filled as bigint) as records_filled,
    {{ safe_ratio('counted.records_carried', 'counted.records') }} as carried_share,
    {{ safe_ratio('counted.records_filled', 'counted.records') }} as filled_share,
    case
        when counted.records_carried = 0 then 'absent'
        when counted.records_carried < counted.records then 'partly_absent'
        when counted.records_filled = 0 then 'empty'
        when counted.records_filled < counted.records then 'partly_empty'
        else 'filled'
    end as coverage_status
from counted
inner join kpis
    on counted.source = kpis.source
    and counted.column_name = kpis.column_name
