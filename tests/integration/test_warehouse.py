"""The dbt project end to end on a small, hand-made raw database.

- three KPIs of different kinds (a count, a ratio, a median of durations) recomputed here with
  plain SQL over the raw tables — not the models — match fct_kpi_monthly for every month,
  region and secretariat, roll-ups included;
- a region that sent nothing for two months shows no data (null value, grey or no RAG,
  has_data false), not zeros, and its composite is flagged;
- a late file for old months (new records, a resolution, a date moved to another month), built
  incrementally, gives the same marts as a full refresh;
- both demo organisation profiles build with the generic seeds.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from mizan.org import load_profile
from tests.integration import warehouse_raw_data as raw
from tests.support.shared_homes import build_once

# dbt builds of a few seconds each (the module's build is shared by the workers: `built`)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("warehouse")]

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
MARTS = (
    "dim_region",
    "dim_secretariat",
    "dim_month",
    "dim_kpi",
    "fct_meetings",
    "fct_meeting_actions",
    "fct_initiatives",
    "fct_media_coverage",
    "fct_complaints",
    "fct_kpi_monthly",
    "fct_kpi_rows",
    "fct_initiative_partners",
    "fct_initiative_months",
    "fct_input_coverage",
    "mart_pillar_scores",
    "mart_scorecard",
    "mart_league_table",
)


def dbt(warehouse: Path, command: str, *args: str) -> subprocess.CompletedProcess:
    """Run a dbt command on the warehouse file."""
    work = warehouse.parent / "dbt"
    env = {
        **os.environ,
        "MIZAN_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    command_line = [
        str(DBT), command, "--profiles-dir", str(REPO), "--project-dir", str(REPO),
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"), *args,
    ]  # fmt: skip
    return subprocess.run(command_line, cwd=REPO, env=env, capture_output=True, text=True)


def dbt_build(warehouse: Path, *args: str) -> None:
    """Run `dbt build` on the warehouse file; fail the test with dbt's output if it fails."""
    result = dbt(warehouse, "build", *args)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _build_warehouse(home: Path) -> None:
    warehouse = home / "warehouse.duckdb"
    raw.build_raw_database(str(warehouse))
    dbt_build(warehouse)


@pytest.fixture(scope="module")
def built(tmp_path_factory, worker_id) -> Path:
    """The small raw database, built with the full dbt build (unit and data tests too) once for
    the session, shared by the xdist workers: tests must not modify it (copy it to change
    anything). The only place the suite runs the dbt unit tests."""
    home = build_once(tmp_path_factory, worker_id, "warehouse", _build_warehouse)
    return home / "warehouse.duckdb"


# --- independent recomputation over the raw tables -------------------------------------------

# Each raw row counts for its unit and for the roll-ups: (region, secretariat), (region, ALL),
# (ALL, secretariat), (ALL, ALL) — written here with DuckDB's list unnesting, not grouping sets.
UNITS = """
    unnest([region_code, region_code, 'ALL', 'ALL']) as unit_region,
    unnest([secretariat_code, 'ALL', secretariat_code, 'ALL']) as unit_secretariat
"""

INDEPENDENT_SQL = f"""
with bounds as (
    select min(d) as first_day, max(d) as last_day from (
        select cast(received_at as date) as d from raw.complaints
        union all select cast(first_response_at as date) from raw.complaints
        union all select cast(resolved_at as date) from raw.complaints
        union all select cast(published_at as date) from raw.media_coverage
        union all select meeting_date from raw.meetings where status = 'held'
        union all select issued_date from raw.meeting_actions
        union all select closed_date from raw.meeting_actions
        union all select actual_start from raw.initiatives
        union all select actual_end from raw.initiatives
    )
),
months as (
    select cast(m as date) as month_start
    from bounds, range(date_trunc('month', first_day), last_day + 1, interval 1 month) as t(m)
),
units as (
    select r.code as unit_region, s.code as unit_secretariat
    from (select code from raw.org_regions union all select 'ALL') as r
    cross join (select code from raw.org_secretariats union all select 'ALL') as s
),
tickets as (
    select
        *,
        {UNITS},
        date_trunc('month', received_at) as received_month,
        first_response_at <= received_at + to_seconds(
            cast((select first_response_sla_hours from reference.sla_by_channel s
                  where s.channel = c.channel) * 3600 as bigint)
        ) as answered_in_time,
        epoch(first_response_at - received_at) / 3600 as first_response_hours
    from raw.complaints as c
),
activity as (
    select unit_region, unit_secretariat, date_trunc('month', received_at) as month_start
    from tickets
    union
    select unit_region, unit_secretariat, date_trunc('month', first_response_at) from tickets
    where first_response_at is not null
    union
    select unit_region, unit_secretariat, date_trunc('month', resolved_at) from tickets
    where resolved_at is not null
),
received as (
    select
        unit_region,
        unit_secretariat,
        received_month as month_start,
        count(*) as received,
        count(*) filter (where answered_in_time) as answered_in_time,
        median(first_response_hours) as median_first_response_hours
    from tickets
    group by all
)
select
    months.month_start,
    units.unit_region,
    units.unit_secretariat,
    activity.month_start is not null as has_data,
    case when activity.month_start is not null then coalesce(received.received, 0) end,
    case when activity.month_start is not null
        then cast(received.answered_in_time as double) / nullif(received.received, 0) end,
    case when activity.month_start is not null then received.median_first_response_hours end
from months
cross join units
left join activity
    on activity.unit_region = units.unit_region
    and activity.unit_secretariat = units.unit_secretariat
    and activity.month_start = months.month_start
left join received
    on received.unit_region = units.unit_region
    and received.unit_secretariat = units.unit_secretariat
    and received.month_start = months.month_start
"""

MODEL_SQL = """
select
    month_start, region_code, secretariat_code,
    max(has_data) filter (where kpi_code = 'CMP_RECEIVED'),
    max(value) filter (where kpi_code = 'CMP_RECEIVED'),
    max(value) filter (where kpi_code = 'CMP_FIRST_RESPONSE_SLA'),
    max(value) filter (where kpi_code = 'CMP_MEDIAN_FIRST_RESPONSE_H')
from marts.fct_kpi_monthly
where kpi_code in ('CMP_RECEIVED', 'CMP_FIRST_RESPONSE_SLA', 'CMP_MEDIAN_FIRST_RESPONSE_H')
group by all
"""


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)


def test_three_kpis_match_an_independent_query_for_every_month_region_and_secretariat(built):
    expected = {row[:3]: row[3:] for row in query(built, INDEPENDENT_SQL)}
    actual = {row[:3]: row[3:] for row in query(built, MODEL_SQL)}
    # months × (3 regions + ALL) × (2 secretariats + ALL); the history spans 15 months of
    # receipts and its responses and resolutions run on after them
    assert len(expected) >= raw.N_MONTHS * 4 * 3
    assert actual.keys() == expected.keys()
    mismatches = [
        (key, expected[key], actual[key])
        for key in sorted(expected)
        if not all(_same(e, a) for e, a in zip(expected[key], actual[key], strict=True))
    ]
    assert not mismatches, mismatches[:10]
    # the comparison is not vacuous: real counts, ratios and medians were compared
    values = list(expected.values())
    assert sum(1 for v in values if v[1]) > 100
    assert sum(1 for v in values if v[2] is not None and 0 < v[2] < 1) > 50
    assert sum(1 for v in values if v[3] is not None) > 100


def test_a_silent_region_shows_no_data_not_zeros(built):
    silent = [m.isoformat() for m in raw.SILENT_MONTHS]
    rows = query(
        built,
        """select has_data, value, numerator, rag, score, rank_in_month
           from marts.fct_kpi_monthly
           where region_code = ? and cast(month_start as varchar) in (?, ?)""",
        [raw.SILENT_REGION, *silent],
    )
    assert len(rows) == 2 * 3 * 32  # two months × (2 secretariats + ALL) × every KPI
    assert all(has_data is False for has_data, *_ in rows)
    assert all(value is None and numerator is None for _, value, numerator, *_ in rows)
    assert {rag for *_, rag, _, _ in rows} == {"grey", None}  # never red, never green
    assert all(score is None and rank is None for *_, score, rank in rows)
    # the other regions did report those months, and their counts can be zero: zero ≠ no data
    reported = query(
        built,
        """select count(*) from marts.fct_kpi_monthly
           where region_code <> ? and region_code <> 'ALL' and has_data
             and cast(month_start as varchar) in (?, ?)""",
        [raw.SILENT_REGION, *silent],
    )
    assert reported[0][0] > 0
    # its composite is absent and flagged, and it is not ranked
    scorecard = query(
        built,
        """select composite_score, pillars_covered, is_partial, has_data from marts.mart_scorecard
           where region_code = ? and secretariat_code = 'ALL'
             and cast(month_start as varchar) in (?, ?)""",
        [raw.SILENT_REGION, *silent],
    )
    assert scorecard == [(None, 0, True, False)] * 2
    league = query(
        built,
        """select rank, is_partial, regions_ranked from marts.mart_league_table
           where region_code = ? and cast(month_start as varchar) in (?, ?)""",
        [raw.SILENT_REGION, *silent],
    )
    assert league == [(None, True, 2)] * 2


def test_every_region_and_secretariat_appears_every_month(built):
    (count, months), *_ = query(
        built,
        "select count(*), count(distinct month_start) from marts.fct_kpi_monthly",
    )
    assert count == months * 4 * 3 * 32
    league = query(built, "select count(*) from marts.mart_league_table")
    assert league[0][0] == months * 3


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {table: query(warehouse, f"select * from marts.{table} order by all") for table in MARTS}


RECEIVED_CAIRO_PR_MARCH_2024 = """
    select value from marts.fct_kpi_monthly
    where month_start = '2024-03-01' and region_code = 'CAIRO' and secretariat_code = 'PR'
      and kpi_code = 'CMP_RECEIVED'
"""


def test_incremental_build_of_a_late_file_equals_a_full_refresh(built, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built, warehouse)
    late = dt.datetime(2025, 5, 1, 9, 0, 0)
    con = duckdb.connect(str(warehouse))
    try:
        received_before = con.execute(RECEIVED_CAIRO_PR_MARCH_2024).fetchone()[0]
        open_ticket = con.execute(
            """select ticket_id, received_at from raw.complaints
               where resolved_at is null and region_code = 'GIZA' order by received_at limit 1"""
        ).fetchone()
        old = con.execute("select * from raw.complaints where ticket_id = ?", [open_ticket[0]])
        ticket = dict(zip([d[0] for d in old.description], old.fetchone(), strict=True))
        # a late file: two tickets for March 2024, the resolution of an old open ticket, and a
        # meeting held in May 2024
        raw.insert_rows(
            con,
            "complaints",
            [
                {
                    "ticket_id": f"LATE{i}",
                    "region_code": "CAIRO",
                    "secretariat_code": "PR",
                    "channel": "phone",
                    "kind": "complaint",
                    "category": "water",
                    "received_at": dt.datetime(2024, 3, 10 + i, 9, 30),
                    "first_response_at": dt.datetime(2024, 3, 10 + i, 11, 0),
                    "status": "open",
                }
                for i in range(2)
            ]
            + [
                {
                    **ticket,
                    "resolved_at": ticket["received_at"] + dt.timedelta(days=40),
                    "status": "resolved",
                }
            ],
            ingested_at=late,
            file_sha256="late-file",
        )
        raw.insert_rows(
            con,
            "meetings",
            [
                {
                    "meeting_id": "LATE-M",
                    "region_code": "GIZA",
                    "secretariat_code": "MEDIA",
                    "meeting_date": dt.date(2024, 5, 20),
                    "meeting_type": "executive_body",
                    "status": "held",
                    "invited": 10,
                    "attended": 9,
                }
            ],
            ingested_at=late,
            file_sha256="late-file",
        )
        # a correction that moves a held meeting to another month: the month it left changes too
        moved = con.execute(
            """select * from raw.meetings where status = 'held' and region_code = 'CAIRO'
               and meeting_date between '2024-04-01' and '2024-04-30' limit 1"""
        )
        meeting = dict(zip([d[0] for d in moved.description], moved.fetchone(), strict=True))
        raw.insert_rows(
            con,
            "meetings",
            [{**meeting, "meeting_date": dt.date(2024, 9, 15)}],
            ingested_at=late,
            file_sha256="late-correction",
        )
    finally:
        con.close()

    dbt_build(warehouse, "--exclude", "test_type:unit")
    incremental = _snapshot(warehouse)
    received_after = query(warehouse, RECEIVED_CAIRO_PR_MARCH_2024)[0][0]
    assert received_after == received_before + 2  # the late file was picked up

    dbt_build(warehouse, "--full-refresh", "--exclude", "test_type:unit")
    full = _snapshot(warehouse)
    for table in MARTS:
        assert incremental[table] == full[table], table


@pytest.mark.parametrize("profile_name", ["party-eg", "municipal-sa"])
def test_both_profiles_build_with_the_generic_seeds(profile_name, tmp_path):
    profile = load_profile(profile_name)
    regions = profile.region_codes
    secretariats = profile.secretariat_codes
    # the small history, moved onto two regions and two secretariats of this profile
    rename_region = dict(zip((r[0] for r in raw.REGIONS), regions[:3], strict=True))
    rename_secretariat = dict(zip((s[0] for s in raw.SECRETARIATS), secretariats[:2], strict=True))
    data = {
        source: [
            {
                **row,
                "region_code": rename_region[row["region_code"]],
                "secretariat_code": rename_secretariat.get(row["secretariat_code"]),
            }
            for row in rows
        ]
        for source, rows in raw.generate().items()
    }
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        raw.create_raw_tables(con, profile)
        for source, rows in data.items():
            raw.insert_rows(con, source, rows)
    finally:
        con.close()
    dbt_build(warehouse, "--exclude", "test_type:unit")
    (n_regions, targeted, rated), *_ = query(
        warehouse,
        """select count(distinct region_code), count(target), count(rag) filter (rag <> 'grey')
           from marts.fct_kpi_monthly""",
    )
    assert n_regions == len(regions) + 1  # every region of the profile, and ALL
    assert targeted > 0 and rated > 0


# --- not reported: a file without an optional column --------------------------------------------

REOPEN_HEADER = [
    "رقم البلاغ", "المحافظة", "الأمانة المختصة", "قناة الاستلام", "نوع البلاغ", "التصنيف",
    "تاريخ الاستلام", "تاريخ أول رد", "تاريخ الحل", "حالة البلاغ", "عدد مرات إعادة الفتح",
    "تقييم الرضا",
]  # fmt: skip
LATE_MONTH = dt.date(2025, 6, 1)  # months after the hand-made history: only this file's records


def _june_complaints(with_reopened: bool) -> tuple[list[str], list[list[str]]]:
    rows = []
    for i in range(14):
        reopened = "1" if i % 5 == 0 else "0"
        rows.append([
            f"NR-{i:03d}", "محافظة القاهرة", "العلاقات العامة", "هاتف", "شكوى", "نظافة",
            f"2025-06-{i + 1:02d} 09:00", f"2025-06-{i + 1:02d} 10:00",
            f"2025-06-{i + 2:02d} 11:00", "تم الحل", reopened, "4",
        ])  # fmt: skip
    if with_reopened:
        return REOPEN_HEADER, rows
    drop = REOPEN_HEADER.index("عدد مرات إعادة الفتح")
    return (
        [h for i, h in enumerate(REOPEN_HEADER) if i != drop],
        [[c for i, c in enumerate(r) if i != drop] for r in rows],
    )


def _ingest_and_build(built: Path, home: Path, with_reopened: bool) -> Path:
    from mizan.ingest.api import ingest_files
    from mizan.settings import Settings
    from tests.integration.ingest_helpers import write_csv

    settings = Settings.from_env(
        home=home, profile="party-eg", timezone="Africa/Cairo", secret="test-secret"
    )
    settings.ensure_dirs()
    shutil.copy(built, settings.warehouse_path)
    header, rows = _june_complaints(with_reopened)
    path = write_csv(settings.inbox_for("complaints") / "cairo_2025-06.csv", header, rows)
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        receipts = ingest_files(
            con, "complaints", [path], settings=settings, profile=load_profile("party-eg")
        )
    finally:
        con.close()
    assert [r.status for r in receipts] == ["loaded"]
    assert ("reopened_count" in receipts[0].columns_present) is with_reopened
    dbt_build(
        settings.warehouse_path, "--select", "+fct_kpi_monthly", "--exclude", "test_type:unit"
    )
    return settings.warehouse_path


def test_a_file_without_an_optional_column_makes_only_its_kpis_not_reported(built, tmp_path):
    """Cairo's June complaints file with and without reopened_count: without it, the reopen rate
    is not reported for Cairo (and for the organisation, Cairo being its only June data) in June —
    has_data false, value null, grey, unranked, never 0 — and every other KPI, month and region is
    exactly the same."""
    with_column = _ingest_and_build(built, tmp_path / "with", True)
    without_column = _ingest_and_build(built, tmp_path / "without", False)
    logged = query(
        without_column, "select columns_present from raw.ingest_log where status = 'loaded'"
    )
    assert len(logged) == 1 and "reopened_count" not in logged[0][0].split("|")
    assert "satisfaction" in logged[0][0].split("|")

    columns = (
        "month_start, region_code, secretariat_code, kpi_code, has_data, value_status, numerator,"
        " denominator, value, rag, score, rank_in_month, funnel_position"
    )
    sql = f"select {columns} from marts.fct_kpi_monthly order by all"
    a = {r[:4]: r for r in query(with_column, sql)}
    b = {r[:4]: r for r in query(without_column, sql)}
    assert a.keys() == b.keys()

    def equal(x, y) -> bool:
        if isinstance(x, float) or isinstance(y, float):
            return _same(x, y)
        return x == y

    changed = {
        key for key in a if not all(equal(x, y) for x, y in zip(a[key], b[key], strict=True))
    }
    assert changed == {
        (LATE_MONTH, region, secretariat, "CMP_REOPEN_RATE")
        for region in ("CAIRO", "ALL")
        for secretariat in ("PR", "ALL")
    }
    for key in changed:
        before, after = a[key], b[key]
        assert before[5] == "reported" and before[8] == pytest.approx(3 / 14)
        assert after[4:] == (False, "not_reported", None, None, None, "grey", None, None, None)


def test_funnel_limits_match_an_independent_computation_and_only_outliers_are_called_out(built):
    """CMP_RESOLVED_SLA: limits p0 ± z·sqrt(p0(1 − p0)/n) recomputed here (z from the standard
    normal distribution, p0 = the organisation's rate, n = the region's denominator); a region
    inside its 95 % limits is never flagged nor counted in the league table, whatever its rank."""
    from statistics import NormalDist

    z95, z998 = NormalDist().inv_cdf(0.975), NormalDist().inv_cdf(0.999)
    rows = query(
        built,
        """
        select f.month_start, f.region_code, f.secretariat_code, f.value, f.denominator,
               o.value as p0, f.funnel_lower_95, f.funnel_upper_95, f.funnel_lower_998,
               f.funnel_upper_998, f.funnel_position, f.funnel_flag, f.rank_in_month
        from marts.fct_kpi_monthly f
        join marts.fct_kpi_monthly o
          on o.month_start = f.month_start and o.secretariat_code = f.secretariat_code
         and o.kpi_code = f.kpi_code and o.region_code = 'ALL'
        where f.kpi_code = 'CMP_RESOLVED_SLA' and f.region_code <> 'ALL' and f.value is not null
        """,
    )
    checked = 0
    for _, _, _, value, n, p0, lo95, hi95, lo998, hi998, position, flag, _rank in rows:
        if not n or not 0 < p0 < 1:
            assert position is None
            continue
        se = math.sqrt(p0 * (1 - p0) / n)
        assert lo95 == pytest.approx(max(p0 - z95 * se, 0.0), abs=1e-6)
        assert hi95 == pytest.approx(min(p0 + z95 * se, 1.0), abs=1e-6)
        assert lo998 == pytest.approx(max(p0 - z998 * se, 0.0), abs=1e-6)
        assert hi998 == pytest.approx(min(p0 + z998 * se, 1.0), abs=1e-6)
        inside = p0 - z95 * se <= value <= p0 + z95 * se
        assert (position == "inside") is inside
        if inside:
            assert flag is None
        checked += 1
    assert checked > 10
    league = query(
        built,
        """
        select l.month_start, l.region_code, l.kpis_better_than_expected + l.kpis_worse_than_expected,
               (select count(*) from marts.fct_kpi_monthly f
                where f.month_start = l.month_start and f.region_code = l.region_code
                  and f.secretariat_code = 'ALL' and f.funnel_position <> 'inside')
        from marts.mart_league_table l
        """,
    )
    assert league and all(called == outside for _, _, called, outside in league)


# --- unknown is a value, not an invention: a KPI over it leaves such records out -------------------


def test_unknown_sentiment_is_left_out_of_net_sentiment_and_its_coverage_shown(built, tmp_path):
    """June media items the archive sent without a sentiment (`sentiment: {empty: unknown}`):
    Cairo's net sentiment is over the 4 items that have one, (2 − 1) / 4 × 100 = 25 (a small
    sample), coverage 4 of 10; Giza's items are all unknown: net sentiment not reported there (grey, unranked,
    never 0), while both regions' item counts are reported in full."""
    from mizan.ingest.api import ingest_files
    from mizan.settings import Settings
    from tests.integration.ingest_helpers import write_csv

    settings = Settings.from_env(
        home=tmp_path / "home", profile="party-eg", timezone="Africa/Cairo", secret="test-secret"
    )
    settings.ensure_dirs()
    shutil.copy(built, settings.warehouse_path)
    tones = ["positive", "positive", "negative", "neutral"] + [""] * 6
    rows = [
        [f"U-{i:02d}", "Cairo", f"2025-06-{i + 1:02d} 10:00", "print", "earned", tones[i]]
        for i in range(10)
    ] + [[f"G-{i:02d}", "Giza", f"2025-06-{i + 1:02d} 10:00", "tv", "earned", ""] for i in range(3)]
    path = write_csv(
        settings.inbox_for("media_coverage") / "archive.csv",
        ["item id", "region", "published", "outlet type", "owned/earned", "tone"],
        rows,
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text("fields:\n  sentiment: {header: tone, empty: unknown}\n", encoding="utf-8")
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        [receipt] = ingest_files(
            con, "media_coverage", [path], settings=settings,
            profile=load_profile("party-eg"), mapping=mapping,
        )  # fmt: skip
    finally:
        con.close()
    assert (receipt.status, receipt.loaded) == ("loaded", 13), receipt
    dbt_build(
        settings.warehouse_path, "--select", "+fct_kpi_monthly", "--exclude", "test_type:unit"
    )
    got = {
        (r[0], r[1]): r[2:]
        for r in query(
            settings.warehouse_path,
            "select region_code, kpi_code, value_status, value, records_active, "
            "records_reporting, rag, rank_in_month from marts.fct_kpi_monthly "
            "where month_start = ? and secretariat_code = 'ALL' "
            "and region_code in ('CAIRO', 'GIZA') "
            "and kpi_code in ('MED_ITEMS', 'MED_NET_SENTIMENT', 'MED_NEGATIVE_SHARE')",
            [LATE_MONTH],
        )
    }
    assert got[("CAIRO", "MED_ITEMS")][:2] == ("reported", 10)
    assert got[("GIZA", "MED_ITEMS")][:2] == ("reported", 3)
    status, value, active, reporting, _, _ = got[("CAIRO", "MED_NET_SENTIMENT")]
    # 4 items are fewer than the KPI's minimum sample: shown, flagged, unranked
    assert (status, active, reporting) == ("small_sample", 10, 4) and value == pytest.approx(25.0)
    assert got[("CAIRO", "MED_NEGATIVE_SHARE")][1] == pytest.approx(1 / 4)
    status, value, active, reporting, rag, rank = got[("GIZA", "MED_NET_SENTIMENT")]
    assert (status, value, active, reporting, rank) == ("not_reported", None, 3, 0, None)
    assert rag in (None, "grey")


def test_the_column_rules_of_a_staging_model_name_each_broken_rule(built, tmp_path):
    """A staging model's simple rules are one test (macros/test_column_rules.sql): broken rows
    make it fail with one row per broken rule, naming the column and counting the rows."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built, warehouse)
    con = duckdb.connect(str(warehouse))
    # the view as a broken source would make it: 3 tickets without a kind, 2 with a status no
    # contract lists, 1 rated 9 of 5; every other row and column as built
    con.execute("CREATE TABLE staging.as_built AS SELECT * FROM staging.stg_complaints")
    columns = [r[0] for r in con.execute("DESCRIBE staging.as_built").fetchall()]
    broken = {
        "kind": "CASE WHEN n <= 3 THEN NULL ELSE kind END",
        "status": "CASE WHEN n IN (4, 5) THEN 'lost' ELSE status END",
        "satisfaction": "CASE WHEN n = 6 THEN 9 ELSE satisfaction END",
    }
    select = ", ".join(f"{broken.get(c, c)} AS {c}" for c in columns)
    con.execute(
        f"CREATE OR REPLACE VIEW staging.stg_complaints AS SELECT {select} FROM "
        "(SELECT *, row_number() OVER (ORDER BY ticket_id) AS n FROM staging.as_built)"
    )
    con.close()

    result = dbt(
        warehouse, "test", "--select", "stg_complaints,test_name:column_rules", "--store-failures"
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "column_rules_stg_complaints" in result.stdout and "Got 3 results" in result.stdout
    [(schema, table)] = query(
        warehouse,
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_name LIKE 'column_rules_stg_complaints%'",
    )
    failures = query(warehouse, f'SELECT * FROM "{schema}"."{table}" ORDER BY ALL')
    assert failures == [
        ("accepted_values", "status", 2),
        ("not_null", "kind", 3),
        ("value_between", "satisfaction", 1),
    ]


def test_a_calendar_missing_event_months_fails_the_build(built, tmp_path):
    """The calendar must cover every month from the first to the last event: a month missing
    from it (or no calendar at all) would publish KPIs without those months, silently."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built, warehouse)
    select = ("--select", "the_calendar_covers_every_event_month")
    assert dbt(warehouse, "test", *select).returncode == 0
    con = duckdb.connect(str(warehouse))
    [(first, last)] = con.execute(
        "SELECT first_month, last_month FROM intermediate.int_event_months"
    ).fetchall()
    assert first < last
    con.execute("DELETE FROM raw.calendar_months WHERE month_start = ?", [last])
    con.close()
    one_missing = dbt(warehouse, "test", *select)
    assert one_missing.returncode == 1 and "Got 1 result" in one_missing.stdout

    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM raw.calendar_months")
    con.close()
    none = dbt(warehouse, "test", *select)
    assert none.returncode == 1 and "Got 1 result" in none.stdout
