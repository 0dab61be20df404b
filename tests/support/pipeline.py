"""Running Mizan as a user does — the `mizan` command in a child process — for end-to-end tests.

Child processes keep each test's MIZAN_HOME, Dagster instance and DuckDB files apart from the
test runner's own process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MIZAN = str(Path(sys.executable).with_name("mizan"))


def mizan_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIZAN_", "DAGSTER_HOME"))}
    # no report pack after each build (a Chromium run): tests that want one ask for it
    env.update({"MIZAN_HOME": str(home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
                "MIZAN_REPORT_PACK": "off", **extra})  # fmt: skip
    return env


def mizan(
    home: Path, *args: str, timeout: float = 600, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MIZAN, *args],
        env=mizan_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_mizan(home: Path, *args: str, **extra: str) -> subprocess.Popen:
    """Start `mizan` in its own process group, so that a kill reaches dbt's child process too."""
    return subprocess.Popen(
        [MIZAN, *args],
        env=mizan_env(home, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def copy_home(source: Path, target: Path) -> Path:
    """A copy of a built home to mutate (the Dagster instance is left behind: it holds paths)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("dagster", "*.wal"))
    return target
