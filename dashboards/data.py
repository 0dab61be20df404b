"""The data-access layer: every query the pages issue, against the published snapshot only.

Connections are opened per query, read-only, and closed at once (a held connection would keep
the old snapshot's file alive and block nothing, but would never see a new publish). Results are
cached per snapshot version, so a new publish is picked up on the next rerun without a restart.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dagster_project.settings import Settings


def snapshot_path() -> Path:
    return Settings.from_env().serving_path


def snapshot_version() -> str | None:
    """Identity of the snapshot file now in place (changes on every publish), or None."""
    path = snapshot_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


@st.cache_data(show_spinner=False, max_entries=256)
def _query(version: str, sql: str, params: tuple = ()) -> pd.DataFrame:
    con = duckdb.connect(str(snapshot_path()), read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def query(sql: str, params: tuple = ()) -> pd.DataFrame:
    version = snapshot_version()
    if version is None:
        raise FileNotFoundError(snapshot_path())
    return _query(version, sql, params)


def published_at() -> str:
    return str(query("SELECT published_at FROM meta.snapshot_info").iloc[0, 0])


def latest_month_complaints() -> pd.DataFrame:
    """Complaints received per region in the latest month with data (walking skeleton)."""
    return query(
        """
        SELECT month_start, region_code, region_name_ar, region_name_en, complaints_received
        FROM marts.mart_complaints_received
        WHERE month_start = (SELECT max(month_start) FROM marts.mart_complaints_received)
        ORDER BY complaints_received DESC, region_code
        """
    )
