"""`mizan archive purge --older-than DAYS`: remove archived input files past their retention.

The archive (MIZAN_HOME/archive/<source>/) keeps every file as the regions sent it — personal
data in clear, owner-only — so that a file can be re-read or audited. Mizan never removes it by
itself: a deployment decides how long to keep it and runs this (from cron, say) to enforce it.
"""

from __future__ import annotations

from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option, settings_for


@click.group("archive")
def archive_command() -> None:
    """The archive of ingested files (kept as sent, owner-only)."""


@archive_command.command("purge")
@home_option
@profile_option
@click.option(
    "--older-than",
    "days",
    type=click.FloatRange(min=0),
    required=True,
    help="Remove files archived more than DAYS days ago.",
)
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def purge_command(home: Path | None, profile: str | None, days: float, dry_run: bool) -> None:
    """Remove archived files older than DAYS days (by the day they were archived)."""
    from mizan.ingest.housekeeping import purge_archive

    settings = settings_for(home, profile)
    result = purge_archive(settings.archive, days, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for path in result.removed:
        click.echo(f"{verb} {path}")
    click.echo(
        f"{verb} {len(result.removed)} file(s), {result.bytes_freed} bytes; "
        f"{result.kept} file(s) kept in {settings.archive}"
    )
