"""The Dagster instance's SQLite files, written without an fsync per event.

A build records every dbt model and every dbt test as an event of its run (about 1,100 for the
demo), each in its own SQLite transaction. Dagster opens its files in WAL mode and leaves
SQLite's default `synchronous=FULL`, so every event waited for the disk: a third of a small
build's time went to commits (profile of `mizan build`, stop 26: 3,490 commits, 3.3 s, plus the
closes). With `synchronous=NORMAL`, which SQLite recommends for WAL, a commit survives the
process being killed (the SIGKILL tests kill builds at every stage); only a power cut may lose the
last events of the run history — never the warehouse or the snapshot, which are DuckDB files.

Only connections to files under DAGSTER_HOME are changed: any other SQLite file a process opens
through SQLAlchemy keeps its defaults.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def relax_sync_for_dagster_files() -> None:
    """Install (once per process) the connect hook that sets `synchronous=NORMAL`."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        _installed = True


def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    files = [row[2] for row in rows if row[1] == "main" and row[2]]
    if files and Path(files[0]).resolve().is_relative_to(Path(home).resolve()):
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
