"""`mizan profile check [PATH]`: is an organisation profile usable, and if not, what to fix."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option
from mizan.org import ERROR, ProfileError, check_profile
from mizan.settings import Settings


@click.group("profile")
def profile_command() -> None:
    """Organisation profiles (seeds/profiles/<name>/: profile.yml, regions.csv,
    secretariats.csv)."""


@profile_command.command("check")
@home_option
@profile_option
@click.argument("path", required=False)
def check(home: Path | None, profile: str | None, path: str | None) -> None:
    """Check the profile at PATH (a folder, or a name under seeds/profiles; default: --profile,
    $MIZAN_PROFILE or party-eg): codes unique, both names present, every spelling resolving to
    one code, populations (optional: without one, a region has no per-100,000 values). One line
    per finding, `file:line: severity: message`; exit 1 when there are errors."""
    target = path or Settings.from_env(home=home, profile=profile).profile
    try:
        result = check_profile(target)
    except ProfileError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for issue in result.issues:
        click.echo(
            f"{result.folder / issue.file}{':' + str(issue.line) if issue.line else ''}: "
            f"{issue.severity}: {issue.message}",
            err=issue.severity == ERROR,
        )
    errors, others = len(result.errors), len(result.issues) - len(result.errors)
    if errors:
        click.echo(f"{result.folder}: {errors} error(s), {others} other finding(s).", err=True)
        sys.exit(1)
    profile_ = result.profile
    assert profile_ is not None
    with_population = sum(r.population is not None for r in profile_.regions)
    click.echo(
        f"{result.folder}: OK — {len(profile_.regions)} regions ({with_population} with a "
        f"population), {len(profile_.secretariats)} secretariats, time zone {profile_.timezone}"
        + (f"; {others} finding(s) above." if others else ".")
    )
