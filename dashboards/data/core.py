"""Running SQL against the published snapshot: the only module that touches DuckDB.

- Read-only, the serving snapshot only (never the writer's warehouse file).
- Results are cached per snapshot version (inode, mtime, size of the file now in place): a new
  publish changes the version, so the next rerun reads it without restarting the server.
- One read-only connection serves the queries of a page run and is closed after a few idle
  seconds (30), or as soon as a new snapshot replaces the file; it is never held for the app's
  lifetime. (Opening the file costs ~15 ms, which a page of ten queries would otherwise pay ten
  times.)
- Parameters are named (`$month`); the parameters a statement does not mention are dropped, so
  a data function can pass its whole context (scope included) to every statement.
- `uncached()` bypasses the result cache and `recording()` lists the data functions called
  (with their arguments): the serve-latency benchmark replays exactly what each page asks for.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from mizan.settings import Settings
from dashboards.scope import Scope

IDLE_SECONDS = 30.0  # a connection outlives a page run by this much, never the app
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

P = ParamSpec("P")
R = TypeVar("R")


class NoSnapshot(FileNotFoundError):
    """Nothing has been published yet."""


def snapshot_path() -> Path:
    return Settings.from_env().serving_path


def home() -> Path:
    return Settings.from_env().home


def snapshot_version() -> str | None:
    """Identity of the snapshot file now in place (changes on every publish), or None."""
    try:
        stat = snapshot_path().stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


# --- connections -----------------------------------------------------------------------------
class _Handle:
    def __init__(self, version: str) -> None:
        self.con = duckdb.connect(str(snapshot_path()), read_only=True)
        self.version = version
        self.users = 0
        self.lookups: dict[str, pa.Table] = {}  # derived tables, see `query(lookups=)`


class _Connection:
    """The read-only connection of the current snapshot version, shared by concurrent queries
    through cursors; closed when idle, or when the version changes once its users are done."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: _Handle | None = None
        self._last_used = 0.0
        self._timer: threading.Timer | None = None

    @contextlib.contextmanager
    def cursor(self, version: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, _Handle]]:
        with self._lock:
            if self._current is not None and self._current.version != version:
                self._retire_locked()
            if self._current is None:
                self._current = _Handle(version)
            handle = self._current
            handle.users += 1
        try:
            cursor = handle.con.cursor()
            try:
                yield cursor, handle
            finally:
                cursor.close()
        finally:
            with self._lock:
                handle.users -= 1
                self._last_used = time.monotonic()
                if handle is not self._current and handle.users == 0:
                    handle.con.close()
                self._schedule_locked()

    def close(self) -> None:
        with self._lock:
            self._retire_locked()

    def _retire_locked(self) -> None:
        # A handle still in use is closed by its last user (it is no longer the current one).
        if self._current is not None and self._current.users == 0:
            self._current.con.close()
        self._current = None

    def _schedule_locked(self) -> None:
        if self._timer is not None or self._current is None:
            return
        self._timer = threading.Timer(IDLE_SECONDS, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            self._timer = None
            if self._current is None:
                return
            idle = time.monotonic() - self._last_used >= IDLE_SECONDS
            if self._current.users == 0 and idle:
                self._retire_locked()
            else:
                self._schedule_locked()


_connection = _Connection()


def close_connection() -> None:
    """Close the shared connection now (tests, benchmark)."""
    _connection.close()


# --- queries ---------------------------------------------------------------------------------
def _bindable(value: Any) -> Any:
    if isinstance(value, tuple | frozenset):
        return sorted(value) if isinstance(value, frozenset) else list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


Lookups = tuple[tuple[str, str], ...]


def _execute(
    version: str, sql: str, params: tuple[tuple[str, Any], ...], lookups: Lookups = ()
) -> pd.DataFrame:
    used = set(_PARAM.findall(sql))
    bound = {name: _bindable(value) for name, value in params if name in used}
    missing = used - bound.keys()
    if missing:
        raise ValueError(f"SQL parameters without a value: {sorted(missing)}")
    with _connection.cursor(version) as (cursor, handle):
        for name, lookup_sql in lookups:
            frame = handle.lookups.get(name)
            if frame is None:
                frame = handle.lookups[name] = cursor.sql(lookup_sql).to_arrow_table()
            cursor.register(name, frame)
        return cursor.execute(sql, bound).df()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    version: str, sql: str, params: tuple[tuple[str, Any], ...], lookups: Lookups = ()
) -> pd.DataFrame:
    return _execute(version, sql, params, lookups)


_bypass_cache = False


@contextlib.contextmanager
def uncached() -> Iterator[None]:
    """Run queries without the result cache (benchmark)."""
    global _bypass_cache
    previous, _bypass_cache = _bypass_cache, True
    try:
        yield
    finally:
        _bypass_cache = previous


def _freeze(value: Any) -> Any:
    if isinstance(value, list | set | frozenset):
        return tuple(sorted(value)) if isinstance(value, set | frozenset) else tuple(value)
    return value


def query(sql: str, *, lookups: dict[str, str] | None = None, **params: Any) -> pd.DataFrame:
    """Run `sql` on the current snapshot with named parameters; cached per snapshot version.

    `lookups` names small derived tables (name -> SQL over the snapshot) that `sql` reads by
    name: each is computed once per connection (not per query) — for a derivation several
    queries of a page share, such as which region each received file belongs to."""
    version = snapshot_version()
    if version is None:
        raise NoSnapshot(snapshot_path())
    frozen = tuple(sorted((name, _freeze(value)) for name, value in params.items()))
    derived = tuple(sorted((lookups or {}).items()))
    if _bypass_cache:
        return _execute(version, sql, frozen, derived)
    return _cached(version, sql, frozen, derived)


# --- recording the calls of a page (benchmark) -------------------------------------------------
_recorder: list[tuple[str, Callable[..., Any], tuple, dict]] | None = None
_recorder_lock = threading.Lock()


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[str, Callable[..., Any], tuple, dict]]]:
    """Collect (name, function, args, kwargs) of every data function called meanwhile."""
    global _recorder
    calls: list[tuple[str, Callable[..., Any], tuple, dict]] = []
    with _recorder_lock:
        _recorder = calls
    try:
        yield calls
    finally:
        with _recorder_lock:
            _recorder = None


def data_function(function: Callable[P, R]) -> Callable[P, R]:
    """Mark a public data-access function (recorded by `recording()`). A function with a
    `region` parameter refuses a region outside its scope (the first argument) before any SQL
    runs: `OutOfScope`."""
    signature = inspect.signature(function)
    guarded = "region" in signature.parameters and next(iter(signature.parameters)) == "scope"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if guarded:
            bound = signature.bind_partial(*args, **kwargs).arguments
            scope = bound.get("scope")
            if isinstance(scope, Scope):
                scope.require(bound.get("region"))
        calls = _recorder
        if calls is not None:
            name = f"{function.__module__.rsplit('.', 1)[-1]}.{function.__qualname__}"
            calls.append((name, function, args, dict(kwargs)))
        return function(*args, **kwargs)

    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper
