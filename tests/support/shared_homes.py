"""Homes that take a pipeline run to build, built once per test session and shared by the xdist
workers.

The first worker that asks for a home builds it under a file lock in the session's shared
temporary directory (the parent of every worker's own); the others wait for the lock and reuse
what it built. A build that fails is recorded as failed, so that the other workers fail at once
with its message instead of building it again. Tests never modify a shared home: they copy it
(`tests.support.pipeline.copy_home`) to change anything.

Not xdist's `--dist loadgroup`: under pytest 9 it no longer keeps a group on one worker
(pytest-dev/pytest-xdist#1386), so a module-scoped fixture was built once on each worker.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

READY = ".shared-home-ready"
FAILED = ".shared-home-failed"


def shared_tmp_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The directory every worker of this session sees (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if worker_id != "master" else base


def build_once(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    build: Callable[[Path], object],
) -> Path:
    """`<shared tmp>/<name>`, made by `build(path)` (into an empty directory) by the first worker
    that asks; what `build` returns, if anything, is kept as JSON for `built_value`."""
    shared = shared_tmp_dir(tmp_path_factory, worker_id)
    home = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            failed = shared / f"{name}{FAILED}"
            if failed.exists():
                pytest.fail(
                    f"building the shared home {name!r} failed on another worker:\n"
                    + failed.read_text(encoding="utf-8"),
                    pytrace=False,
                )
            if not (shared / f"{name}{READY}").exists():
                if home.exists():
                    shutil.rmtree(home)  # a build interrupted in an earlier attempt
                home.mkdir(parents=True)
                try:
                    value = build(home)
                except BaseException:
                    failed.write_text(traceback.format_exc()[-6000:], encoding="utf-8")
                    raise
                (shared / f"{name}.json").write_text(json.dumps(value), encoding="utf-8")
                (shared / f"{name}{READY}").write_text("ok", encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return home


def built_value(home: Path) -> object:
    """What the `build` of a shared home returned (through JSON: tuples come back as lists)."""
    return json.loads((home.parent / f"{home.name}.json").read_text(encoding="utf-8"))
