"""The months a deployment reports on, generated from its settings and its data (raw.calendar_months).

Every Gregorian month from MIZAN_FIRST_MONTH to two years after the later of this month and the
last month anything happened in, with Gregorian and Hijri (Umm al-Qura) labels in Arabic and
English. A build writes it after ingesting (`load_calendar`), so history of any age counts once
the setting reaches back to it; a record dated before the first month is never dropped quietly:
`outside_calendar` finds it and the ingest's blocking check names the setting to change.

Each Gregorian month spans one or two Hijri months (via `hijridate`); the label names both, e.g.
"جمادى الأولى – جمادى الآخرة ١٤٤٧ هـ".
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

import duckdb
import pyarrow as pa
from hijridate import Gregorian

SCHEMA = "raw"
TABLE = f"{SCHEMA}.calendar_months"
# The months hijridate's Umm al-Qura tables cover (1343-01 AH .. 1500-12 AH).
FIRST_SUPPORTED = dt.date(1924, 9, 1)
LAST_SUPPORTED = dt.date(2077, 10, 1)
MONTHS_AHEAD = 24  # beyond this month and the last month of the data

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
GREGORIAN_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
DASH = " – "

COLUMNS = {
    "month_start": "DATE",
    "month_end": "DATE",
    "year": "INTEGER",
    "month": "INTEGER",
    "quarter": "INTEGER",
    "days_in_month": "INTEGER",
    "gregorian_label_ar": "VARCHAR",
    "gregorian_label_en": "VARCHAR",
    "hijri_label_ar": "VARCHAR",
    "hijri_label_en": "VARCHAR",
    "hijri_year_start": "INTEGER",
    "hijri_month_start": "INTEGER",
    "hijri_year_end": "INTEGER",
    "hijri_month_end": "INTEGER",
}
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    + ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    + ", PRIMARY KEY (month_start))"
)

# The dates of things that happened, per source (as int_month_spine counts them).
EVENT_DATES = {
    "complaints": ("received_at", "first_response_at", "resolved_at"),
    "media_coverage": ("published_at",),
    "meetings": ("meeting_date",),
    "meeting_actions": ("issued_date", "closed_date"),
    "initiatives": ("actual_start", "actual_end"),
}


def month_start(value: str | dt.date) -> dt.date:
    if isinstance(value, str):
        return dt.datetime.strptime(value[:7], "%Y-%m").date()
    return value.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def hijri_labels(first: dt.date, last: dt.date) -> dict[str, str | int]:
    """Arabic and English labels of the Hijri months spanned by the days first..last.

    A label names the first and the last Hijri month as a range; in a few 31-day months (e.g.
    August 2019) a 29-day Hijri month lies wholly inside, and the range includes it.
    """
    start = Gregorian(first.year, first.month, first.day).to_hijri()
    end = Gregorian(last.year, last.month, last.day).to_hijri()
    ar_start, ar_end = start.month_name("ar"), end.month_name("ar")
    en_start, en_end = start.month_name("en"), end.month_name("en")
    if (start.year, start.month) == (end.year, end.month):
        label_ar = f"{ar_start} {start.year}"
        label_en = f"{en_start} {start.year}"
    elif start.year == end.year:
        label_ar = f"{ar_start}{DASH}{ar_end} {start.year}"
        label_en = f"{en_start}{DASH}{en_end} {start.year}"
    else:
        label_ar = f"{ar_start} {start.year}{DASH}{ar_end} {end.year}"
        label_en = f"{en_start} {start.year}{DASH}{en_end} {end.year}"
    return {
        "hijri_label_ar": f"{label_ar} هـ".translate(ARABIC_DIGITS),
        "hijri_label_en": f"{label_en} AH",
        "hijri_year_start": start.year,
        "hijri_month_start": start.month,
        "hijri_year_end": end.year,
        "hijri_month_end": end.month,
    }


def month_rows(first: dt.date, last: dt.date) -> list[dict[str, object]]:
    """One row per Gregorian month from first to last (inclusive), with its labels."""
    out = []
    month = month_start(first)
    while month <= last:
        year, number = month.year, month.month
        end = dt.date(year, number, _calendar.monthrange(year, number)[1])
        out.append(
            {
                "month_start": month,
                "month_end": end,
                "year": year,
                "month": number,
                "quarter": (number - 1) // 3 + 1,
                "days_in_month": end.day,
                "gregorian_label_ar": f"{GREGORIAN_AR[number - 1]} {year}".translate(ARABIC_DIGITS),
                "gregorian_label_en": f"{_calendar.month_name[number]} {year}",
                **hijri_labels(month, end),
            }
        )
        month = add_months(month, 1)
    return out


def data_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """The first and last month in which anything happened in the raw tables."""
    present = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [SCHEMA]
        ).fetchall()
    }
    parts = [
        f"SELECT min({c}) AS lo, max({c}) AS hi FROM {SCHEMA}.{source}"
        for source, columns in EVENT_DATES.items()
        if source in present
        for c in columns
    ]
    if not parts:
        return None, None
    lo, hi = con.execute(
        f"SELECT CAST(min(lo) AS DATE), CAST(max(hi) AS DATE) FROM ({' UNION ALL '.join(parts)})"
    ).fetchall()[0]
    return (month_start(lo) if lo else None, month_start(hi) if hi else None)


def calendar_range(
    first_month: str | dt.date, last_data_month: dt.date | None, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The calendar's first and last month: from the setting to MONTHS_AHEAD months past the
    later of this month and the data's last month (within hijridate's supported range)."""
    today = today or dt.date.today()
    first = max(month_start(first_month), FIRST_SUPPORTED)
    last = add_months(max(month_start(today), last_data_month or first), MONTHS_AHEAD)
    return first, min(max(last, first), LAST_SUPPORTED)


def write_calendar(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> int:
    """(Re)write raw.calendar_months with the months first..last, in one transaction."""
    rows = month_rows(first, last)
    table = pa.table(
        {
            name: pa.array(
                [r[name] for r in rows],
                pa.date32() if kind == "DATE" else pa.int32() if kind == "INTEGER" else pa.string(),
            )
            for name, kind in COLUMNS.items()
        }
    )
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.register("_mz_calendar_arrow", table)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(DDL)
        con.execute(f"DELETE FROM {TABLE}")
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM _mz_calendar_arrow")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_mz_calendar_arrow")
    return len(rows)


def load_calendar(
    con: duckdb.DuckDBPyConnection, first_month: str, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """Write the calendar that covers the settings and the data; return its first and last month."""
    _, last_data = data_bounds(con)
    first, last = calendar_range(first_month, last_data, today)
    write_calendar(con, first, last)
    return first, last


def outside_calendar(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, object] | None:
    """The records of a source dated outside raw.calendar_months (which would count in no month):
    how many, the earliest and latest such date, and the calendar's bounds; None when all fit."""
    columns = EVENT_DATES.get(source, ())
    if not columns:
        return None
    lo, hi = con.execute(f"SELECT min(month_start), max(month_end) FROM {TABLE}").fetchall()[0]
    if lo is None:
        return None
    outside = " OR ".join(f"CAST({c} AS DATE) < $lo OR CAST({c} AS DATE) > $hi" for c in columns)
    dates = ", ".join(f"CAST({c} AS DATE)" for c in columns)
    n, first, last = con.execute(
        f"SELECT count(*), min(least({dates})), max(greatest({dates})) "
        f"FROM {SCHEMA}.{source} WHERE {outside}",
        {"lo": lo, "hi": hi},
    ).fetchall()[0]
    if not n:
        return None
    return {"records": int(n), "earliest": first, "latest": last, "first": lo, "last": hi}
