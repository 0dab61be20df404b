"""One build at a time per home: an exclusive lock on MIZAN_HOME/.build.lock (fcntl.flock).

The lock is the kernel's, held by the build's open file: it goes away when the process ends,
however it ends (no stale lock after a kill). The file says who holds it (pid, since when), so
that a second `mizan build` can refuse with a plain message rather than DuckDB's lock error.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".build.lock"


class BuildRunning(RuntimeError):
    def __init__(self, pid: int | None, since: str | None, path: Path) -> None:
        self.pid, self.since, self.path = pid, since, path
        super().__init__(
            f"a build is running on this home since {since or 'an unknown time'}, "
            f"pid {pid if pid is not None else 'unknown'} (lock {path}); "
            "try again when it has finished"
        )


@contextmanager
def build_lock(home: Path) -> Iterator[Path]:
    """Hold the home's build lock for the duration of the block; BuildRunning if it is held."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            raise BuildRunning(holder.get("pid"), holder.get("since"), path) from None
        os.ftruncate(fd, 0)
        since = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> dict:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
