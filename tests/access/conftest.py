"""Fixtures of the access tests: a private copy of the demo snapshot, so that a test can prove
the snapshot's bytes unchanged and keep its audit log to itself (test users: tests/support/users.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import DemoSnapshot


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def private_home(demo_snapshot: DemoSnapshot, tmp_path: Path) -> Path:
    """A home with a copy of the demo snapshot (only `serving/`), users and an audit log."""
    home = tmp_path / "home"
    shutil.copytree(demo_snapshot.serving_path.parent, home / "serving")
    return home
