"""`mizan serve`: the Streamlit dashboards over the published snapshot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from mizan.cli.options import home_option, profile_option, settings_for
from mizan.settings import REPO_ROOT


@click.command()
@home_option
@profile_option
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--address", default="0.0.0.0", show_default=True)
def serve(home: Path | None, profile: str | None, port: int, address: str) -> None:
    """Serve the dashboards on http://localhost:PORT (reads the serving snapshot only)."""
    settings = settings_for(home, profile)
    if not settings.serving_path.exists():
        click.echo(
            f"No snapshot to serve yet at {settings.serving_path}: run `mizan demo` or `mizan build` first.",
            err=True,
        )
        sys.exit(1)
    if not settings.users_path.exists():  # OIDC users too get their role from this file
        click.echo(
            f"No users file at {settings.users_path}: Mizan does not serve its dashboards open. "
            "Add a user with `mizan users add NAME --role national` (or run `mizan demo`, which "
            "writes the demo users).",
            err=True,
        )
        sys.exit(1)
    click.echo(
        f"Mizan dashboards on http://localhost:{port} (snapshot {settings.serving_path})", err=True
    )
    command = streamlit_command(port, address)
    # cwd = repository root so that Streamlit reads .streamlit/config.toml (theme, shipped font).
    sys.exit(subprocess.call(command, cwd=REPO_ROOT, env={**os.environ}))


def streamlit_command(port: int, address: str) -> list[str]:
    """The command that serves the dashboards: `dashboards/server.py` (the app behind Mizan's
    middleware, which refuses Streamlit's unauthenticated `/_stcore/metrics`), headless."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "dashboards" / "server.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
    ]
