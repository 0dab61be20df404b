"""AppTest fixtures: the dashboards pointed at the shared demo snapshot, with a users file of one
user per role (tests/support/users.py) and an audit log of the test's own; or a home of the
test's own for pages that write into it (comments, alerts, report packs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mizan.settings import Settings
from tests.conftest import DemoSnapshot
from tests.support.users import write_test_users


@pytest.fixture
def app_home(
    demo_snapshot: DemoSnapshot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> DemoSnapshot:
    monkeypatch.setenv("MIZAN_HOME", str(demo_snapshot.home))
    write_test_users(tmp_path / "users.json")
    monkeypatch.setenv("MIZAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("MIZAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    return demo_snapshot


@pytest.fixture
def audit_log(app_home, tmp_path: Path) -> Path:
    return tmp_path / "audit.jsonl"


@pytest.fixture
def own_home(
    demo_snapshot: DemoSnapshot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Settings:
    """A home of the test's own (the shared one is never written to) holding a copy of the demo
    snapshot and the test users; its users file and audit log are the home's."""
    home = tmp_path / "home"
    (home / "serving").mkdir(parents=True)
    shutil.copy(demo_snapshot.serving_path, home / "serving" / "mizan.duckdb")
    settings = Settings(home=home, profile="municipal-sa")
    write_test_users(settings.users_path)
    monkeypatch.setenv("MIZAN_HOME", str(home))
    monkeypatch.setenv("MIZAN_PROFILE", "municipal-sa")
    monkeypatch.delenv("MIZAN_USERS", raising=False)
    monkeypatch.delenv("MIZAN_AUDIT_LOG", raising=False)
    return settings
