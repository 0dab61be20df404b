"""`mizan sql`: one read-only query on the serving snapshot, through the SQL console's sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from mizan.access import audit
from mizan.access.sandbox import MAX_ROWS, TIMEOUT_SECONDS, QueryRefused, run_untrusted
from mizan.cli.options import home_option, settings_for


@click.command("sql")
@home_option
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
def sql_command(home: Path | None, query: str, output: str, max_rows: int, timeout: float) -> None:
    """Run one reading QUERY (SELECT, WITH, DESCRIBE, …) on the published snapshot.

    The connection is read-only, cannot reach files, other databases, extensions or the
    network, and its settings are locked; rows beyond --max-rows are cut (said on stderr) and a
    query running longer than --timeout seconds is stopped. Exit status: 0 ran, 2 refused or
    stopped. Every query is written to the audit log.
    """
    settings = settings_for(home)
    user = audit.cli_user()
    try:
        result = run_untrusted(settings.serving_path, query, max_rows=max_rows, timeout=timeout)
    except QueryRefused as refused:
        audit.record(
            settings.audit_path, "sql_refused", user, via="cli", sql=query, reason=refused.reason
        )
        click.echo(f"Refused: {refused}", err=True)
        sys.exit(2)
    audit.record(
        settings.audit_path,
        "sql",
        user,
        via="cli",
        sql=query,
        rows=len(result.frame),
        truncated=result.truncated,
    )
    frame = result.frame
    if output == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif output == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        with pd.option_context(
            "display.max_rows", 200, "display.max_columns", 50, "display.width", 200
        ):
            click.echo(frame.to_string(index=False) if len(frame.columns) else "(no columns)")
    note = f"{len(frame):,} rows in {result.seconds:.2f} s"
    if result.truncated:
        note += f" — cut at the row cap ({max_rows:,}); more rows exist (narrow the query or raise --max-rows)"
    click.echo(note, err=True)
