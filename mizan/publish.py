"""Publishing the serving snapshot: a read-only copy of what readers may see, swapped atomically.

Readers (dashboards, SQL console, exports) never open the writer's warehouse file. The snapshot
carries its own data dictionary (`meta.dictionary_tables`, `meta.dictionary_columns`, see
`mizan.dictionary`). The snapshot
is built as a new file beside the old one and `os.replace`d over it: a reader that already opened
the old file keeps its inode; a SIGKILL at any moment leaves the old snapshot or the new one,
never a torn file, and leftover temporary files are swept by the next publish.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from mizan.dictionary import load_manifest, write_dictionary
from mizan.settings import Settings

# What a snapshot holds: every table of these warehouse schemas, under the same names.
PUBLISHED_SCHEMAS = ("marts", "reference")
# Data-quality tables readers need (the data stewards' receipts), published under `quality`.
PUBLISHED_QUALITY_TABLES = {"ingest_log": "raw.ingest_log", "quarantine": "raw.quarantine"}
TMP_PREFIX = ".mizan-snapshot-"


@dataclass(frozen=True)
class PublishResult:
    path: Path
    tables: dict[str, int]  # qualified table name -> row count
    published_at: str
    bytes: int


def publish_snapshot(
    con: duckdb.DuckDBPyConnection, settings: Settings, *, run_id: str = ""
) -> PublishResult:
    """Copy the published schemas from the warehouse connection `con` into a fresh snapshot."""
    settings.serving_dir.mkdir(parents=True, exist_ok=True)
    sweep_temporary_files(settings.serving_dir)
    tmp = (
        settings.serving_dir
        / f"{TMP_PREFIX}{os.getpid()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}.duckdb"
    )
    published_at = datetime.now(UTC).isoformat(timespec="seconds")
    tables: dict[str, int] = {}
    con.execute(f"ATTACH '{tmp}' AS snapshot")
    try:
        for schema, table, source in _tables_to_publish(con):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS snapshot.{schema}")
            con.execute(f"CREATE TABLE snapshot.{schema}.{table} AS SELECT * FROM {source}")
            tables[f"{schema}.{table}"] = con.execute(
                f"SELECT count(*) FROM snapshot.{schema}.{table}"
            ).fetchone()[0]
        con.execute("CREATE SCHEMA snapshot.meta")
        con.execute(
            "CREATE TABLE snapshot.meta.snapshot_info AS SELECT ? AS published_at, ? AS run_id, "
            "? AS profile, ? AS tables_json",
            [published_at, run_id, settings.profile, json.dumps(tables, sort_keys=True)],
        )
        # the data dictionary of exactly these tables, from dbt's manifest (meta.dictionary_*)
        write_dictionary(con, "snapshot", load_manifest())
    except BaseException:
        con.execute("DETACH snapshot")
        tmp.unlink(missing_ok=True)
        raise
    con.execute("DETACH snapshot")  # checkpoints: the file is complete, with no WAL beside it
    _fsync(tmp)
    os.replace(tmp, settings.serving_path)
    _fsync_dir(settings.serving_dir)
    return PublishResult(
        settings.serving_path, tables, published_at, settings.serving_path.stat().st_size
    )


def _tables_to_publish(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    rows = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_schema IN "
        f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) ORDER BY 1, 2",
        list(PUBLISHED_SCHEMAS),
    ).fetchall()
    found = [(schema, table, f'"{schema}"."{table}"') for schema, table in rows]
    existing = {
        f"{s}.{t}"
        for s, t in con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database()"
        ).fetchall()
    }
    found += [
        ("quality", name, source)
        for name, source in PUBLISHED_QUALITY_TABLES.items()
        if source in existing
    ]
    return found


def sweep_temporary_files(serving_dir: Path) -> list[Path]:
    """Remove snapshots left half-written by a killed publish (never the live snapshot)."""
    removed = []
    for path in serving_dir.glob(f"{TMP_PREFIX}*"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
