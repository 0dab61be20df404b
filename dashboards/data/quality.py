"""Data quality: file receipts, rejected rows, missing sources and the last build's status.

The ingest log does not name a region: a file is attributed to the regions of the rows it
loaded (the facts keep the file each row came from). A file that loaded nothing (rejected
whole, or every row quarantined) is unattributed, and only unrestricted scopes see those.
A rejected row is attributed to its own region (quality.quarantine.region_code), not its file's.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope

from mizan.build_status import STATUS_FILE
from mizan.build_status import STATUSES as BUILD_STATUSES
from mizan.settings import SOURCES, Settings

# Which region each file belongs to: the costliest derivation of this page (a scan of every
# fact's file column), computed once per connection and shared by its queries (core.query's
# lookups). A file with rows of several regions (a national file) is attributed to the first.
FILE_REGIONS = {
    "file_regions": """
        SELECT file_sha256, min(region_code) AS region_code, count(*) AS regions
        FROM (
            SELECT DISTINCT file_sha256, region_code FROM marts.fct_meetings
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_meeting_actions
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_initiatives
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_media_coverage
            UNION SELECT DISTINCT file_sha256, region_code FROM marts.fct_complaints
        )
        GROUP BY file_sha256"""
}


def _files(scope: Scope) -> tuple[str, dict[str, object]]:
    """CTEs `file_regions` and `files` (the ingest log with region attribution, in scope)."""
    clause, params = scope.sql("fr.region_code")
    sql = f"""
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
def latest_receipts(scope: Scope) -> pd.DataFrame:
    """Per region and source: the last file received, and totals over all its files."""
    files, params = _files(scope)
    return query(
        f"""
        WITH {files},
        receipts AS (
            SELECT coalesce(f.region_code, '') AS region_code, r.region_name_ar,
                   r.region_name_en, f.source, count(*) AS files,
                   arg_max(f.file_name, (f.finished_at, f.file_name)) AS last_file,
                   max(f.finished_at) AS last_received_at,
                   arg_max(f.status, (f.finished_at, f.file_name)) AS last_status,
                   sum(f.rows_in) AS rows_in, sum(f.loaded) AS loaded,
                   sum(f.rejected) AS rejected, sum(f.unchanged) AS unchanged,
                   count(*) FILTER (WHERE f.status = 'rejected') AS files_rejected
            FROM files AS f
            LEFT JOIN marts.dim_region AS r ON r.region_code = f.region_code
            GROUP BY ALL
        )
        SELECT * FROM receipts ORDER BY region_code = '', region_name_en, source
        """,
        lookups=FILE_REGIONS,
        **params,
    )


@data_function
def rejected_files(scope: Scope) -> pd.DataFrame:
    """Files refused as a whole (newest first), with the reason in both languages. They loaded
    nothing, so they belong to no region: unrestricted scopes only."""
    return query(
        """
        SELECT finished_at AS received_at, source, file_name, error_code, error, error_ar
        FROM quality.ingest_log
        WHERE status = 'rejected' AND $unrestricted
        ORDER BY finished_at DESC, file_name
        """,
        unrestricted=scope.unrestricted,
    )


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


def _rejected_rows(scope: Scope) -> tuple[str, dict[str, object]]:
    """The CTE `rejected`: quarantined rows in scope. Each row carries its own region (resolved
    at ingest like a loaded row's, never its file's: a file may hold several regions' rows); a
    row whose region does not resolve is unattributed, seen by unrestricted scopes only."""
    clause, params = scope.sql("q.region_code")
    sql = f"""
        rejected AS (
            SELECT q.*
            FROM quality.quarantine AS q
            WHERE (q.region_code IS NULL AND $unrestricted)
               OR (q.region_code IS NOT NULL AND {clause})
        )"""
    return sql, {**params, "unrestricted": scope.unrestricted}


@data_function
def quarantine_summary(scope: Scope) -> pd.DataFrame:
    """Rejected rows per source, reason and region (the page filters this small frame), with
    an example message in both languages."""
    rejected, params = _rejected_rows(scope)
    return query(
        f"""
        WITH {rejected}
        SELECT q.source, q.reason, coalesce(q.region_code, '') AS region_code,
               any_value(r.region_name_ar) AS region_name_ar,
               any_value(r.region_name_en) AS region_name_en,
               count(*) AS rows, count(DISTINCT q.file_sha256) AS files,
               any_value(q.reason_en) AS example_en, any_value(q.reason_ar) AS example_ar
        FROM rejected AS q
        LEFT JOIN marts.dim_region AS r ON r.region_code = q.region_code
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
    rejected, params = _rejected_rows(scope)
    return query(
        f"""
        WITH {rejected}
        SELECT q.quarantined_at, q.source, q.file_name, q.row_number, q.record_key, q.reason,
               q.column_name, q.value, q.reason_en, q.reason_ar, q.row_json,
               coalesce(q.region_code, '') AS region_code, r.region_name_ar, r.region_name_en
        FROM rejected AS q
        LEFT JOIN marts.dim_region AS r ON r.region_code = q.region_code
        WHERE ($source IS NULL OR q.source = $source)
          AND ($reason IS NULL OR q.reason = $reason)
          AND ($region IS NULL OR coalesce(q.region_code, '') = $region)
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


@data_function
def input_coverage(scope: Scope, first_month: str, last_month: str) -> pd.DataFrame:
    """Which regions left which optional columns out (marts.fct_input_coverage) over the months
    first_month..last_month: per region, source and column, the records and how many of them
    came from files that carried the column and had a value in it, and the coverage status
    over the period (absent, partly_absent, empty, partly_empty, filled)."""
    clause, params = scope.sql("c.region_code")
    return query(
        f"""
        SELECT c.region_code, r.region_name_ar, r.region_name_en, c.source, c.column_name,
               max(c.kpi_codes) AS kpi_codes,
               sum(c.files) AS files, sum(c.files_without_column) AS files_without_column,
               sum(c.records) AS records, sum(c.records_carried) AS records_carried,
               sum(c.records_filled) AS records_filled,
               sum(c.records_carried) / sum(c.records) AS carried_share,
               sum(c.records_filled) / sum(c.records) AS filled_share,
               CASE
                   WHEN sum(c.records_carried) = 0 THEN 'absent'
                   WHEN sum(c.records_carried) < sum(c.records) THEN 'partly_absent'
                   WHEN sum(c.records_filled) = 0 THEN 'empty'
                   WHEN sum(c.records_filled) < sum(c.records) THEN 'partly_empty'
                   ELSE 'filled'
               END AS coverage_status
        FROM marts.fct_input_coverage AS c
        JOIN marts.dim_region AS r USING (region_code)
        WHERE c.month_start BETWEEN $first::DATE AND $last::DATE AND {clause}
        GROUP BY c.region_code, r.region_name_ar, r.region_name_en, c.source, c.column_name
        ORDER BY r.region_name_en, c.source, c.column_name
        """,
        first=first_month,
        last=last_month,
        **params,
    )
