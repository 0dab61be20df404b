"""`mizan sql`: one read-only query on the serving snapshot, through the SQL console's sandbox."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
import pandas as pd

from mizan.access import audit
from mizan.access.sandbox import (
    MAX_RESULT_BYTES,
    MAX_ROWS,
    TIMEOUT_SECONDS,
    QueryRefused,
    QueryResult,
    run_untrusted,
)
from mizan.cli.options import home_option, profile_option, settings_for

CHUNK_ROWS = 10_000  # rows written between two looks at the clock


@click.command("sql")
@home_option
@profile_option
@click.argument("query")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--max-rows", type=click.IntRange(1, 1_000_000), default=MAX_ROWS, show_default=True)
@click.option(
    "--timeout", type=click.FloatRange(0.1, 3600), default=TIMEOUT_SECONDS, show_default=True
)
def sql_command(
    home: Path | None, profile: str | None, query: str, output: str, max_rows: int, timeout: float
) -> None:
    """Run one reading QUERY (SELECT, WITH, DESCRIBE, …) on the published snapshot.

    The connection is read-only, cannot reach files, other databases, extensions or the
    network, and its settings are locked; the query runs in a process of its own with a memory
    cap. The result is cut at --max-rows rows or 32 MiB, whichever comes first (said on
    stderr), and a query whose run, fetch and output take longer than --timeout seconds is
    stopped. Exit status: 0 ran, 2 refused or stopped. Every query is written to the audit log
    before it runs, and its outcome after.
    """
    settings = settings_for(home, profile)
    user = audit.cli_user()
    query_id = audit.query_id()
    audit.record(settings.audit_path, "sql_started", user, via="cli", query=query_id, sql=query)
    started = time.monotonic()
    try:
        result = run_untrusted(settings.serving_path, query, max_rows=max_rows, timeout=timeout)
    except QueryRefused as refused:
        audit.record(
            settings.audit_path,
            "sql_refused",
            user,
            via="cli",
            query=query_id,
            sql=query,
            reason=refused.reason,
        )
        click.echo(f"Refused: {refused}", err=True)
        sys.exit(2)
    audit.record(
        settings.audit_path,
        "sql",
        user,
        via="cli",
        query=query_id,
        sql=query,
        rows=len(result.frame),
        truncated=result.truncated,
        cut=result.cut,
    )
    written = _write(result.frame, output, deadline=started + timeout)
    note = f"{len(result.frame):,} rows in {result.seconds:.2f} s"
    note += _cut_note(result, max_rows)
    if written < len(result.frame):
        note += f" — output stopped at the time limit ({timeout:g} s) after {written:,} rows"
    click.echo(note, err=True)


def _cut_note(result: QueryResult, max_rows: int) -> str:
    if result.cut == "rows":
        return (
            f" — cut at the row cap ({max_rows:,}); more rows exist "
            "(narrow the query or raise --max-rows)"
        )
    if result.cut == "bytes":
        return (
            f" — cut at the size limit ({MAX_RESULT_BYTES // 2**20} MiB of result); more rows "
            "exist (select fewer or narrower columns, or aggregate)"
        )
    return ""


def _write(frame: pd.DataFrame, output: str, *, deadline: float) -> int:
    """Write `frame` to stdout in chunks while time remains; the number of rows written."""
    if output == "table":
        with pd.option_context(
            "display.max_rows", 200, "display.max_columns", 50, "display.width", 200
        ):
            click.echo(frame.to_string(index=False) if len(frame.columns) else "(no columns)")
        return len(frame)
    written = 0
    if output == "json":
        click.echo("[", nl=False)
    for start in range(0, max(len(frame), 1), CHUNK_ROWS):
        if written and time.monotonic() > deadline:
            break
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        if output == "csv":
            click.echo(chunk.to_csv(index=False, header=start == 0), nl=False)
        elif len(chunk):
            text = chunk.to_json(orient="records", force_ascii=False, date_format="iso")
            click.echo(("," if start else "") + text[1:-1], nl=False)
        written += len(chunk)
    if output == "json":
        click.echo("]")
    return written
