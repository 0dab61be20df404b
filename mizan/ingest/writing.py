"""The writes of a batch, all inside its one transaction: quarantined rows (each with its own
region) and upserted records of each source, the ingest log, the validation results, and the
undoing of an earlier load that a re-sent file replaces."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa

from mizan.ingest import normalise as N
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.ingest.headers import HeaderMap
from mizan.ingest.masking import verbatim_sql
from mizan.ingest.plan import BatchFile, IngestContext
from mizan.ingest.reasons import REASONS
from mizan.ingest.receipts import FileReceipt
from mizan.ingest.sqlfuncs import ident, lit
from mizan.ingest.staging import Stage
from mizan.ingest.store import SCHEMA
from mizan.settings import Settings

REGION_FIELD = "region_code"
FULL_REFRESH_MARKER = "full_refresh_needed"


def needs_full_refresh(settings: Settings) -> Path:
    """The marker file a replaced load leaves when it removed records: dbt's incremental row
    facts only add and update, so the next `dbt build` runs with --full-refresh (and removes it)."""
    return settings.runs_dir / FULL_REFRESH_MARKER


def register_files(con: duckdb.DuckDBPyConnection, live: list[BatchFile]) -> None:
    """The batch's files (TEMP table _mz_files) the written rows name."""
    table = pa.table(
        {
            "_file_idx": pa.array([f.idx for f in live], pa.int32()),
            "file_path": [str(f.path) for f in live],
            "file_name": [f.path.name for f in live],
            "sha256": [f.sha256 for f in live],
            "width": pa.array(
                [len(f.layout.header.columns) if f.layout else f.width for f in live], pa.int32()
            ),
        }
    )
    con.register("_mz_files_arrow", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _mz_files AS SELECT * FROM _mz_files_arrow")
    finally:
        con.unregister("_mz_files_arrow")


def register_reasons(con: duckdb.DuckDBPyConnection) -> None:
    """The reason texts (TEMP table _mz_reasons) the quarantined rows' texts are made from."""
    codes = list(REASONS)
    table = pa.table(
        {
            "code": codes,
            "en": [REASONS[c].en for c in codes],
            "ar": [REASONS[c].ar for c in codes],
        }
    )
    con.register("_mz_reasons_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _mz_reasons AS SELECT * FROM _mz_reasons_arrow")
    con.unregister("_mz_reasons_arrow")


def write_source(
    con: duckdb.DuckDBPyConnection,
    ctx: IngestContext,
    contract: Contract,
    stage: Stage,
    fail: str,
    verbatim_groups: list[tuple[list[int], HeaderMap]],
) -> None:
    """Quarantine and upsert one source (inside the caller's transaction)."""
    source = contract.source
    norm = f"_mz_{source}_norm"
    columns = ", ".join(ident(f.name) for f in contract.fields)
    key_col = N.stage_column(contract.natural_key)
    value_case = " ".join(
        f"WHEN {lit(f.name)} THEN s.{N.stage_column(f.name)}" for f in contract.fields
    )
    # each row is attributed to its own region (resolved like a loaded row's), never to
    # its file's: a file may hold several regions' rows
    has_region = any(f.name == REGION_FIELD for f in contract.fields)
    region = f"n.{REGION_FIELD}" if has_region else "NULL"
    verbatim = verbatim_sql(verbatim_groups)
    con.execute(
        f"""
INSERT INTO {SCHEMA}.quarantine
SELECT {lit(source)}, f.file_path, f.file_name, f.sha256, n._row_number, mz_clean(s.{key_col}),
    q.reason, q.column_name, v.value,
    replace(replace(r.en, '{{column}}', coalesce(h.header, q.column_name, '')),
            '{{value}}', coalesce(v.value, '')),
    replace(replace(r.ar, '{{column}}', coalesce(h.header, q.column_name, '')),
            '{{value}}', coalesce(v.value, '')),
    q.other_reasons, {verbatim}, $batch, $now, {region}
FROM {fail} q
JOIN {norm} n ON n._rid = q.rid
JOIN {stage.name} s ON s.rowid = q.rid
JOIN _mz_files f ON f._file_idx = n._file_idx
JOIN _mz_reasons r ON r.code = q.reason
LEFT JOIN _mz_{source}_headers h ON h._file_idx = n._file_idx AND h.field = q.column_name
CROSS JOIN LATERAL (
    SELECT CASE WHEN q.reason = 'malformed_row' THEN n._cells || ' cells, header ' || f.width
                WHEN q.reason = 'line_too_long' THEN format_bytes(-n._cells::BIGINT)
                ELSE CASE q.column_name {value_case} END END AS value
) v
""",
        {"batch": ctx.batch_id, "now": ctx.now},
    )
    con.execute(
        f"""
INSERT OR REPLACE INTO {SCHEMA}.{source} ({columns}, _file_sha256, _row_number, _ingested_at)
SELECT {", ".join("n." + ident(f.name) for f in contract.fields)}, f.sha256, n._row_number, $now
FROM {norm} n
SEMI JOIN _mz_{source}_class k ON k._rid = n._rid AND k._final
JOIN _mz_files f ON f._file_idx = n._file_idx
""",
        {"now": ctx.now},
    )


def supersede(
    con: duckdb.DuckDBPyConnection,
    source: str,
    child_source: str | None,
    files: list[BatchFile],
    ctx: IngestContext,
) -> int:
    """A re-sent file (same bytes, another mapping) replaces its earlier load: the earlier load's
    quarantined rows move to raw.quarantine_superseded, its log rows are marked superseded, and
    the records it loaded that the new load does not hold are removed (and dbt's row facts are
    rebuilt in full on the next build, `needs_full_refresh`). Inside the write transaction."""
    if not files:
        return 0
    contract = CONTRACTS[source]
    sources = [source] + ([child_source] if child_source else [])
    key = ident(contract.natural_key)
    removed = 0
    for f in files:
        params = {"sha": f.sha256, "sources": sources, "now": ctx.now, "batch": ctx.batch_id}
        con.execute(
            f"INSERT INTO {SCHEMA}.quarantine_superseded BY NAME "
            "SELECT *, $now AS superseded_at, $batch AS superseded_by_batch "
            f"FROM {SCHEMA}.quarantine WHERE file_sha256 = $sha AND list_contains($sources, source)",
            params,
        )
        con.execute(
            f"DELETE FROM {SCHEMA}.quarantine "
            "WHERE file_sha256 = $sha AND list_contains($sources, source)",
            {"sha": f.sha256, "sources": sources},
        )
        con.execute(
            f"UPDATE {SCHEMA}.ingest_log SET superseded_at = $now WHERE sha256 = $sha "
            "AND list_contains($sources, source) AND status = 'loaded' AND superseded_at IS NULL",
            {"sha": f.sha256, "sources": sources, "now": ctx.now},
        )
        removed += con.execute(
            f"DELETE FROM {SCHEMA}.{source} WHERE _file_sha256 = $sha AND {key} NOT IN "
            f"(SELECT _key FROM _mz_{source}_class WHERE _file_idx = $idx)",
            {"sha": f.sha256, "idx": f.idx},
        ).fetchall()[0][0]
    return removed


def write_log(con: duckdb.DuckDBPyConnection, receipts: list[FileReceipt]) -> None:
    if not receipts:
        return
    columns = {
        "file_path": [r.file for r in receipts],
        "file_name": [Path(r.file).name for r in receipts],
        "sha256": [r.sha256 for r in receipts],
        "source": [r.source for r in receipts],
        "rows_in": pa.array([r.rows_in for r in receipts], pa.int64()),
        "loaded": pa.array([r.loaded for r in receipts], pa.int64()),
        "rejected": pa.array([r.rejected for r in receipts], pa.int64()),
        "unchanged": pa.array([r.unchanged for r in receipts], pa.int64()),
        "status": [r.status for r in receipts],
        "error_code": pa.array([r.error_code for r in receipts], pa.string()),
        "error": pa.array([r.error for r in receipts], pa.string()),
        "error_ar": pa.array([r.error_ar for r in receipts], pa.string()),
        "message": pa.array([r.message for r in receipts], pa.string()),
        "archive_path": pa.array([r.archive_path for r in receipts], pa.string()),
        "batch_id": [r.batch_id or "" for r in receipts],
        "started_at": pa.array([r.started_at for r in receipts], pa.timestamp("us")),
        "finished_at": pa.array([r.finished_at for r in receipts], pa.timestamp("us")),
        "mapping_sha256": pa.array([r.mapping_sha256 for r in receipts], pa.string()),
        "date_orders": pa.array(
            [
                json.dumps(r.date_orders, ensure_ascii=False) if r.date_orders else None
                for r in receipts
            ],
            pa.string(),
        ),
        "columns_present": pa.array(
            [
                "|".join(r.columns_present) if r.columns_present is not None else None
                for r in receipts
            ],
            pa.string(),
        ),
    }
    con.register("_mz_log_arrow", pa.table(columns))
    try:
        con.execute(f"INSERT INTO {SCHEMA}.ingest_log BY NAME SELECT * FROM _mz_log_arrow")
    finally:
        con.unregister("_mz_log_arrow")


def write_validation(con: duckdb.DuckDBPyConnection, validations: list, ctx: IngestContext) -> None:
    rows = [
        (
            ctx.batch_id,
            v.source,
            ctx.now,
            o.spec.expectation,
            o.spec.column,
            o.spec.reason,
            o.success,
            o.element_count,
            o.unexpected_count,
        )
        for v in validations
        if v.rows
        for o in v.outcomes
    ]
    if rows:
        con.executemany(
            f"INSERT INTO {SCHEMA}.ingest_validation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
