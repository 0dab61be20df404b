"""AppTest fixtures: the dashboards pointed at the shared demo snapshot, with a users file of one
user per role (password `TEST_PASSWORD`) and an audit log of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.access.users import User, hash_password, save
from dagster_project.org import load_profile
from tests.conftest import DEMO_PROFILE, DemoSnapshot

TEST_PASSWORD = "correct-horse-battery"
# user name -> role, regions ("first"/"second" region of the demo profile)
TEST_USERS = {
    "nat": ("national", ()),
    "ana": ("analyst", ()),
    "reg": ("regional", ("first",)),
    "stew": ("steward", ("second",)),
}


def demo_regions() -> tuple[str, str]:
    codes = load_profile(DEMO_PROFILE).region_codes
    return codes[0], codes[1]


def write_test_users(path: Path) -> dict[str, User]:
    first, second = demo_regions()
    which = {"first": first, "second": second}
    hashed = hash_password(TEST_PASSWORD, rounds=4)
    users = {
        name: User(name, role, tuple(which[r] for r in regions), password_hash=hashed)
        for name, (role, regions) in TEST_USERS.items()
    }
    save(path, users)
    return users


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
