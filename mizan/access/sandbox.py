"""Running SQL nobody vetted (the SQL console, `mizan sql`) against the serving snapshot.

The protection is DuckDB's own configuration of the connection, locked before the first
statement runs:

- the snapshot is attached read-only (no CREATE, INSERT, UPDATE, DELETE, DROP on it) to a
  database of the connection's own, in memory;
- `enable_external_access = false`: no file, URL or other database can be read or written —
  no ATTACH, COPY … TO, EXPORT DATABASE, read_csv('/etc/passwd'), glob(), INSTALL, LOAD, secrets,
  and no scans of the Python process's own variables;
- extensions are never installed or loaded automatically, community extensions are off;
- memory and threads are bounded and nothing spills to disk;
- `lock_configuration = true`: no SET, RESET or PRAGMA can undo any of the above.

On top of that (a second, cheaper line, not the protection itself) only a single statement of a
reading kind is accepted, a timer interrupts a query that runs longer than the time limit, and
at most `max_rows` rows are fetched (one more is asked for, to say that the result was cut).
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

MAX_ROWS = 10_000
TIMEOUT_SECONDS = 30.0
MEMORY_LIMIT = "1GB"
THREADS = 2
MAX_SQL_CHARS = 20_000

# Statement kinds a reader may run (SELECT covers WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE).
READING = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}

# Set when the connection opens (before anything runs).
CONFIG: dict[str, object] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "threads": THREADS,
    "max_temp_directory_size": "0B",
}
# Set once the snapshot is attached, the lock last: no statement can change any of it back.
LOCKS = ("SET enable_external_access = false", "SET lock_configuration = true")
SNAPSHOT_ALIAS = "mizan"


class QueryRefused(Exception):
    """The query was not run, or was stopped: `reason` is a code, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class QueryResult:
    frame: pd.DataFrame
    truncated: bool  # more rows existed than max_rows
    max_rows: int
    seconds: float


def open_untrusted(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A connection to `snapshot` that cannot write, reach outside, or be reconfigured.

    A database of its own (in memory, bounded by the memory limit) with the snapshot attached
    read-only as the default catalog: it shares nothing with the dashboards' connection to the
    same file (DuckDB refuses two configurations of one file in a process), and whatever an
    analyst creates in memory vanishes with the connection."""
    if not snapshot.exists():
        raise QueryRefused("no_snapshot", f"Nothing has been published yet ({snapshot.name}).")
    con = duckdb.connect(":memory:", config=dict(CONFIG))
    try:
        quoted = str(snapshot).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {SNAPSHOT_ALIAS} (READ_ONLY)")
        con.execute(f"USE {SNAPSHOT_ALIAS}")
        for statement in LOCKS:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def check_statement(sql: str) -> None:
    """Refuse anything but one reading statement (a second line behind the locked settings)."""
    if not sql.strip():
        raise QueryRefused("empty", "The query is empty.")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused("too_long", f"The query is longer than {MAX_SQL_CHARS} characters.")
    try:
        statements = duckdb.connect(":memory:").extract_statements(sql)
    except duckdb.Error as error:
        raise QueryRefused(
            "syntax", f"The query could not be parsed: {_first_line(error)}"
        ) from None
    if len(statements) != 1:
        raise QueryRefused(
            "several_statements", "Run one statement at a time (this text holds several)."
        )
    kind = statements[0].type
    if kind not in READING:
        raise QueryRefused(
            "not_read_only",
            f"Only reading queries are allowed here (SELECT, WITH, FROM, DESCRIBE, SHOW, "
            f"SUMMARIZE, EXPLAIN); this is a {kind.name} statement. The snapshot is read-only.",
        )


def run_untrusted(
    snapshot: Path,
    sql: str,
    *,
    max_rows: int = MAX_ROWS,
    timeout: float = TIMEOUT_SECONDS,
) -> QueryResult:
    """Run one reading query on the snapshot; at most `max_rows` rows, at most `timeout` s."""
    check_statement(sql)
    con = open_untrusted(snapshot)
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        with contextlib.suppress(duckdb.Error):  # the query may have just finished
            con.interrupt()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    started = time.monotonic()
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.Error as error:
        raise _refusal(error, stopped.is_set(), timeout) from None
    finally:
        timer.cancel()
        con.close()
    truncated = len(rows) > max_rows
    frame = pd.DataFrame.from_records(rows[:max_rows], columns=_unique(columns))
    return QueryResult(frame, truncated, max_rows, time.monotonic() - started)


def _refusal(error: duckdb.Error, timed_out: bool, timeout: float) -> QueryRefused:
    text = _first_line(error)
    if timed_out or isinstance(error, duckdb.InterruptException):
        return QueryRefused(
            "timeout", f"The query was stopped after {timeout:g} s (the time limit per query)."
        )
    if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in text:
        return QueryRefused(
            "outside_access",
            "Files, other databases, extensions and the network are out of reach of this "
            f"console: only the published snapshot can be read. ({text})",
        )
    if "configuration has been locked" in text:
        return QueryRefused("locked", f"Settings cannot be changed in this console. ({text})")
    if "read-only mode" in text:
        return QueryRefused("read_only", f"The snapshot is read-only. ({text})")
    if isinstance(error, duckdb.OutOfMemoryException):
        return QueryRefused(
            "memory", f"The query needs more than the {MEMORY_LIMIT} memory limit. ({text})"
        )
    return QueryRefused("error", text)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}_{count + 1}")
    return out
