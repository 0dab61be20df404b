"""The audit log: one JSON object per line, appended, never rewritten.

Events: login, login_failed, logout, session_expired, export, sql_started, sql, sql_refused,
scope_refused, users_changed. A query is written before it runs (`sql_started`, with a `query`
id) and its outcome after it (`sql` or `sql_refused`, with the same id): a query that ends the
process still leaves its line. Each line carries the UTC time, the event, the user (or `cli:<os user>` for the
command line) and the event's own fields. The file lives at MIZAN_HOME/audit/audit.jsonl (or
$MIZAN_AUDIT_LOG) and is only ever opened for appending.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_lock = threading.Lock()
MAX_FIELD_CHARS = 4_000  # a pasted query is logged in full up to this length


def cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def query_id() -> str:
    """An id tying a query's `sql_started` line to its outcome's."""
    return secrets.token_hex(6)


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        return value[:MAX_FIELD_CHARS] + "…"
    return value


def record(path: Path, event: str, user: str, **fields: Any) -> dict[str, Any]:
    """Append one event to the log at `path` and return it."""
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": event,
        "user": user,
        **{key: _clip(value) for key, value in fields.items()},
    }
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    return entry


def read(path: Path) -> list[dict[str, Any]]:
    """Every event of the log (tests, `mizan users audit`)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
