"""Fixtures shared by the suites: a small demo snapshot built once per test session (and xdist
worker) through the real pipeline — demo data generator, ingest, dbt build, publish.

The first xdist worker that needs it builds it; the others wait for it and share it
(tests/support/shared_homes.py).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from mizan.settings import Settings
from tests.support.shared_homes import build_once

# The Saudi municipal profile: 13 regions, so the build takes half the time of the 27
# governorates while exercising the same code (and proving that the profile is data).
DEMO_PROFILE = "municipal-sa"
DEMO_MONTHS = 14  # more than a year: every month-on-month and one year-on-year comparison
DEMO_SCALE = 0.05

# A build writes the month's report pack after publishing (a Chromium run): only the demo
# snapshot's build does in the tests (test_report_pack reads it); every other build is told not to.
os.environ.setdefault("MIZAN_REPORT_PACK", "off")


@dataclass(frozen=True)
class DemoSnapshot:
    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.home

    @property
    def serving_path(self) -> Path:
        return self.settings.serving_path


@pytest.fixture(autouse=True)
def _restore_environment():
    """Put os.environ back after each test: the CLI and the runner export the deployment's
    settings (MIZAN_*, DAGSTER_HOME) for their child processes, and a command invoked in-process
    (e.g. `build --engine spark`) must not choose the engine or home of the next test."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> DemoSnapshot:
    """A published snapshot of generated demo data, built once per test session and shared by
    the xdist workers (the first to ask builds it under a lock, the others wait and reuse it:
    xdist's `loadgroup` does not group tests under pytest 9, so workers cannot be relied on to
    keep a group together). Tests must not modify it: copy `serving/` to change anything.

    MIZAN_TEST_SNAPSHOT_HOME=<a home built by `mizan demo`> reuses that home instead (for
    quick iterations on the dashboards; the suite builds its own by default)."""
    reuse = os.environ.get("MIZAN_TEST_SNAPSHOT_HOME")
    if reuse:
        settings = Settings.from_env(home=Path(reuse))
        assert settings.serving_path.exists(), f"no snapshot in {reuse}"
        return DemoSnapshot(settings)
    home = build_once(tmp_path_factory, worker_id, "demo-snapshot", _build)
    return DemoSnapshot(Settings.from_env(home=home, profile=DEMO_PROFILE, secret="test-secret"))


def _build(home: Path) -> None:
    from dagster_project.runner import run_job
    from mizan.demo import generate_demo_data

    saved = dict(os.environ)  # the runner exports MIZAN_* and DAGSTER_HOME for its run
    try:
        settings = Settings.from_env(
            home=home, profile=DEMO_PROFILE, secret="test-secret", report_pack="ar"
        )
        generate_demo_data(home, profile=DEMO_PROFILE, months=DEMO_MONTHS, scale=DEMO_SCALE, seed=7)
        outcome = run_job(settings, "build_all", run_id=str(uuid.uuid4()))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert outcome.success, f"demo build failed: {outcome.message}"
    assert settings.serving_path.exists()
