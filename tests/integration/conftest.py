"""Fixtures for ingestion tests: a fresh MIZAN_HOME with an open warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizan.org import OrgProfile, load_profile
from mizan.settings import Settings
from tests.integration.ingest_helpers import Env


@pytest.fixture(scope="session")
def profile() -> OrgProfile:
    return load_profile("party-eg")


@pytest.fixture
def env(tmp_path: Path, profile: OrgProfile):
    settings = Settings.from_env(
        home=tmp_path / "home", profile="party-eg", timezone="Africa/Cairo", secret="test-secret"
    )
    settings.ensure_dirs()
    environment = Env(settings, profile)
    yield environment
    environment.con.close()
