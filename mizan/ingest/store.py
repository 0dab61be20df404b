"""The raw schema: one table per source, the ingest log, the quarantine, validation results and
the organisation reference. DDL only, plus `load_org_reference`; `writing` writes the rows.

Times in these tables are naive local times of the deployment's time zone, like the data.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from mizan.ingest.contracts import CONTRACTS, raw_table_ddl
from mizan.org import OrgProfile

SCHEMA = "raw"

INGEST_LOG_DDL = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}.ingest_log (
    file_path     VARCHAR NOT NULL,  -- the path the file was ingested from
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,  -- of the file's bytes
    source        VARCHAR NOT NULL,
    rows_in       BIGINT NOT NULL,   -- data rows read (= loaded + rejected + unchanged)
    loaded        BIGINT NOT NULL,   -- rows inserted or updated
    rejected      BIGINT NOT NULL,   -- rows sent to raw.quarantine
    unchanged     BIGINT NOT NULL,   -- rows identical to what the table held, and in-file repeats
    status        VARCHAR NOT NULL,  -- loaded | already_ingested | rejected
    error_code    VARCHAR,           -- reasons.FILE_REASONS code when status = rejected
    error         VARCHAR,           -- why the file was rejected, in English
    error_ar      VARCHAR,           -- the same in Arabic
    message       VARCHAR,           -- one plain sentence about the outcome, in English
    archive_path  VARCHAR,           -- where the file was kept after processing
    batch_id      VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    columns_present VARCHAR          -- contract fields the file carried, sorted, '|'-joined
)"""

QUARANTINE_DDL = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}.quarantine (
    source         VARCHAR NOT NULL,
    file_path      VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    file_sha256    VARCHAR NOT NULL,
    row_number     BIGINT NOT NULL,  -- 1-based data row of the file (header excluded)
    record_key     VARCHAR,          -- the natural key as sent, if any
    reason         VARCHAR NOT NULL, -- reasons.ROW_REASONS code: the first failure
    column_name    VARCHAR,          -- contract field the reason is about
    value          VARCHAR,          -- the offending value as sent (hashed if personal data)
    reason_en      VARCHAR NOT NULL,
    reason_ar      VARCHAR NOT NULL,
    other_reasons  VARCHAR,          -- JSON list of further failures [{{reason, column}}]
    row_json       VARCHAR NOT NULL, -- the row's contract columns as sent (personal data
                                     -- hashed); unknown columns by name only: _unknown_columns
    batch_id       VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL,
    region_code    VARCHAR,          -- the row's own region, resolved like a loaded row's;
                                     -- NULL: unresolvable (only unrestricted scopes see it)
    PRIMARY KEY (source, file_sha256, row_number)
)"""

# Columns added to raw tables after their first release: a warehouse created before gets them.
# Columns added since a warehouse was first made (a null in an old row: not recorded; for
# ingest_log.columns_present that reads as "all columns")
ADDED_COLUMNS = (
    ("quarantine", "region_code", "VARCHAR"),
    ("ingest_log", "columns_present", "VARCHAR"),
)

# Columns of the ingest log for files with a layout of their own and their date order.
INGEST_LOG_COLUMNS = {
    # sha256 of the mapping the file was read with (mapping.digest), NULL without a mapping: a
    # file is already ingested when its bytes AND its mapping were loaded before
    "mapping_sha256": "VARCHAR",
    # when a later load of the same bytes with another mapping replaced this one
    "superseded_at": "TIMESTAMP",
    # JSON {column: order} of the day/month order chosen per date column
    "date_orders": "VARCHAR",
}

# Quarantined rows of a load that a re-send (same bytes, corrected mapping) replaced: kept for the
# record, no longer current (mizan quarantine and the data-quality page list raw.quarantine).
QUARANTINE_SUPERSEDED_DDL = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}.quarantine_superseded AS
SELECT *, CAST(NULL AS TIMESTAMP) AS superseded_at, CAST(NULL AS VARCHAR) AS superseded_by_batch
FROM {SCHEMA}.quarantine WHERE false"""

VALIDATION_DDL = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}.ingest_validation (
    batch_id         VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    validated_at     TIMESTAMP NOT NULL,
    expectation      VARCHAR NOT NULL,  -- Great Expectations class name
    column_name      VARCHAR,
    reason           VARCHAR,           -- the quarantine reason a failing row gets
    success          BOOLEAN NOT NULL,
    element_count    BIGINT NOT NULL,
    unexpected_count BIGINT NOT NULL
)"""

ORG_REGIONS_DDL = f"""
CREATE OR REPLACE TABLE {SCHEMA}.org_regions (
    code VARCHAR PRIMARY KEY, iso_3166_2 VARCHAR, name_ar VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL, population BIGINT, population_year INTEGER, parent VARCHAR
)"""

ORG_SECRETARIATS_DDL = f"""
CREATE OR REPLACE TABLE {SCHEMA}.org_secretariats (
    code VARCHAR PRIMARY KEY, name_ar VARCHAR NOT NULL, name_en VARCHAR NOT NULL
)"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema raw, the five source tables, ingest_log, quarantine, ingest_validation and
    (empty) org_regions/org_secretariats; idempotent, never drops data."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    for contract in CONTRACTS.values():
        con.execute(raw_table_ddl(contract, SCHEMA))
    # a field added to a contract since the warehouse was made (media title, Open311's expected
    # time): the column is added, null in the rows loaded before
    have = set(
        con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE schema_name = ? AND database_name = current_database()",
            [SCHEMA],
        ).fetchall()
    )
    for contract in CONTRACTS.values():
        for f in contract.fields:
            if (contract.source, f.name) not in have:
                con.execute(
                    f"ALTER TABLE {SCHEMA}.{contract.source} ADD COLUMN {f.name} {f.sql_type}"
                )
    for ddl in (INGEST_LOG_DDL, QUARANTINE_DDL, VALIDATION_DDL):
        con.execute(ddl)
    for table, column, sql_type in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {SCHEMA}.{table} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    for column, sql_type in INGEST_LOG_COLUMNS.items():
        con.execute(f"ALTER TABLE {SCHEMA}.ingest_log ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    con.execute(QUARANTINE_SUPERSEDED_DDL)
    # The org reference exists (empty) from the start, so that dbt sources always resolve;
    # load_org_reference fills it.
    for ddl in (ORG_REGIONS_DDL, ORG_SECRETARIATS_DDL):
        con.execute(ddl.replace("CREATE OR REPLACE TABLE", "CREATE TABLE IF NOT EXISTS"))
    from mizan.calendar import DDL as CALENDAR_DDL

    con.execute(CALENDAR_DDL)  # filled by each build (mizan.calendar.load_calendar)


def load_org_reference(con: duckdb.DuckDBPyConnection, profile: OrgProfile) -> None:
    """(Re)create raw.org_regions and raw.org_secretariats from the profile, in one transaction."""
    regions = pa.table(
        {
            "code": [r.code for r in profile.regions],
            "iso_3166_2": [r.iso_3166_2 or None for r in profile.regions],
            "name_ar": [r.name_ar for r in profile.regions],
            "name_en": [r.name_en for r in profile.regions],
            "population": pa.array([r.population for r in profile.regions], pa.int64()),
            "population_year": pa.array(
                [r.population_year or None for r in profile.regions], pa.int32()
            ),
            "parent": [r.parent or None for r in profile.regions],
        }
    )
    secretariats = pa.table(
        {
            "code": [s.code for s in profile.secretariats],
            "name_ar": [s.name_ar for s in profile.secretariats],
            "name_en": [s.name_en for s in profile.secretariats],
        }
    )
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.register("_mz_org_regions", regions)
    con.register("_mz_org_secretariats", secretariats)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(ORG_REGIONS_DDL)
        con.execute(f"INSERT INTO {SCHEMA}.org_regions SELECT * FROM _mz_org_regions")
        con.execute(ORG_SECRETARIATS_DDL)
        con.execute(f"INSERT INTO {SCHEMA}.org_secretariats SELECT * FROM _mz_org_secretariats")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_mz_org_regions")
        con.unregister("_mz_org_secretariats")
