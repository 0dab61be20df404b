"""`mizan export`: the marts of one month (optionally one region) as CSV, Parquet or Excel.

Read through the SQL console's locked, read-only connection to the serving snapshot. A user's
scope (`regions`, None for every region) limits the rows to their regions; the league table of
composites is public to every scope (as on the dashboards) and the organisation roll-up
(region 'ALL') is detail of every region, so only unrestricted scopes get it.

CSV and Excel neutralise text that a spreadsheet would run as a formula; Parquet keeps types.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from mizan.access.sandbox import open_untrusted
from mizan.spreadsheet import csv_bytes, excel_workbook

FORMATS = ("csv", "parquet", "xlsx")
# How each mart's rows belong to a month (tables not listed are reference data, exported whole).
MONTH_OF = {
    "fct_kpi_monthly": "month_start",
    "fct_kpi_rows": "month_start",
    "fct_initiative_months": "month_start",
    "mart_scorecard": "month_start",
    "mart_pillar_scores": "month_start",
    "mart_league_table": "month_start",
    "fct_meetings": "month_start",
    "fct_media_coverage": "month_start",
    "fct_complaints": "received_month",
    "fct_initiatives": "coalesce(completed_month, date_trunc('month', planned_start))",
    "fct_meeting_actions": "date_trunc('month', issued_date)",
    "dim_month": "month_start",
}
PUBLIC_TO_EVERY_SCOPE = {"mart_league_table"}
NOT_REGIONAL = {"dim_kpi", "dim_month", "dim_secretariat"}


class ExportRefused(ValueError):
    """The export asked for rows outside the user's scope, or for nothing that exists."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    tables: dict[str, int]  # mart -> rows written


def parse_month(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ExportRefused(f"{text!r} is not a month; write it as YYYY-MM.") from None


def check_region(region: str | None, scope: frozenset[str] | None) -> None:
    if region is not None and scope is not None and region not in scope:
        raise ExportRefused(f"Region {region} is outside your scope ({', '.join(sorted(scope))}).")


def mart_frames(
    snapshot: Path,
    month: date,
    *,
    region: str | None = None,
    scope: frozenset[str] | None = None,
    tables: tuple[str, ...] = (),
) -> dict[str, pd.DataFrame]:
    """Every mart's rows of `month` (and `region`) that `scope` may see."""
    check_region(region, scope)
    con = open_untrusted(snapshot)
    try:
        marts = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'marts' ORDER BY table_name"
            ).fetchall()
        ]
        unknown = sorted(set(tables) - set(marts))
        if unknown:
            raise ExportRefused(f"No mart {', '.join(unknown)}; the marts are {', '.join(marts)}.")
        frames = {}
        for name in [m for m in marts if not tables or m in tables]:
            frames[name] = _rows(con, name, month, region, scope)
        return frames
    finally:
        con.close()


def _rows(
    con: duckdb.DuckDBPyConnection,
    name: str,
    month: date,
    region: str | None,
    scope: frozenset[str] | None,
) -> pd.DataFrame:
    columns = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'marts' AND table_name = ?",
            [name],
        ).fetchall()
    }
    where, params = ["TRUE"], {}
    if name in MONTH_OF:
        where.append(f"CAST({MONTH_OF[name]} AS DATE) = $month")
        params["month"] = month
    if "region_code" in columns and name not in NOT_REGIONAL:
        if region is not None:
            where.append("region_code = $region")
            params["region"] = region
        if scope is not None and name not in PUBLIC_TO_EVERY_SCOPE:
            where.append("list_contains($scope::VARCHAR[], region_code)")
            params["scope"] = sorted(scope)
    sql = f'SELECT * FROM marts."{name}" WHERE {" AND ".join(where)}'
    return con.execute(sql, params).df()


def write_export(frames: dict[str, pd.DataFrame], fmt: str, out: Path) -> Path:
    """CSV and Parquet: a folder with one file per mart; Excel: one workbook, a sheet per mart."""
    if fmt == "xlsx":
        path = out if out.suffix == ".xlsx" else out.with_suffix(".xlsx")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(excel_workbook(frames))
        return path
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if fmt == "csv":
            (out / f"{name}.csv").write_bytes(csv_bytes(frame))
        else:
            buffer = io.BytesIO()
            frame.to_parquet(buffer, index=False)
            (out / f"{name}.parquet").write_bytes(buffer.getvalue())
    return out
