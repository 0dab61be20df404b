"""`mizan`: the command line of Mizan. One module per command family; this file only gathers them."""

from __future__ import annotations

import click

from mizan.cli.archive import archive_command
from mizan.cli.bench import bench
from mizan.cli.build import build, demo
from mizan.cli.demo_data import demo_data
from mizan.cli.export import export_command
from mizan.cli.ingest import ingest_command, quarantine_command
from mizan.cli.mapping import mapping_command
from mizan.cli.profile import profile_command
from mizan.cli.report import report_command
from mizan.cli.serve import serve
from mizan.cli.sql import sql_command
from mizan.cli.users import users_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Mizan (ميزان): monthly KPIs and scorecards for PR and communication departments."""


for command in (
    demo,
    demo_data,
    build,
    serve,
    ingest_command,
    quarantine_command,
    mapping_command,
    sql_command,
    export_command,
    users_command,
    profile_command,
    report_command,
    archive_command,
    bench,
):
    main.add_command(command)
