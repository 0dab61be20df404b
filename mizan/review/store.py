"""The review store: what Mizan and its users write about the published numbers — alerts raised,
their deliveries and acknowledgements, comments on KPIs with owners and due dates.

It is not in the read-only snapshot (which every publish replaces) but beside the users file and
the audit log: MIZAN_HOME/review.sqlite, owner-only, backed up with the home. SQLite, because
each save is one transaction: a process killed in the middle of a save (SIGKILL included) leaves
the store as it was before the save or after it, never half-written (journal in WAL mode,
`synchronous=FULL`), and two processes (the build's alert step and the dashboards) may write to
it at once (each waits for the other up to `BUSY_SECONDS`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

BUSY_SECONDS = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id TEXT PRIMARY KEY,          -- rule_code:region_code:YYYY-MM (marts.fct_alerts)
    rule_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    month_start TEXT NOT NULL,          -- YYYY-MM-DD
    text_ar TEXT NOT NULL,              -- as last published
    text_en TEXT NOT NULL,
    first_raised_at TEXT NOT NULL,      -- UTC, ISO 8601: when it was first raised, kept for good
    last_seen_at TEXT NOT NULL,         -- the last publish that still found it
    cleared_at TEXT,                    -- a later publish no longer found it (e.g. files came)
    acknowledged_at TEXT,
    acknowledged_by TEXT
);
CREATE TABLE IF NOT EXISTS deliveries (
    alert_id TEXT NOT NULL REFERENCES alerts (alert_id),
    username TEXT NOT NULL,
    email TEXT NOT NULL,
    sent_at TEXT,                       -- null: not sent yet (the last attempt failed)
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (alert_id, username)
);
CREATE TABLE IF NOT EXISTS comments (
    comment_id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    kpi_code TEXT NOT NULL,
    month_start TEXT NOT NULL,          -- YYYY-MM-DD
    body TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',     -- who answers for the corrective action
    due_date TEXT,                      -- YYYY-MM-DD
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS comments_by_region_month ON comments (region_code, month_start);
"""


def _prepare(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # owner-only from the first byte: comments name people and due dates
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the store at `path` (created on first use), committed when the block
    ends without an exception and rolled back otherwise; always closed."""
    with contextlib.suppress(FileExistsError):
        _prepare(path)
    con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")
        con.executescript(SCHEMA)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()


def read(path: Path, sql: str, params: tuple | dict = ()) -> list[dict]:
    """The rows of one reading statement, as dicts; none when the store does not exist yet."""
    if not path.exists():
        return []
    con = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        con.row_factory = sqlite3.Row
        con.executescript(SCHEMA)  # a store written by an older Mizan gains the new tables
        return [dict(row) for row in con.execute(sql, params)]
    finally:
        con.close()
