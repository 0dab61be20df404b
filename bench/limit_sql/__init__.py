"""The SQL limit: fct_kpi_monthly.sql, run on a warehouse connection holding the raw tables."""

from __future__ import annotations

from pathlib import Path

import duckdb

SCRIPT = Path(__file__).resolve().parent / "fct_kpi_monthly.sql"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(con: duckdb.DuckDBPyConnection) -> int:
    """Run the script (it writes limit_kpi_monthly); return the rows written."""
    con.execute(SCRIPT.read_text(encoding="utf-8").replace("{seeds}", str(SEEDS)))
    return con.execute("select count(*) from limit_kpi_monthly").fetchall()[0][0]
