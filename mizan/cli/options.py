"""Options shared by several commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mizan.settings import ENGINES, Settings


def home_option(f):
    return click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where Mizan keeps its data (default: $MIZAN_HOME or ./data).",
    )(f)


def profile_option(f):
    return click.option(
        "--profile",
        default=None,
        help="Organisation profile (default: $MIZAN_PROFILE or party-eg).",
    )(f)


def engine_option(f):
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=None,
        help="Engine that runs the dbt models (default: $MIZAN_ENGINE or duckdb). spark needs "
        "`uv sync --extra spark` and Java 17+; the snapshot and dashboards are the same.",
    )(f)


def settings_for(
    home: Path | None = None, profile: str | None = None, engine: str | None = None
) -> Settings:
    """Settings from the environment with command-line overrides, exported back to the
    environment so that child processes (dbt, Dagster, Streamlit) see the same deployment."""
    settings = Settings.from_env(home=home, profile=profile, engine=engine)
    os.environ.update(settings.export_env())
    return settings
