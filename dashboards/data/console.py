"""The SQL console's data layer: one analyst query through the sandbox, logged before it runs
and after, and what of it the session may keep.

The query itself runs in a process of its own (`mizan.access.sandbox`), capped in rows, bytes,
time and memory, so that one analyst cannot stop the dashboards for everyone. The session
(which outlives the browser tab for a while) keeps the query and a summary of its outcome; it
keeps the rows only when they are small (`SESSION_RESULT_BYTES`): a large result is shown in
the run that fetched it and is gone with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboards.data.core import snapshot_path
from mizan.access import audit, sandbox

SESSION_RESULT_BYTES = 1_000_000

Log = Callable[..., None]


def run(sql: str, max_rows: int, log: Log) -> dict[str, Any]:
    """Run `sql`: {"result": QueryResult} or {"refused": reason, "detail": message}. `log` writes
    an audit event as the signed-in user; the query is logged before it runs."""
    query_id = audit.query_id()
    log("sql_started", sql=sql, query=query_id)
    try:
        result = sandbox.run_untrusted(
            snapshot_path(), sql, max_rows=max_rows, timeout=sandbox.TIMEOUT_SECONDS
        )
    except sandbox.QueryRefused as refused:
        log("sql_refused", sql=sql, query=query_id, reason=refused.reason)
        return {"refused": refused.reason, "detail": str(refused)}
    log(
        "sql",
        sql=sql,
        query=query_id,
        rows=len(result.frame),
        truncated=result.truncated,
        cut=result.cut,
    )
    return {"result": result}


def for_session(outcome: dict[str, Any]) -> dict[str, Any]:
    """What the session keeps of `outcome`: everything but a large result's rows."""
    result = outcome.get("result")
    if result is None or frame_bytes(result.frame) <= SESSION_RESULT_BYTES:
        return outcome
    return {"dropped": True, "rows": len(result.frame), "seconds": result.seconds}


def frame_bytes(frame) -> int:
    return int(frame.memory_usage(index=True, deep=True).sum())
