"""The Dagster instance's SQLite files are written with synchronous=NORMAL; other files are not."""

from __future__ import annotations

import sqlalchemy as sa

from dagster_project.instance_storage import relax_sync_for_dagster_files

FULL, NORMAL = 2, 1


def synchronous(path) -> int:
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        return connection.execute(sa.text("PRAGMA synchronous")).scalar()


def test_only_files_under_dagster_home_are_relaxed(tmp_path, monkeypatch):
    dagster_home = tmp_path / "home" / "dagster"
    (dagster_home / "history").mkdir(parents=True)
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    relax_sync_for_dagster_files()
    relax_sync_for_dagster_files()  # a second call installs nothing more

    assert synchronous(dagster_home / "history" / "runs.db") == NORMAL
    assert synchronous(tmp_path / "home" / "other.db") == FULL
    monkeypatch.delenv("DAGSTER_HOME")
    assert synchronous(dagster_home / "history" / "runs.db") == FULL
