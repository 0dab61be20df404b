"""The child process that runs one untrusted query: `python -m mizan.access.sql_worker`.

The SQL console never runs an analyst's query in the process that serves the dashboards (or in
`mizan sql` itself): DuckDB computes a whole vector of rows before anything can look at it, so
`SELECT repeat('a', 100000000) FROM range(25)` allocates gigabytes that its `memory_limit` does
not count. This process is the boundary that does count them:

- its address space is capped by the operating system (`RLIMIT_AS`): an allocation beyond it
  fails inside DuckDB (an out-of-memory error, reported as such) or, at worst, ends this process —
  never the dashboards;
- it fetches the result in Arrow record batches and stops at the row cap or at the byte budget,
  whichever comes first, and says which;
- a timer interrupts the query at the time limit and the fetch loop checks the same deadline
  (the parent kills this process shortly after it, whatever it is doing);
- nested values (STRUCT, MAP, UNION) are sent as text, and the server's own paths are scrubbed
  from results and from error messages.

Protocol: a JSON request on stdin; on stdout one JSON header line, then (when the query ran) the
kept rows as an Arrow IPC stream. Only the standard library, duckdb and pyarrow are imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

MEMORY_LIMIT = "1GB"  # DuckDB's own buffer limit (joins, aggregates, sorts)
THREADS = 2
BATCH_ROWS = 1024
SERVER_PATH = "<server path>"

# Set when the connection opens (before anything runs). No temporary directory at all: DuckDB
# would otherwise allow reading the working folder's `.tmp/` with external access off.
CONFIG: dict[str, object] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "threads": THREADS,
    "max_temp_directory_size": "0B",
    "temp_directory": "",
}
# Set once the snapshot is attached, the lock last: no statement can change any of it back.
LOCKS = ("SET enable_external_access = false", "SET lock_configuration = true")
SNAPSHOT_ALIAS = "mizan"
NESTED = re.compile(r"\b(STRUCT|MAP|UNION)\(")
# An absolute path of at least two parts (not after a word, a dot, a colon or a slash: no URLs).
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/\\])/(?:[\w.@+~-]+/)+[\w.@+~-]*")


class QueryRefused(Exception):
    """The query was not run, or was stopped: `reason` is a code, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


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


def server_paths(snapshot: Path) -> list[str]:
    """The server's own paths a result or a message must not show (longest first)."""
    candidates = {snapshot, snapshot.resolve(), snapshot.parent, snapshot.resolve().parent}
    with contextlib.suppress(OSError):
        candidates.add(Path.cwd())
    paths = {str(p) for p in candidates if len(str(p)) > 4}
    return sorted(paths, key=len, reverse=True)


def scrub(text: str, paths: list[str]) -> str:
    """`text` without the server's paths (known ones, then anything that looks absolute)."""
    for path in paths:
        text = text.replace(path, SERVER_PATH)
    return ABSOLUTE_PATH.sub(SERVER_PATH, text)


@dataclass
class Fetched:
    columns: list[str]
    batches: list  # pyarrow.RecordBatch
    schema: object  # pyarrow.Schema
    rows: int
    nbytes: int
    cut: str | None  # None, "rows" or "bytes"


def fetch(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    *,
    max_rows: int,
    max_bytes: int,
    deadline: float,
    paths: list[str],
) -> Fetched:
    """Run `sql` and keep at most `max_rows` rows and `max_bytes` bytes of it."""
    relation = con.sql(sql)
    if relation is None:  # not a query (the statement check lets none of these through)
        return Fetched([], [], None, 0, 0, None)
    columns = list(relation.columns)
    nested = [bool(NESTED.search(str(kind))) for kind in relation.types]
    if any(nested):  # as DuckDB's own text: {'a': 1}, {k=2}
        relation = relation.project(
            ", ".join(
                f'CAST(#{i + 1} AS VARCHAR) AS "c{i}"' if is_nested else f"#{i + 1}"
                for i, is_nested in enumerate(nested)
            )
        )
    reader = relation.to_arrow_reader(BATCH_ROWS)
    kept, rows, size, cut = [], 0, 0, None
    while cut is None:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        _check_deadline(deadline)
        if rows == max_rows:
            cut = "rows" if batch.num_rows else None
            break
        if batch.num_rows > max_rows - rows:
            batch, cut = batch.slice(0, max_rows - rows), "rows"
        batch = _scrubbed(batch, paths)
        if size + batch.nbytes > max_bytes:
            batch, cut = _fit(batch, max_bytes - size), "bytes"
        kept.append(batch)
        rows += batch.num_rows
        size += batch.nbytes
    return Fetched(columns, kept, reader.schema, rows, size, cut)


def _check_deadline(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise QueryRefused("timeout", "")


def _fit(batch, room: int):
    """The longest head of `batch` within `room` bytes."""
    low, high = 0, batch.num_rows
    while low < high:
        middle = (low + high + 1) // 2
        if batch.slice(0, middle).nbytes <= room:
            low = middle
        else:
            high = middle - 1
    return batch.slice(0, low)


def _scrubbed(batch, paths: list[str]):
    import pyarrow as pa
    import pyarrow.compute as pc

    if not paths:
        return batch
    arrays = []
    for array in batch.columns:
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            for path in paths:
                array = pc.replace_substring(array, pattern=path, replacement=SERVER_PATH)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)


def refusal(
    error: BaseException, timed_out: bool, timeout: float, paths: list[str]
) -> QueryRefused:
    """The refusal an analyst sees for `error` (no stack trace, no server path)."""
    if isinstance(error, QueryRefused) and error.reason != "timeout":
        return QueryRefused(error.reason, scrub(str(error), paths))
    text = scrub(_first_line(error), paths)
    if timed_out or isinstance(error, duckdb.InterruptException | QueryRefused):
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
    if isinstance(error, duckdb.OutOfMemoryException | MemoryError):
        return QueryRefused(
            "memory",
            f"The query needs more than the memory limit of one query ({MEMORY_LIMIT} for "
            f"DuckDB, its result included). ({text})",
        )
    return QueryRefused("error", text)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def limit_memory(address_space: int) -> None:
    """Cap this process's address space (and write no core file)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = address_space if hard == resource.RLIM_INFINITY else min(address_space, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def run(request: dict) -> tuple[dict, Fetched | None]:
    """The header to send and what was fetched (None when refused)."""
    snapshot = Path(request["snapshot"])
    timeout = float(request["timeout"])
    started = time.monotonic()
    deadline = started + timeout
    paths = server_paths(snapshot)
    con = None
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        with contextlib.suppress(duckdb.Error, AttributeError):  # it may have just finished
            con.interrupt()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        con = open_untrusted(snapshot)
        fetched = fetch(
            con,
            request["sql"],
            max_rows=int(request["max_rows"]),
            max_bytes=int(request["max_bytes"]),
            deadline=deadline,
            paths=paths,
        )
    except (duckdb.Error, QueryRefused, MemoryError) as error:
        refused = refusal(error, stopped.is_set(), timeout, paths)
        return {"refused": refused.reason, "message": str(refused)}, None
    finally:
        timer.cancel()
        if con is not None:
            con.close()
    header = {
        "columns": fetched.columns,
        "rows": fetched.rows,
        "bytes": fetched.nbytes,
        "cut": fetched.cut,
        "seconds": time.monotonic() - started,
    }
    return header, fetched


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    limit_memory(int(request["address_space"]))
    out = sys.stdout.buffer
    header, fetched = run(request)
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    if fetched is not None and fetched.schema is not None:
        import pyarrow as pa

        with pa.ipc.new_stream(out, fetched.schema) as writer:
            for batch in fetched.batches:
                writer.write_batch(batch)
    out.flush()
    os._exit(0)  # skip interpreter teardown: nothing is left to release


if __name__ == "__main__":
    main()
