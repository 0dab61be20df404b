"""`mizan build` runs the Dagster job in this process; `mizan demo` generates data first."""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import click
from rich.console import Console

from dagster_project.cli.options import engine_option, home_option, profile_option, settings_for
from dagster_project.settings import Settings

console = Console(stderr=True)


@click.command()
@home_option
@profile_option
@engine_option
def build(home: Path | None, profile: str | None, engine: str | None) -> None:
    """Ingest whatever is in the inbox, build the warehouse (dbt) and publish the snapshot."""
    settings = settings_for(home, profile, engine)
    sys.exit(run_build(settings))


@click.command()
@home_option
@profile_option
@click.option("--months", type=int, default=24, show_default=True, help="Months of history.")
@click.option(
    "--end-month",
    default=None,
    help="Last month generated, YYYY-MM (default: last complete month).",
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--scale", type=float, default=1.0, show_default=True, help="Volume multiplier.")
@engine_option
def demo(
    home: Path | None,
    profile: str | None,
    months: int,
    end_month: str | None,
    seed: int,
    scale: float,
    engine: str | None,
) -> None:
    """Generate realistic demo data into the inbox, then build and publish (returns when published)."""
    from dagster_project.demo import generate_demo_data

    settings = settings_for(home, profile, engine)
    if not engine_ready(settings):
        sys.exit(1)
    started = time.monotonic()
    with console.status(
        f"Generating demo data ({settings.profile}, {months} months, scale {scale})…"
    ):
        summary = generate_demo_data(
            settings.home,
            profile=settings.profile,
            months=months,
            end_month=end_month,
            seed=seed,
            scale=scale,
        )
    console.print(
        f"[green]✓[/] demo data written to {settings.inbox} in {time.monotonic() - started:.1f}s: {summary}"
    )
    sys.exit(run_build(settings))


def engine_ready(settings: Settings) -> bool:
    """Say what to install, before anything runs, when the chosen engine cannot run here."""
    from dagster_project import engines

    try:
        engines.check_available(settings)
    except RuntimeError as error:
        console.print(f"[red]✗ Cannot build on {settings.engine}:[/] {error}")
        return False
    return True


def run_build(settings: Settings) -> int:
    """Run the `build_all` job in-process with a progress display; return the exit code."""
    from dagster_project.runner import run_job

    if not engine_ready(settings):
        return 1
    started = time.monotonic()
    outcome = run_job(settings, "build_all", run_id=str(uuid.uuid4()), console=console)
    elapsed = time.monotonic() - started
    if outcome.success:
        console.print(
            f"[green]✓ Build finished in {elapsed:.1f}s[/]; snapshot: {settings.serving_path}"
        )
        return 0
    console.print(f"[red]✗ Build failed after {elapsed:.1f}s:[/] {outcome.message}")
    return 1
