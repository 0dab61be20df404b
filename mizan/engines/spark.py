"""Spark as the warehouse engine: the raw hand-off before dbt, the read-back after it.

Ingestion stays as it is (DuckDB's `raw` schema). Before dbt runs on Spark, `export_raw` writes
every raw table as parquet — one folder per source, partitioned by the month of the record
(`record_month`), the form a real deployment keeps in object storage — which the dbt project
declares as its sources on Spark (macros/handoff.sql). After the build, dbt writes the published
tables (marts, reference) as parquet and `read_back` loads them into the DuckDB warehouse's own
schemas, so that publishing the serving snapshot, the dashboards, the SQL console and the
exports do not change.

Pure helpers over a DuckDB connection and the file system: no Dagster, no pyspark.

Timestamps are naive local times of the deployment. Spark's `timestamp` is an instant shown in
the session time zone, which every Spark target sets to UTC (profiles.yml): the export writes each
naive time as that instant in UTC, and Spark shows it unchanged; the read-back gets them as naive
times again (the export macro casts them to timestamp_ntz).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mizan.settings import SOURCES, Settings

PARTITION_COLUMN = "record_month"
# The month a record belongs to: its main event date (as the KPIs count it), else the day it was
# ingested, so that no partition is null.
RECORD_MONTH = {
    "meetings": "meeting_date",
    "meeting_actions": "coalesce(issued_date, due_date)",
    "initiatives": "coalesce(actual_start, planned_start, actual_end, planned_end)",
    "media_coverage": "cast(published_at as date)",
    "complaints": "cast(received_at as date)",
}
# The organisation profile's tables, the calendar and the ingest log (which columns each file
# carried) are small and not partitioned.
RAW_TABLES = (*SOURCES, "org_regions", "org_secretariats", "calendar_months", "ingest_log")
RAW_SCHEMA = "raw"
JAVA_PACKAGES = "openjdk-17-jre-headless (or default-jre-headless)"


class SparkUnavailable(RuntimeError):
    """Spark cannot run here; the message says what to install."""


@dataclass(frozen=True)
class HandOff:
    """What crossed between the engines: table -> rows, and how long it took."""

    tables: dict[str, int]
    seconds: float


def check_spark_available(settings: Settings) -> None:
    """Fail early, saying what to install, when dbt cannot reach Spark from here: dbt-spark
    missing or, in session mode (Spark in the dbt process), pyspark or a Java 17+ runtime."""
    if not _importable("dbt.adapters.spark") or (
        settings.target == "spark" and not _importable("pyspark")
    ):
        raise SparkUnavailable(
            "the Spark engine needs the optional dependencies: `uv sync --extra spark` "
            "(`make test-spark` installs them)"
        )
    if settings.target == "spark":
        version = java_version()
        if version is None or version < 17:
            found = f"Java {version} found" if version else "no Java runtime found"
            raise SparkUnavailable(
                f"Spark needs a Java 17+ runtime ({found}): install {JAVA_PACKAGES} "
                "(`make test-spark` does it on Debian), or point JAVA_HOME at one"
            )


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def java_version() -> int | None:
    """The major version of the Java runtime Spark would start (JAVA_HOME, else PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        return None
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


# --- raw → parquet ------------------------------------------------------------------------


def export_raw(con: duckdb.DuckDBPyConnection, settings: Settings) -> HandOff:
    """Write every raw table as parquet under settings.spark_raw_dir/<table>/, replacing the
    previous export folder by folder. Sources are partitioned by record_month."""
    started = time.perf_counter()
    root = settings.spark_raw_dir
    root.mkdir(parents=True, exist_ok=True)
    time_zone = con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    con.execute("SET TimeZone = 'UTC'")
    tables: dict[str, int] = {}
    try:
        for table in RAW_TABLES:
            tables[table] = _export_table(con, table, root)
    finally:
        con.execute(f"SET TimeZone = '{_sql_text(time_zone)}'")
    return HandOff(tables, time.perf_counter() - started)


def _export_table(con: duckdb.DuckDBPyConnection, table: str, root: Path) -> int:
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall()
    if not columns:
        raise RuntimeError(f"raw.{table} does not exist: ingest first")
    select_list = ", ".join(
        f'cast("{name}" as timestamptz) as "{name}"' if data_type == "TIMESTAMP" else f'"{name}"'
        for name, data_type in columns
    )
    rows = con.execute(f'SELECT count(*) FROM {RAW_SCHEMA}."{table}"').fetchone()[0]
    staging = root / f".{table}.{uuid.uuid4().hex}"
    if table in RECORD_MONTH and rows:
        month = f"cast(date_trunc('month', coalesce({RECORD_MONTH[table]}, cast(_ingested_at as date))) as date)"
        con.execute(
            f"COPY (SELECT {select_list}, {month} AS {PARTITION_COLUMN} "
            f'FROM {RAW_SCHEMA}."{table}") '
            f"TO '{_sql_text(staging)}' (FORMAT parquet, PARTITION_BY ({PARTITION_COLUMN}))"
        )
    else:
        # unpartitioned (the profile's tables), or empty: one file that still carries the schema
        staging.mkdir()
        con.execute(
            f'COPY (SELECT {select_list} FROM {RAW_SCHEMA}."{table}") '
            f"TO '{_sql_text(staging / 'part-0.parquet')}' (FORMAT parquet)"
        )
    _replace_dir(staging, root / table)
    return rows


def _replace_dir(new: Path, target: Path) -> None:
    """Put `new` where `target` is: a reader sees the old folder or the new one."""
    old = target.with_name(f".{target.name}.old.{uuid.uuid4().hex}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# --- Spark's published tables → DuckDB ------------------------------------------------------


def read_back(con: duckdb.DuckDBPyConnection, settings: Settings) -> HandOff:
    """Load every table the Spark build handed back (settings.spark_marts_dir/<schema>/<table>/)
    into the DuckDB warehouse under the same schema and name, in one transaction."""
    started = time.perf_counter()
    root = settings.spark_marts_dir
    folders = sorted(
        path for path in root.glob("*/*") if path.is_dir() and not path.name.startswith((".", "_"))
    )
    if not folders:
        raise RuntimeError(f"the Spark build handed back no tables (nothing under {root})")
    tables: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for folder in folders:
            schema, table = folder.parent.name, folder.name
            files = sorted(str(p) for p in folder.glob("*.parquet"))
            if not files:
                raise RuntimeError(f"no parquet files in {folder}")
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            file_list = ", ".join(f"'{_sql_text(f)}'" for f in files)
            con.execute(
                f'CREATE OR REPLACE TABLE "{schema}"."{table}" AS '
                f"SELECT * FROM read_parquet([{file_list}])"
            )
            tables[f"{schema}.{table}"] = con.execute(
                f'SELECT count(*) FROM "{schema}"."{table}"'
            ).fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return HandOff(tables, time.perf_counter() - started)


def _sql_text(value: object) -> str:
    return str(value).replace("'", "''")
