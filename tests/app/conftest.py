"""AppTest fixtures: the dashboards pointed at the shared demo snapshot, with a users file of one
user per role (tests/support/users.py) and an audit log of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

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
