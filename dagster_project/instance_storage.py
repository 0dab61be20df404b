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
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def relax_sync_for_dagster_files() -> None:
    """Install (once per process) the hooks that set `synchronous=NORMAL`."""
    global _installed
    if not _installed:
        event.listen(Engine, "do_connect", _note_dagster_file)
        event.listen(Engine, "connect", _relax_if_noted)
        _installed = True


def _note_dagster_file(dialect, record, cargs, _cparams) -> None:
    """Before SQLite opens a file: mark the connection if the file is under DAGSTER_HOME (its
    path is in the arguments here, so no query on the hot path of ~4,000 connections a build)."""
    home = os.environ.get("DAGSTER_HOME")
    if dialect.name == "sqlite" and home and cargs and isinstance(cargs[0], str):
        file = os.path.realpath(cargs[0])
        record.info["mizan_dagster_file"] = file.startswith(_real_dir(home))


def _relax_if_noted(dbapi_connection, record) -> None:
    if record.info.get("mizan_dagster_file"):
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


@lru_cache
def _real_dir(path: str) -> str:
    return os.path.join(os.path.realpath(path), "")
