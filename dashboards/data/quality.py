"""Data quality: file receipts, rejected rows, missing sources and the last build's status.

The ingest log does not name a region: a file is attributed to the regions of the rows it
loaded (the facts keep the file each row came from). A file that loaded nothing (rejected
whole, or every row quarantined) is unattributed, and only unrestricted scopes see those.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope

from dagster_project.build_status import STATUS_FILE
from dagster_project.build_status import STATUSES as BUILD_STATUSES
from dagster_project.settings import SOURCES, Settings

# The costliest part of this page (a scan of every fact's file column): each query below runs
# it once. A file with rows of several regions (a national file) is attributed to the first.
FILE_REGIONS = """
    file_regions AS (
        SELECT file_sha256, min(region_code) AS region_code, count(*) AS regions
        FROM (
            SELECT DISTINCT file_sha256, region_code FROM marts.fct_meetings
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_meeting_actions
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_initiatives
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_media_coverage
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_complaints
        )
        GROUP BY file_sha256
    )"""


def _files(scope: Scope) -> tuple[str, dict[str, object]]:
    """CTEs `file_regions` and `files` (the ingest log with region attribution, in scope)."""
    clause, params = scope.sql("fr.region_code")
    sql = f"""
        {FILE_REGIONS},
        files AS (
            SELECT l.*, fr.region_code, coalesce(fr.regions, 0) AS regions
            FROM quality.ingest_log AS l
            LEFT JOIN file_regions AS fr ON fr.file_sha256 = l.sha256
            WHERE (fr.region_code IS NULL AND $unrestricted)
               OR (fr.region_code IS NOT NULL AND {clause})
        )"""
    return sql, {**params, "unrestricted": scope.unrestricted}


@data_function
def build_status(scope: Scope) -> dict[str, Any] | None:
    """The last build's outcome as written by the runner (MIZAN_HOME/runs/last_build.json), or
    None when there is no such file. A file that cannot be read comes back with status
    'unreadable' and the error as its message."""
    path = Settings.from_env().runs_dir / STATUS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        return {"status": "unreadable", "message": str(error), "path": str(path)}
    try:
        status = json.loads(text)
    except json.JSONDecodeError as error:
        return {"status": "unreadable", "message": str(error), "path": str(path)}
    if not isinstance(status, dict):
        return {"status": "unreadable", "message": "not a JSON object", "path": str(path)}
    status["path"] = str(path)
    return status


@data_function
def file_receipts(scope: Scope) -> pd.DataFrame:
    """Every file received (newest first) with its region: rows in, loaded, rejected,
    unchanged, status, and the error of a file rejected whole (in both languages)."""
    files, params = _files(scope)
    return query(
        f"""
        WITH {files}
        SELECT f.finished_at AS received_at, f.source, f.file_name, f.status, f.rows_in,
               f.loaded, f.rejected, f.unchanged, f.error_code, f.error, f.error_ar, f.message,
               coalesce(f.region_code, '') AS region_code, r.region_name_ar, r.region_name_en,
               f.regions
        FROM files AS f
        LEFT JOIN marts.dim_region AS r ON r.region_code = f.region_code
        ORDER BY f.finished_at DESC, f.file_name DESC
        """,
        **params,
    )


def latest_receipts(receipts: pd.DataFrame) -> pd.DataFrame:
    """Per region and source: the last file received and the totals over all its files
    (a summary of `file_receipts`, no query)."""
    if receipts.empty:
        return receipts.assign(files=[], last_file=[], last_received_at=[], files_rejected=[])
    ordered = receipts.sort_values(["received_at", "file_name"])
    keys = ["region_code", "region_name_ar", "region_name_en", "source"]
    grouped = ordered.groupby(keys, dropna=False, sort=False)
    summary = grouped.agg(
        files=("file_name", "size"),
        last_file=("file_name", "last"),
        last_received_at=("received_at", "last"),
        last_status=("status", "last"),
        rows_in=("rows_in", "sum"),
        loaded=("loaded", "sum"),
        rejected=("rejected", "sum"),
        unchanged=("unchanged", "sum"),
        files_rejected=("status", lambda s: int((s == "rejected").sum())),
    ).reset_index()
    summary["unattributed"] = summary["region_code"] == ""
    summary = summary.sort_values(["unattributed", "region_name_en", "source"])
    return summary.drop(columns="unattributed").reset_index(drop=True)


@data_function
def missing_sources(scope: Scope, month: str) -> pd.DataFrame:
    """Region × source for one month: whether the region has any data of the source (a file
    with an event dated in the month). False = nothing arrived for that month."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT f.region_code, r.region_name_ar, r.region_name_en, k.source,
               bool_or(f.has_data) AS has_data
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_kpi AS k USING (kpi_code)
        JOIN marts.dim_region AS r USING (region_code)
        WHERE f.month_start = $month::DATE AND f.secretariat_code = 'ALL'
          AND f.region_code <> 'ALL' AND {clause}
        GROUP BY ALL
        ORDER BY r.region_name_en, k.source
        """,
        month=month,
        **params,
    )


def _quarantine_filter() -> str:
    return """
        ($source IS NULL OR q.source = $source)
        AND ($reason IS NULL OR q.reason = $reason)
        AND ($region IS NULL OR coalesce(f.region_code, '') = $region)"""


@data_function
def quarantine_summary(scope: Scope) -> pd.DataFrame:
    """Rejected rows per source, reason and region (the page filters this small frame), with
    an example message in both languages."""
    files, params = _files(scope)
    return query(
        f"""
        WITH {files}
        SELECT q.source, q.reason, coalesce(f.region_code, '') AS region_code,
               any_value(r.region_name_ar) AS region_name_ar,
               any_value(r.region_name_en) AS region_name_en,
               count(*) AS rows, count(DISTINCT q.file_sha256) AS files,
               any_value(q.reason_en) AS example_en, any_value(q.reason_ar) AS example_ar
        FROM quality.quarantine AS q
        JOIN files AS f ON f.sha256 = q.file_sha256 AND f.source = q.source
        LEFT JOIN marts.dim_region AS r ON r.region_code = f.region_code
        GROUP BY ALL
        ORDER BY rows DESC, q.reason
        """,
        **params,
    )


def summarise_by_reason(summary: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows per reason, with the sources concerned (from `quarantine_summary`)."""
    if summary.empty:
        return pd.DataFrame(
            columns=["reason", "sources", "rows", "files", "example_en", "example_ar"]
        )
    grouped = summary.groupby("reason", sort=False)
    return (
        grouped.agg(
            sources=("source", lambda s: ",".join(sorted(set(s)))),
            rows=("rows", "sum"),
            files=("files", "sum"),
            example_en=("example_en", "first"),
            example_ar=("example_ar", "first"),
        )
        .reset_index()
        .sort_values(["rows", "reason"], ascending=[False, True])
        .reset_index(drop=True)
    )


@data_function
def quarantine_rows(
    scope: Scope,
    *,
    source: str | None = None,
    reason: str | None = None,
    region: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """Rejected rows, newest first: file, row number, key, reason (both languages), column,
    value and the row as sent (personal data already hashed at ingest)."""
    files, params = _files(scope)
    return query(
        f"""
        WITH {files}
        SELECT q.quarantined_at, q.source, q.file_name, q.row_number, q.record_key, q.reason,
               q.column_name, q.value, q.reason_en, q.reason_ar, q.row_json,
               coalesce(f.region_code, '') AS region_code, r.region_name_ar, r.region_name_en
        FROM quality.quarantine AS q
        JOIN files AS f ON f.sha256 = q.file_sha256 AND f.source = q.source
        LEFT JOIN marts.dim_region AS r ON r.region_code = f.region_code
        WHERE {_quarantine_filter()}
        ORDER BY q.quarantined_at DESC, q.file_name, q.row_number
        LIMIT $limit OFFSET $offset
        """,
        source=source,
        reason=reason,
        region=region,
        limit=int(limit),
        offset=int(offset),
        **params,
    )
