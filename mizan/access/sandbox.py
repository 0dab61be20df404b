"""Running SQL nobody vetted (the SQL console, `mizan sql`) against the serving snapshot.

The protection is DuckDB's own configuration of the connection, locked before the first
statement runs (`open_untrusted`, in `sql_worker`):

- the snapshot is attached read-only (no CREATE, INSERT, UPDATE, DELETE, DROP on it) to a
  database of the connection's own, in memory;
- `enable_external_access = false`: no file, URL or other database can be read or written —
  no ATTACH, COPY … TO, EXPORT DATABASE, read_csv('/etc/passwd'), glob(), INSTALL, LOAD, secrets,
  and no scans of the Python process's own variables;
- extensions are never installed or loaded automatically, community extensions are off;
- memory and threads are bounded and nothing spills to disk;
- `lock_configuration = true`: no SET, RESET or PRAGMA can undo any of the above.

The limits bound what is fetched and held, not only what DuckDB computes: the query runs in a
child process (`mizan.access.sql_worker`) whose address space the operating system caps, which
keeps at most `max_rows` rows and `max_bytes` bytes of the result (and says which cap cut it),
and which is interrupted at the time limit and killed shortly after it. The dashboards' process
(or `mizan sql`) only ever receives the capped result.

On top of that (a second, cheaper line, not the protection itself) only a single statement of a
reading kind is accepted, and the functions that reach files or show the server's own settings
and paths (read_blob, glob, query(), duckdb_settings(), …) are refused by name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from mizan.access.sql_worker import (
    MEMORY_LIMIT,
    THREADS,
    QueryRefused,
    open_untrusted,
    scrub,
    server_paths,
)

__all__ = [
    "MAX_RESULT_BYTES",
    "MAX_ROWS",
    "MEMORY_LIMIT",
    "THREADS",
    "TIMEOUT_SECONDS",
    "WORKER_ADDRESS_SPACE",
    "QueryRefused",
    "QueryResult",
    "check_statement",
    "open_untrusted",
    "run_untrusted",
]

MAX_ROWS = 10_000
TIMEOUT_SECONDS = 30.0
MAX_RESULT_BYTES = 32 * 1024 * 1024  # of the result as fetched (Arrow): 32 MiB
# The query's process: DuckDB's 1 GB, the result being fetched, Python and the libraries.
WORKER_ADDRESS_SPACE = 3 * 1024 * 1024 * 1024
KILL_GRACE_SECONDS = 3.0  # after the time limit, before the query's process is killed
MAX_SQL_CHARS = 20_000

# Statement kinds a reader may run (SELECT covers WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE).
READING = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
# Functions refused by name: they reach files (the snapshot's own file stays readable with
# external access off), run SQL from a string, or show the server's settings and paths.
REFUSED_FUNCTIONS = frozenset(
    {
        "read_blob",
        "read_text",
        "glob",
        "query",
        "query_table",
        "duckdb_databases",
        "duckdb_settings",
        "duckdb_extensions",
        "duckdb_temporary_files",
        "duckdb_secrets",
        "pragma_database_list",
        "pragma_database_size",
        "current_setting",
    }
)


@dataclass(frozen=True)
class QueryResult:
    frame: pd.DataFrame
    truncated: bool  # cut: more rows existed than were kept
    max_rows: int
    seconds: float
    cut: str | None = None  # "rows" (the row cap) or "bytes" (the byte budget)
    max_bytes: int = MAX_RESULT_BYTES
    nbytes: int = 0  # bytes of the result as fetched


def check_statement(sql: str) -> None:
    """Refuse anything but one reading statement (a second line behind the locked settings)."""
    if not sql.strip():
        raise QueryRefused("empty", "The query is empty.")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused("too_long", f"The query is longer than {MAX_SQL_CHARS} characters.")
    try:
        statements = duckdb.connect(":memory:").extract_statements(sql)
    except duckdb.Error as error:
        message = scrub(str(error).strip().splitlines()[0], [])
        raise QueryRefused("syntax", f"The query could not be parsed: {message}") from None
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
    refused = sorted(_names(sql) & REFUSED_FUNCTIONS)
    if refused:
        raise QueryRefused(
            "outside_access",
            f"{', '.join(refused)} cannot be used in this console: it reaches files or shows "
            "the server's own settings. Only the published snapshot's tables can be read.",
        )


def _names(sql: str) -> set[str]:
    """Every identifier and keyword of `sql`, lower-case and unquoted (not strings, comments)."""
    tokens = duckdb.tokenize(sql)
    names = set()
    for index, (start, kind) in enumerate(tokens):
        if kind not in (duckdb.token_type.identifier, duckdb.token_type.keyword):
            continue
        end = tokens[index + 1][0] if index + 1 < len(tokens) else len(sql)
        word = sql[start:end].strip()
        if word.startswith('"') and word.endswith('"') and len(word) > 1:
            word = word[1:-1].replace('""', '"')
        names.add(word.strip().lower())
    return names


def run_untrusted(
    snapshot: Path,
    sql: str,
    *,
    max_rows: int = MAX_ROWS,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_RESULT_BYTES,
) -> QueryResult:
    """Run one reading query on the snapshot, in a process of its own: at most `max_rows` rows
    and `max_bytes` bytes of result, at most `timeout` s (run, fetch and transfer)."""
    check_statement(sql)
    if not snapshot.exists():
        raise QueryRefused("no_snapshot", f"Nothing has been published yet ({snapshot.name}).")
    request = {
        "snapshot": str(snapshot),
        "sql": sql,
        "max_rows": max_rows,
        "max_bytes": max_bytes,
        "timeout": timeout,
        "address_space": WORKER_ADDRESS_SPACE,
    }
    started = time.monotonic()
    output = _run_worker(request, timeout + KILL_GRACE_SECONDS, limit=max_bytes * 2 + 2**20)
    header_line, _, body = output.partition(b"\n")
    try:
        header = json.loads(header_line)
    except ValueError:
        header = None
    if not isinstance(header, dict):  # the process died: the OS memory cap, or worse
        raise QueryRefused(
            "memory",
            f"The query was stopped: it needed more than the memory limit of one query "
            f"({MEMORY_LIMIT} for DuckDB, its result included).",
        )
    if "refused" in header:
        raise QueryRefused(header["refused"], header["message"])
    frame = _frame(body, header["columns"])
    return QueryResult(
        frame,
        truncated=header["cut"] is not None,
        max_rows=max_rows,
        seconds=time.monotonic() - started,
        cut=header["cut"],
        max_bytes=max_bytes,
        nbytes=int(header["bytes"]),
    )


def _run_worker(request: dict, wall_clock: float, *, limit: int) -> bytes:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-m", "mizan.access.sql_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a crash's trace (with paths) is nobody's reading
        cwd=Path(request["snapshot"]).parent,
        env=env,
    )
    try:
        output, _ = process.communicate(json.dumps(request).encode("utf-8"), timeout=wall_clock)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise QueryRefused(
            "timeout",
            f"The query was stopped after {request['timeout']:g} s (the time limit per query).",
        ) from None
    except BaseException:
        process.kill()
        process.wait()
        raise
    if len(output) > limit:  # the worker keeps to the budget; this is the last line
        raise QueryRefused("memory", "The result is larger than the console may hold.")
    return output


def _frame(body: bytes, columns: list[str]) -> pd.DataFrame:
    if not body:
        return pd.DataFrame(columns=_unique(columns))
    import pyarrow as pa

    table = pa.ipc.open_stream(body).read_all()
    frame = table.to_pandas()
    frame.columns = _unique(columns)
    return frame


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}_{count + 1}")
    return out


# Kept for callers that scrub their own messages (exports, CLI).
__all__ += ["scrub", "server_paths"]
