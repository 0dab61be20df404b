"""Reading the ingest tables back: the latest validation of a source (for the asset checks) and
the quarantine (for the CLI and the data stewards' pages)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from mizan.ingest.store import SCHEMA, ensure_raw_schema


def validation_summary(con: duckdb.DuckDBPyConnection, source: str) -> dict:
    """The latest Great Expectations batch of a source, for a Dagster asset check: success, rows,
    each expectation's outcome, the quarantine of that batch by reason and its file statuses."""
    ensure_raw_schema(con)
    latest = con.execute(
        f"SELECT batch_id, max(validated_at) FROM {SCHEMA}.ingest_validation WHERE source = ? "
        "GROUP BY batch_id ORDER BY 2 DESC, 1 LIMIT 1",
        [source],
    ).fetchall()
    summary: dict = {
        "source": source,
        "batch_id": None,
        "validated_at": None,
        "rows": 0,
        "success": True,
        "expectations": [],
        "quarantined_by_reason": {},
        "files": {},
    }
    if not latest:
        return summary
    batch_id, validated_at = latest[0]
    expectations = con.execute(
        f"SELECT expectation, column_name, reason, success, element_count, unexpected_count "
        f"FROM {SCHEMA}.ingest_validation WHERE batch_id = ? AND source = ? ORDER BY rowid",
        [batch_id, source],
    ).fetchall()
    summary.update(
        batch_id=batch_id,
        validated_at=validated_at,
        rows=max((e[4] for e in expectations), default=0),
        success=all(e[3] for e in expectations),
        expectations=[
            dict(
                zip(
                    (
                        "expectation",
                        "column",
                        "reason",
                        "success",
                        "element_count",
                        "unexpected_count",
                    ),
                    e,
                    strict=True,
                )
            )
            for e in expectations
        ],
    )
    summary["quarantined_by_reason"] = dict(
        con.execute(
            f"SELECT reason, count(*) FROM {SCHEMA}.quarantine "
            "WHERE batch_id = ? AND source = ? GROUP BY ALL ORDER BY 1",
            [batch_id, source],
        ).fetchall()
    )
    summary["files"] = dict(
        con.execute(
            f"SELECT status, count(*) FROM {SCHEMA}.ingest_log "
            "WHERE batch_id = ? AND source = ? GROUP BY ALL ORDER BY 1",
            [batch_id, source],
        ).fetchall()
    )
    return summary


def quarantine_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str | None = None,
    source: str | None = None,
    lang: str = "en",
    region: str | None = None,
    files: bool = True,
) -> list[dict]:
    """Quarantined rows, newest first, optionally for one file (path, name or sha256), source or
    region. Each row carries its own region (`region_code`, None when it did not resolve);
    `region=""` asks for the unattributed rows.

    With `files`, files refused whole are listed too (row_number NULL, region_code NULL, the
    file's reason), unless the same bytes were loaded since. Rows of a load that a re-sent file
    replaced (raw.quarantine_superseded) are not current and not listed."""
    where, params = [], []
    if region is not None:
        where.append("coalesce(region_code, '') = ?")
        params.append(region)
    if file:
        where.append("(file_path = ? OR file_name = ? OR file_sha256 = ? OR file_path LIKE ?)")
        params += [file, Path(file).name, file, f"%/{Path(file).name}"]
    if source:
        where.append("source = ?")
        params.append(source)
    text = "reason_ar" if lang == "ar" else "reason_en"
    refused = ""
    if files:
        error = "error_ar" if lang == "ar" else "error"
        refused = f"""
UNION ALL
SELECT source, file_name, file_path, file_sha256, row_number, record_key, reason, column_name,
    value, reason_text, row_json, quarantined_at, region_code
FROM (
    SELECT l.source, l.file_name, l.file_path, l.sha256 AS file_sha256,
        CAST(NULL AS BIGINT) AS row_number, CAST(NULL AS VARCHAR) AS record_key,
        coalesce(l.error_code, 'unreadable') AS reason, CAST(NULL AS VARCHAR) AS column_name,
        CAST(NULL AS VARCHAR) AS value, coalesce(l.{error}, l.error) AS reason_text,
        CAST(NULL AS VARCHAR) AS row_json, l.finished_at AS quarantined_at,
        CAST(NULL AS VARCHAR) AS region_code
    FROM {SCHEMA}.ingest_log l
    WHERE l.status = 'rejected' AND NOT EXISTS (
        SELECT 1 FROM {SCHEMA}.ingest_log k
        WHERE k.source = l.source AND k.sha256 = l.sha256 AND k.status = 'loaded'
            AND k.finished_at > l.finished_at
    )
    QUALIFY row_number() OVER (PARTITION BY l.source, l.sha256, l.file_path
                               ORDER BY l.finished_at DESC) = 1
)"""
    rows = con.execute(
        "SELECT * FROM (SELECT source, file_name, file_path, file_sha256, row_number, "
        "record_key, reason, column_name, value, "
        f"{text} AS reason_text, row_json, quarantined_at, region_code FROM {SCHEMA}.quarantine"
        + refused
        + ") "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY quarantined_at DESC, source, file_name, row_number NULLS FIRST",
        params,
    )
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]
