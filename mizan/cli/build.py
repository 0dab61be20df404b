"""`mizan build` runs the Dagster job in this process; `mizan demo` generates data first."""

from __future__ import annotations

import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console

from mizan.cli.demo_data import generator_options
from mizan.cli.options import engine_option, home_option, profile_option, settings_for
from mizan.settings import Settings

console = Console(stderr=True)


EXIT_CODES = {"published": 0, "failed": 1, "blocked": 3, "busy": 4}


@click.command()
@home_option
@profile_option
@click.option(
    "--month",
    default=None,
    help="Also rebuild this month (YYYY-MM) even if no new file touched it.",
)
@engine_option
def build(home: Path | None, profile: str | None, month: str | None, engine: str | None) -> None:
    """Ingest whatever is in the inbox, build the warehouse (dbt) and publish the snapshot.

    Exit status: 0 published, 1 failed, 3 blocked by a failing blocking check (the previous
    snapshot keeps serving), 4 another build is running on this home.
    """
    settings = settings_for(home, profile, engine)
    sys.exit(run_build(settings, month=month))


@click.command()
@home_option
@profile_option
@generator_options
@engine_option
def demo(
    home: Path | None,
    profile: str | None,
    months: int,
    end_month: str | None,
    seed: int,
    scale: float,
    workers: int | None,
    engine: str | None,
) -> None:
    """Generate realistic demo data into the inbox, then build and publish (returns when published)."""
    from mizan.demo import generate_demo_data

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
            workers=workers,
        )
    console.print(
        f"[green]✓[/] demo data written to {settings.inbox} in {time.monotonic() - started:.1f}s: {summary}"
    )
    _demo_users(settings)
    sys.exit(run_build(settings))


def _demo_users(settings: Settings) -> None:
    """The demo's users (demo-only passwords, listed in README), unless the home has users."""
    from mizan.access.demo_users import DEMO_USERS, ensure_demo_users
    from mizan.org import load_profile

    if ensure_demo_users(settings.users_path, load_profile(settings.profile)):
        names = ", ".join(f"{name} ({role})" for name, (role, _, _) in DEMO_USERS.items())
        console.print(
            f"[green]✓[/] demo users written to {settings.users_path}: {names} — "
            "demo-only passwords, see README"
        )
    else:
        console.print(f"[yellow]•[/] {settings.users_path} has users already: left as it is")


def engine_ready(settings: Settings) -> bool:
    """Say what to install, before anything runs, when the chosen engine cannot run here."""
    from mizan import engines

    try:
        engines.check_available(settings)
    except RuntimeError as error:
        console.print(f"[red]✗ Cannot build on {settings.engine}:[/] {error}")
        return False
    return True


def run_build(settings: Settings, month: str | None = None) -> int:
    """Run the `build_all` job in-process with a progress display; return the exit code.
    One build at a time per home (mizan.buildlock): a second one returns 4 at once."""
    from mizan.buildlock import BuildRunning, build_lock

    try:
        with build_lock(settings.home):
            return _run_build(settings, month)
    except BuildRunning as running:
        console.print(f"[yellow]■ Not building:[/] {running}")
        return EXIT_CODES["busy"]


def _run_build(settings: Settings, month: str | None) -> int:
    from dagster_project.runner import run_job

    partition_key = _month_partition(month) if month else None
    if not engine_ready(settings):
        return 1
    started = time.monotonic()
    outcome = run_job(
        settings,
        "build_all",
        run_id=str(uuid.uuid4()),
        console=console,
        partition_key=partition_key,
    )
    elapsed = time.monotonic() - started
    if outcome.status == "published":
        console.print(
            f"[green]✓ Build finished in {elapsed:.1f}s[/]; snapshot: {settings.serving_path}"
        )
    elif outcome.status == "blocked":
        console.print(f"[yellow]■ Build blocked after {elapsed:.1f}s:[/] {outcome.message}")
    else:
        console.print(f"[red]✗ Build failed after {elapsed:.1f}s:[/] {outcome.message}")
    return EXIT_CODES[outcome.status]


def _month_partition(month: str) -> str:
    try:
        return datetime.strptime(month, "%Y-%m").date().isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{month!r} is not a month; write it as YYYY-MM.", param_hint="--month"
        ) from None
