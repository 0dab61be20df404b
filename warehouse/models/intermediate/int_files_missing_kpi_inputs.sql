{#- The files that did not carry a column a KPI reads: one row per KPI × loaded file × missing
    column (seed kpi_inputs against raw.ingest_log.columns_present). A record whose current
    version came from such a file is left out of that KPI (macros/kpi_rows.sql), and a unit whose
    records in a month all are is not reported for it. Files logged before columns were recorded
    (columns_present null) are read as carrying every column. -#}
with ingest_log as (

    select
        source,
        sha256 as file_sha256,
        columns_present,
        row_number() over (partition by source, sha256 order by finished_at desc) as recency
    from {{ source('raw', 'ingest_log') }}
    where status = 'loaded'

),

latest_loads as (

    -- a file loaded again (with a corrected mapping) is read as its latest load
    select * from ingest_log where recency = 1 and columns_present is not null

),

kpi_inputs as (

    select * from {{ ref('kpi_inputs') }}

)

select
    kpi_inputs.kpi_code,
    kpi_inputs.source,
    kpi_inputs.column_name,
    latest_loads.file_sha256
from kpi_inputs
inner join latest_loads
    on kpi_inputs.source = latest_loads.source
    and concat('|', latest_loads.columns_present, '|') not like concat('%|', kpi_inputs.column_name, '|%')
