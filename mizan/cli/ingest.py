"""`mizan ingest` and `mizan quarantine`: load files by hand and see what was refused.

Standalone click commands (the `mizan` group registers them); settings come from the environment
(`Settings.from_env()`: MIZAN_HOME, MIZAN_PROFILE, MIZAN_SECRET, MIZAN_TZ), and `--home` and
`--profile` override the first two, as on every command.

    mizan ingest SOURCE FILE... [--mapping FILE] [--home H] [--profile P]
        One JSON object per file on stdout (JSON Lines): file, sha256, source, rows_in, loaded,
        rejected, unchanged, status (loaded | already_ingested | rejected), error, message...
        Exit 0 when every file was processed (even with quarantined rows), 2 when any file was
        rejected whole, 1 when the warehouse could not be opened.

    mizan quarantine [--file F] [--source S] [--region CODE|-] [--lang ar|en] [--json] [--limit N]
                     [--home H] [--profile P]
        The rejected rows with their reasons and each row's own region, newest first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import duckdb

from mizan.cli.options import home_option, profile_option, settings_for
from mizan.settings import SOURCES, Settings
from mizan.warehouse_db import connect_warehouse

EXIT_REJECTED = 2


def _open_warehouse(settings: Settings, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = settings.warehouse_path
    try:
        con = connect_warehouse(settings, read_only=read_only)
        con.execute("SET enable_progress_bar = false")  # stdout carries JSON Lines only
        return con
    except duckdb.IOException as exc:
        raise click.ClickException(
            f"Cannot open the warehouse {path}: {str(exc).splitlines()[0]}. If a Dagster run is "
            "writing to it, try again when the run has finished."
        ) from exc


@click.command("ingest")
@home_option
@profile_option
@click.argument("source", type=click.Choice(SOURCES))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping for a custom layout (headers, constants, value maps, date formats).",
)
def ingest_command(
    home: Path | None,
    profile: str | None,
    source: str,
    files: tuple[Path, ...],
    mapping: Path | None,
) -> None:
    """Load FILE(s) of SOURCE into the warehouse; print one JSON receipt per file."""
    from mizan.ingest.api import ensure_raw_schema, ingest_files
    from mizan.ingest.mapping import MappingError
    from mizan.org import load_profile

    settings = settings_for(home, profile)
    org = load_profile(settings.profile)
    con = _open_warehouse(settings)
    try:
        ensure_raw_schema(con)
        receipts = ingest_files(
            con, source, list(files), settings=settings, profile=org, mapping=mapping
        )
    except MappingError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        con.close()
    for receipt in receipts:
        click.echo(receipt.to_json())
    if any(r.status == "rejected" for r in receipts):
        sys.exit(EXIT_REJECTED)


@click.command("quarantine")
@home_option
@profile_option
@click.option("--file", "file_", help="Only rows of this file (path, name or sha256).")
@click.option("--source", type=click.Choice(SOURCES), help="Only rows of this source.")
@click.option(
    "--region",
    help="Only rows of this region (its code; each row is attributed to its own region). "
    "'-': the rows whose region did not resolve.",
)
@click.option("--lang", type=click.Choice(["ar", "en"]), default="ar", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
@click.option(
    "--limit", type=int, default=200, show_default=True, help="At most this many rows (0: all)."
)
def quarantine_command(
    home: Path | None,
    profile: str | None,
    file_: str | None,
    source: str | None,
    region: str | None,
    lang: str,
    as_json: bool,
    limit: int,
) -> None:
    """List rejected rows, and files refused whole, with the reason a data steward can act on."""
    from mizan.ingest.api import quarantine_rows

    settings = settings_for(home, profile)
    if not settings.warehouse_path.exists():
        click.echo(
            "No warehouse yet: nothing has been ingested."
            if lang == "en"
            else "لا توجد بيانات محمّلة بعد."
        )
        return
    con = _open_warehouse(settings, read_only=True)
    try:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'"
            ).fetchall()
        }
        rows = (
            quarantine_rows(
                con,
                file=file_,
                source=source,
                lang=lang,
                region=None if region is None else ("" if region == "-" else region.upper()),
            )
            if "quarantine" in tables
            else []
        )
    finally:
        con.close()
    total = len(rows)
    if limit:
        rows = rows[:limit]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    if not rows:
        click.echo(
            "No rejected rows or files." if lang == "en" else "لا توجد صفوف أو ملفات مرفوضة."
        )
        return
    from rich.console import Console
    from rich.table import Table

    headers = (
        ("file", "row", "region", "reason", "column", "value", "why")
        if lang == "en"
        else ("الملف", "الصف", "المنطقة", "السبب", "الحقل", "القيمة", "التوضيح")
    )
    table = Table(*headers, show_lines=False)
    table.columns[3].no_wrap = True  # the reason code: what a steward filters by
    for row in rows:
        table.add_row(
            row["file_name"],
            str(row["row_number"])
            if row["row_number"] is not None
            else ("(whole file)" if lang == "en" else "(الملف كله)"),
            row["region_code"] or "—",
            row["reason"],
            row["column_name"] or "",
            (row["value"] or "")[:40],
            row["reason_text"],
        )
    console = Console()
    console.print(table)
    if total > len(rows):
        console.print(f"… {total - len(rows)} more (use --limit 0 or --json).")
