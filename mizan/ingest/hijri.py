"""Hijri (Umm al-Qura) to Gregorian conversion, as a lookup table built once from `hijridate`.

Saudi and many Gulf records are dated in the Umm al-Qura calendar (e.g. ١٤٤٧/٠٥/٠٣ هـ). The
calendar is tabular, not arithmetic, so conversion is a lookup: one row per Hijri month (year,
month, its first day in the Gregorian calendar, its length in days). The ingest SQL joins to that
table (`HIJRI_TABLE`) instead of converting row by row in Python; a day beyond the month's length
(e.g. 30 of a 29-day month) finds no date and is quarantined as invalid.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import duckdb
import pyarrow as pa
from hijridate import Hijri

# The range hijridate's Umm al-Qura tables cover (1343-01-01 AH = 1924-08-01).
HIJRI_MIN_YEAR = 1343
HIJRI_MAX_YEAR = 1500
HIJRI_TABLE = "_mizan_hijri_months"


@cache
def hijri_months() -> pa.Table:
    """One row per Hijri month in the supported range: hy, hm, gstart (DATE), ndays."""
    years, months, starts, lengths = [], [], [], []
    for year in range(HIJRI_MIN_YEAR, HIJRI_MAX_YEAR + 1):
        for month in range(1, 13):
            first = Hijri(year, month, 1)
            years.append(year)
            months.append(month)
            starts.append(first.to_gregorian())
            lengths.append(first.month_length())
    return pa.table(
        {
            "hy": pa.array(years, pa.int32()),
            "hm": pa.array(months, pa.int32()),
            "gstart": pa.array(starts, pa.date32()),
            "ndays": pa.array(lengths, pa.int32()),
        }
    )


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of an Umm al-Qura date, or None if there is no such day (or it is out of
    the supported range). Uses the same month table as the SQL, so both agree by construction."""
    if not (HIJRI_MIN_YEAR <= year <= HIJRI_MAX_YEAR and 1 <= month <= 12 and day >= 1):
        return None
    row = (year - HIJRI_MIN_YEAR) * 12 + (month - 1)
    table = hijri_months()
    if day > table["ndays"][row].as_py():
        return None
    return table["gstart"][row].as_py() + dt.timedelta(days=day - 1)


def ensure_hijri_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the connection-local (TEMP) lookup table once; cheap on later calls."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [HIJRI_TABLE]
    ).fetchall()
    if exists[0][0]:
        return
    con.register("_mizan_hijri_arrow", hijri_months())
    try:
        con.execute(f"CREATE TEMP TABLE {HIJRI_TABLE} AS SELECT * FROM _mizan_hijri_arrow")
    finally:
        con.unregister("_mizan_hijri_arrow")
