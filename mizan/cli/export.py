"""`mizan export`: the marts of a month as CSV, Parquet or Excel (see mizan.exports)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mizan.access import audit
from mizan.access.sandbox import QueryRefused
from mizan.access.users import UsersError, load_or_empty
from mizan.cli.options import home_option, profile_option, settings_for
from mizan.exports import (
    FORMATS,
    ExportRefused,
    mart_frames,
    parse_month,
    write_export,
)


@click.command("export")
@home_option
@profile_option
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--region", default=None, help="Only this region's rows (a region code).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--table", "tables", multiple=True, help="Only this mart (repeatable).")
@click.option(
    "--as-user",
    default=None,
    help="Apply this dashboard user's scope (their regions); refused outside it.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder (csv, parquet) or .xlsx file. Default: ./mizan-<month>[-<region>].",
)
def export_command(
    home: Path | None,
    profile: str | None,
    month: str,
    region: str | None,
    fmt: str,
    tables: tuple[str, ...],
    as_user: str | None,
    out: Path | None,
) -> None:
    """Export the marts of MONTH from the published snapshot.

    Text a spreadsheet would run as a formula (= + - @, tab, carriage return at the start) is
    neutralised in CSV and Excel. Every export is written to the audit log.
    """
    settings = settings_for(home, profile)
    region = region.strip().upper() if region else None
    user = audit.cli_user()
    scope = None
    try:
        if as_user:
            account = load_or_empty(settings.users_path).get(as_user)
            if account is None:
                raise ExportRefused(f"No user {as_user!r} in {settings.users_path.name}.")
            user = f"{user} as {as_user}"
            scope = None if account.all_regions else frozenset(account.regions)
        frames = mart_frames(
            settings.serving_path, parse_month(month), region=region, scope=scope, tables=tables
        )
    except (ExportRefused, QueryRefused, UsersError) as error:
        event = "scope_refused" if "outside your scope" in str(error) else "export_refused"
        audit.record(
            settings.audit_path,
            event,
            user,
            via="cli",
            month=month,
            region=region,
            reason=str(error),
        )
        click.echo(f"Refused: {error}", err=True)
        sys.exit(2)
    name = f"mizan-{month}" + (f"-{region}" if region else "")
    path = write_export(frames, fmt, out or Path(name))
    rows = {table: len(frame) for table, frame in frames.items()}
    audit.record(
        settings.audit_path,
        "export",
        user,
        via="cli",
        month=month,
        region=region,
        format=fmt,
        rows=rows,
    )
    click.echo(f"Exported {sum(rows.values()):,} rows of {len(rows)} marts to {path}", err=True)
