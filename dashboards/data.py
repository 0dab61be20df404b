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


def latest_month_kpi(kpi_code: str) -> pd.DataFrame:
    """One KPI per region (all secretariats) for the latest month of the snapshot.

    `value` is null where a region sent no data: the page says so instead of drawing a zero.
    """
    return query(
        """
        SELECT f.month_start, m.gregorian_label_ar, m.gregorian_label_en, m.hijri_label_ar,
               m.hijri_label_en, f.region_code, r.region_name_ar, r.region_name_en, f.value,
               f.has_data
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_region AS r USING (region_code)
        JOIN marts.dim_month AS m USING (month_start)
        WHERE f.kpi_code = ? AND f.secretariat_code = 'ALL' AND f.region_code <> 'ALL'
          AND f.month_start = (SELECT max(month_start) FROM marts.dim_month)
        ORDER BY f.value DESC NULLS LAST, f.region_code
        """,
        (kpi_code,),
    )
