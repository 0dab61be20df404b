"""`mizan report`: the monthly report pack (PDF and Excel, per region and for the organisation)
from the published snapshot, into MIZAN_HOME/reports/<YYYY-MM>/ (dashboards/report)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option, settings_for


@click.command("report")
@home_option
@profile_option
@click.option("--month", help="YYYY-MM (default: the last month of the published snapshot).")
@click.option(
    "--region", help="One region's pack (its code); default: every region and the organisation."
)
@click.option(
    "--format", "format_", type=click.Choice(["pdf", "xlsx", "both"]), default="both",
    show_default=True,
)  # fmt: skip
@click.option("--lang", type=click.Choice(["ar", "en"]), default="ar", show_default=True)
def report_command(
    home: Path | None,
    profile: str | None,
    month: str | None,
    region: str | None,
    format_: str,
    lang: str,
) -> None:
    """Write the month's report pack and print the files written."""
    settings = settings_for(home, profile)
    if not settings.serving_path.exists():
        raise click.ClickException("Nothing published yet: run `mizan build` first.")
    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise click.BadParameter("expected YYYY-MM", param_hint="--month")
    from dashboards.report.pack import write_pack
    from dashboards.report.pdf import NoBrowser

    formats = ("pdf", "xlsx") if format_ == "both" else (format_,)
    try:
        written = write_pack(
            settings,
            f"{month}-01" if month else None,
            region=region.upper() if region else None,
            formats=formats,
            language=lang,
        )
    except (LookupError, NoBrowser) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from exc
    for path in written:
        click.echo(str(path))
