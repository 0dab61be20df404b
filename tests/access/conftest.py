"""Fixtures of the access tests: a private copy of the demo snapshot (so that a test can prove
the snapshot's bytes unchanged), a users file, an audit log."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from dagster_project.access.users import User, hash_password, save
from tests.conftest import DemoSnapshot


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def private_home(demo_snapshot: DemoSnapshot, tmp_path: Path) -> Path:
    """A home with a copy of the demo snapshot (only `serving/`), users and an audit log."""
    home = tmp_path / "home"
    shutil.copytree(demo_snapshot.serving_path.parent, home / "serving")
    return home


TEST_USERS = {
    "nat": ("national", ()),
    "ana": ("analyst", ()),
    "reg": ("regional", ("{first}",)),
    "stew": ("steward", ("{second}",)),
}
TEST_PASSWORD = "correct-horse-battery"


def write_test_users(path: Path, first: str, second: str) -> dict[str, User]:
    hashed = hash_password(TEST_PASSWORD, rounds=4)
    users = {
        name: User(
            name,
            role,
            tuple(r.format(first=first, second=second) for r in regions),
            password_hash=hashed,
        )
        for name, (role, regions) in TEST_USERS.items()
    }
    save(path, users)
    return users
