"""A small, hand-made raw database for the warehouse tests.

Named warehouse_* so that it cannot collide with other helpers under tests/integration.

The raw tables are created from the source contracts (`raw_table_ddl`), exactly as ingestion
creates them, and filled with a deterministic month-by-month history of three regions and two
secretariats. One region (SOUTH_SINAI) sends nothing at all for two months (SILENT_MONTHS).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence

import duckdb

from mizan.calendar import write_calendar
from mizan.ingest.contracts import CONTRACTS, raw_table_ddl
from mizan.ingest.store import INGEST_LOG_DDL
from mizan.org import OrgProfile

REGIONS = (
    # code, iso, name_ar, name_en, population
    ("CAIRO", "EG-C", "القاهرة", "Cairo", 9_539_673),
    ("GIZA", "EG-GZ", "الجيزة", "Giza", 8_632_021),
    ("SOUTH_SINAI", "EG-JS", "جنوب سيناء", "South Sinai", 102_018),
)
SECRETARIATS = (
    ("PR", "أمانة العلاقات العامة", "Public Relations"),
    ("MEDIA", "أمانة الإعلام", "Media"),
)
FIRST_MONTH = dt.date(2024, 1, 1)
N_MONTHS = 15  # 2024-01 .. 2025-03: long enough for year-on-year changes
SILENT_REGION = "SOUTH_SINAI"
SILENT_MONTHS = (dt.date(2024, 6, 1), dt.date(2024, 7, 1))
INGESTED_AT = dt.datetime(2025, 4, 2, 8, 0, 0)

Row = dict[str, object]


def months() -> list[dt.date]:
    out, month = [], FIRST_MONTH
    for _ in range(N_MONTHS):
        out.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def create_raw_tables(con: duckdb.DuckDBPyConnection, profile: OrgProfile | None = None) -> None:
    """The raw tables of every source, and the org tables filled with the three test regions
    and two secretariats — or with a whole organisation profile."""
    con.execute("create schema if not exists raw")
    for contract in CONTRACTS.values():
        con.execute(raw_table_ddl(contract))
    con.execute(INGEST_LOG_DDL)  # empty: every record's file read as carrying every column
    con.execute(
        "create table if not exists raw.org_regions (code varchar primary key, iso_3166_2 varchar,"
        " name_ar varchar, name_en varchar, population bigint, population_year integer,"
        " parent varchar)"
    )
    con.execute(
        "create table if not exists raw.org_secretariats (code varchar primary key,"
        " name_ar varchar, name_en varchar)"
    )
    if profile is None:
        regions = [[*r, 2017, "EG"] for r in REGIONS]
        secretariats = [list(s) for s in SECRETARIATS]
    else:
        regions = [
            [r.code, r.iso_3166_2, r.name_ar, r.name_en, r.population, r.population_year, r.parent]
            for r in profile.regions
        ]
        secretariats = [[s.code, s.name_ar, s.name_en] for s in profile.secretariats]
    con.executemany("insert into raw.org_regions values (?, ?, ?, ?, ?, ?, ?)", regions)
    con.executemany("insert into raw.org_secretariats values (?, ?, ?)", secretariats)
    # the calendar a build writes (mizan.calendar), covering the test data's months
    write_calendar(con, dt.date(2015, 1, 1), dt.date(2040, 12, 1))


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    source: str,
    rows: Sequence[Mapping[str, object]],
    ingested_at: dt.datetime = INGESTED_AT,
    file_sha256: str = "test-file",
) -> None:
    """Upsert rows as ingestion does (latest file wins), with lineage columns filled in."""
    if not rows:
        return
    contract = CONTRACTS[source]
    columns = [*contract.field_names, "_file_sha256", "_row_number", "_ingested_at"]
    values = [
        [row.get(name) for name in contract.field_names] + [file_sha256, i + 1, ingested_at]
        for i, row in enumerate(rows)
    ]
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"insert or replace into raw.{source} ({', '.join(columns)}) values ({placeholders})",
        values,
    )


def _in_silence(region: str, *dates: dt.date | dt.datetime | None) -> bool:
    if region != SILENT_REGION:
        return False
    return any(d is not None and dt.date(d.year, d.month, 1) in SILENT_MONTHS for d in dates)


def _after_silence(value: dt.datetime) -> dt.datetime:
    """The same time of day on a day of the month after the silent months."""
    return value.replace(year=2024, month=8, day=min(value.day, 28))


def generate(seed: int = 7) -> dict[str, list[Row]]:
    """The history: every region × secretariat × month gets a handful of rows of every source,
    except the silent region in its silent months; dates are made to fall outside them."""
    rnd = random.Random(seed)
    data: dict[str, list[Row]] = {source: [] for source in CONTRACTS}
    serial = iter(range(1, 1_000_000))
    for month in months():
        for region, *_ in REGIONS:
            if region == SILENT_REGION and month in SILENT_MONTHS:
                continue
            for secretariat, *_ in SECRETARIATS:
                unit = (region, secretariat, month, rnd, serial)
                data["meetings"] += _meetings(*unit)
                data["meeting_actions"] += _actions(*unit)
                data["initiatives"] += _initiatives(*unit)
                data["media_coverage"] += _media(*unit)
                data["complaints"] += _complaints(*unit)
    return data


def _day(month: dt.date, rnd: random.Random) -> dt.date:
    return month + dt.timedelta(days=rnd.randrange(0, 28))


def _meetings(region, secretariat, month, rnd, serial) -> list[Row]:
    rows = []
    for _ in range(rnd.randint(1, 5)):
        status = rnd.choice(["held", "held", "held", "planned", "postponed", "cancelled"])
        invited = rnd.randint(5, 30)
        rows.append(
            {
                "meeting_id": f"M{next(serial)}",
                "region_code": region,
                "secretariat_code": secretariat,
                "meeting_date": _day(month, rnd),
                "meeting_type": rnd.choice(
                    ["internal", "executive_body", "political_entity", "community_partner", "media"]
                ),
                "status": status,
                "title": "اجتماع تنسيقي",
                "invited": invited if rnd.random() > 0.1 else None,
                "attended": rnd.randint(0, invited) if status == "held" else None,
                "decisions": rnd.randint(0, 6) if status == "held" else None,
            }
        )
    return rows


def _actions(region, secretariat, month, rnd, serial) -> list[Row]:
    rows = []
    for _ in range(rnd.randint(0, 4)):
        issued = _day(month, rnd)
        due = issued + dt.timedelta(days=rnd.randint(3, 45))
        closed = issued + dt.timedelta(days=rnd.randint(1, 70)) if rnd.random() < 0.75 else None
        status = "closed" if closed else rnd.choice(["open", "in_progress", "cancelled"])
        if _in_silence(region, due, closed):
            due = due if not _in_silence(region, due) else dt.date(2024, 8, 5)
            closed = closed if not _in_silence(region, closed) else dt.date(2024, 8, 3)
        rows.append(
            {
                "action_id": f"A{next(serial)}",
                "origin": rnd.choice(["meeting", "meeting", "directive"]),
                "region_code": region,
                "secretariat_code": secretariat,
                "title": "متابعة",
                "issued_date": issued,
                "due_date": due,
                "closed_date": closed,
                "status": status,
            }
        )
    return rows


PARTNERS = (
    "ngo: جمعية الأورمان",
    "education: جامعة القاهرة",
    "religious: الأزهر",
    "social: مركز شباب الجزيرة",
    "private: شركة النيل",
    "ngo: بنك الطعام",
)


def _initiatives(region, secretariat, month, rnd, serial) -> list[Row]:
    rows = []
    for _ in range(rnd.randint(0, 3)):
        planned_start = _day(month, rnd)
        planned_end = planned_start + dt.timedelta(days=rnd.randint(0, 40))
        status = rnd.choice(
            ["completed", "completed", "completed", "in_progress", "planned", "cancelled"]
        )
        actual_start = (
            planned_start + dt.timedelta(days=rnd.randint(0, 5))
            if status in ("completed", "in_progress")
            else None
        )
        if _in_silence(region, actual_start):
            actual_start = planned_start
        actual_end = (
            planned_end + dt.timedelta(days=rnd.randint(-3, 10)) if status == "completed" else None
        )
        if actual_end is not None and actual_start is not None and actual_end < actual_start:
            actual_end = actual_start
        if _in_silence(region, planned_end, actual_end):
            planned_end = dt.date(2024, 8, 10)
            if actual_end is not None:
                actual_end = dt.date(2024, 8, 12)
        kind = rnd.choice(["community_initiative", "mass_event", "awareness_campaign", "workshop"])
        partners = "; ".join(rnd.sample(PARTNERS, rnd.randint(0, 3))) or None
        rows.append(
            {
                "initiative_id": f"I{next(serial)}",
                "region_code": region,
                "secretariat_code": secretariat,
                "title": "مبادرة",
                "initiative_type": kind,
                "status": status,
                "planned_start": planned_start,
                "planned_end": planned_end,
                "actual_start": actual_start,
                "actual_end": actual_end,
                "beneficiaries": rnd.randint(20, 2000) if rnd.random() > 0.1 else None,
                "attendees": rnd.randint(100, 5000) if kind == "mass_event" else None,
                "partners": partners,
                "budget_planned": rnd.randint(1000, 50000),
                "budget_spent": rnd.randint(800, 60000) if status == "completed" else None,
            }
        )
    return rows


def _media(region, secretariat, month, rnd, serial) -> list[Row]:
    rows = []
    for _ in range(rnd.randint(2, 8)):
        outlet_type = rnd.choice(["print", "tv", "radio", "online_news", "social", "social"])
        owned = "owned" if outlet_type == "social" and rnd.random() < 0.6 else "earned"
        day = _day(month, rnd)
        rows.append(
            {
                "item_id": f"N{next(serial)}",
                "region_code": region,
                "secretariat_code": secretariat if rnd.random() > 0.2 else None,
                "published_at": dt.datetime(day.year, day.month, day.day, rnd.randint(0, 23)),
                "outlet": "وسيلة",
                "outlet_type": outlet_type,
                "owned_or_earned": owned,
                "sentiment": rnd.choice(["positive", "positive", "neutral", "negative"]),
                "reach": rnd.randint(100, 100000) if rnd.random() > 0.1 else None,
                "impressions": rnd.randint(500, 200000) if outlet_type == "social" else None,
                "engagements": rnd.randint(0, 5000) if outlet_type == "social" else None,
                "key_messages": rnd.choice([None, "KM01", "KM01|KM03", "KM02"]),
            }
        )
    return rows


def _complaints(region, secretariat, month, rnd, serial) -> list[Row]:
    rows = []
    for _ in range(rnd.randint(2, 10)):
        day = _day(month, rnd)
        received = dt.datetime(day.year, day.month, day.day, rnd.randint(0, 23), rnd.randint(0, 59))
        # source files carry whole seconds
        first = (
            received + dt.timedelta(seconds=rnd.randint(600, 60 * 3600))
            if rnd.random() < 0.85
            else None
        )
        resolved = (
            (first or received) + dt.timedelta(seconds=rnd.randint(3600, 400 * 3600))
            if rnd.random() < 0.7
            else None
        )
        if first and _in_silence(region, first):
            first = _after_silence(first)
        if resolved and _in_silence(region, resolved):
            resolved = _after_silence(resolved)
        if first and resolved and resolved < first:
            resolved = first
        status = "resolved" if resolved else rnd.choice(["open", "in_progress"])
        rows.append(
            {
                "ticket_id": f"T{next(serial)}",
                "region_code": region,
                "secretariat_code": secretariat,
                "channel": rnd.choice(["phone", "social", "app", "web", "walk_in", "email"]),
                "kind": rnd.choice(["complaint", "complaint", "inquiry", "suggestion"]),
                "category": rnd.choice(["cleaning", "lighting", "paving", "water", "other"]),
                "received_at": received,
                "first_response_at": first,
                "resolved_at": resolved,
                "status": status,
                "reopened_count": rnd.choice([0, 0, 0, 1]) if resolved else 0,
                "satisfaction": rnd.randint(1, 5) if resolved and rnd.random() < 0.6 else None,
            }
        )
    return rows


def build_raw_database(path: str, data: Mapping[str, Iterable[Row]] | None = None) -> None:
    data = generate() if data is None else data
    con = duckdb.connect(path)
    try:
        create_raw_tables(con)
        for source, rows in data.items():
            insert_rows(con, source, list(rows))
    finally:
        con.close()
