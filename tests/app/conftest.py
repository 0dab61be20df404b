"""AppTest fixtures: the dashboards pointed at the shared demo snapshot."""

from __future__ import annotations

import pytest

from tests.conftest import DemoSnapshot


@pytest.fixture
def app_home(demo_snapshot: DemoSnapshot, monkeypatch: pytest.MonkeyPatch) -> DemoSnapshot:
    monkeypatch.setenv("MIZAN_HOME", str(demo_snapshot.home))
    return demo_snapshot
