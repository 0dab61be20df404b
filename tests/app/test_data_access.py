"""The data-access layer on the demo snapshot: every function takes a scope and applies it in
SQL, the rows behind a value add up to it, and a new publish is read without a restart."""

from __future__ import annotations

import inspect
import math
import os
import shutil

import duckdb
import pandas as pd
import pytest

from dashboards.data import core, explorer, operations, quality, reference, scores
from dashboards.scope import UNRESTRICTED, OutOfScope, Scope
from tests.app.helpers import snapshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("demo_snapshot"),
    pytest.mark.filterwarnings("ignore"),
]
MODULES = (reference, scores, explorer, operations, quality)


@pytest.fixture
def data(app_home):
    core.close_connection()
    with core.uncached():
        yield app_home
    core.close_connection()


@pytest.fixture
def latest(data):
    return reference.months(UNRESTRICTED).iloc[0]["month"]


@pytest.fixture
def regions(data):
    return reference.regions(UNRESTRICTED)["region_code"].tolist()


def public_functions():
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and hasattr(function, "__wrapped__"):
                yield f"{module.__name__}.{name}", function


def test_every_data_function_takes_a_scope_first():
    functions = dict(public_functions())
    assert len(functions) >= 25
    for name, function in functions.items():
        first = next(iter(inspect.signature(function).parameters.values()))
        assert first.name == "scope", name
        assert first.annotation in ("Scope", Scope), name


def test_league_table_is_mart_league_table(data, latest):
    league = scores.league_table(UNRESTRICTED, latest)
    mart = snapshot(
        data.serving_path,
        "SELECT region_code, rank, rank_change, composite_score FROM marts.mart_league_table "
        "WHERE month_start = ?::DATE",
        [latest],
    )
    merged = league.merge(mart, on="region_code", suffixes=("", "_mart"))
    assert len(merged) == len(mart) == len(league)
    pd.testing.assert_series_equal(
        merged["rank"].astype("Float64"), merged["rank_mart"].astype("Float64"), check_names=False
    )
    pd.testing.assert_series_equal(
        merged["rank_change"].astype("Float64"),
        merged["rank_change_mart"].astype("Float64"),
        check_names=False,
    )
    assert (merged["composite_score"] - merged["composite_score_mart"]).abs().max() < 1e-9


def _close(a, b) -> bool:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_the_rows_behind_every_kpi_add_up_to_its_value(data, latest, regions):
    """For every KPI, in two months, for a region, a secretariat of it and the organisation: the
    rows the drill-down filters from fct_kpi_rows add up to fct_kpi_monthly's numerator and
    denominator (a median KPI: their median is the value, their number the denominator)."""
    months = reference.months(UNRESTRICTED)["month"].tolist()
    cells = snapshot(
        data.serving_path,
        """
        SELECT f.kpi_code, f.region_code, f.secretariat_code, strftime(f.month_start, '%Y-%m-%d') AS month,
               f.numerator, f.denominator, f.value, k.aggregation
        FROM marts.fct_kpi_monthly AS f JOIN marts.dim_kpi AS k USING (kpi_code)
        WHERE f.has_data AND f.month_start IN (?::DATE, ?::DATE)
          AND f.region_code IN (?, 'ALL') AND f.secretariat_code IN ('ALL', 'PR')
        """,
        [months[0], months[len(months) // 2], regions[0]],
    )
    kpis = snapshot(data.serving_path, "SELECT kpi_code FROM marts.dim_kpi")
    assert set(cells["kpi_code"]) == set(kpis["kpi_code"])
    for cell in cells.itertuples():
        got = explorer.drill_summary(
            UNRESTRICTED, cell.kpi_code, cell.region_code, cell.month, cell.secretariat_code
        )
        numerator = None if pd.isna(cell.numerator) else float(cell.numerator)
        denominator = None if pd.isna(cell.denominator) else float(cell.denominator)
        where = f"{cell.kpi_code} {cell.region_code}/{cell.secretariat_code} {cell.month}"
        if denominator is None:
            assert got["denominator"] is None, where
        else:  # no row behind a reported KPI: a denominator of 0
            assert _close(got["denominator"] or 0.0, denominator), where
        if cell.aggregation == "median":
            assert numerator is None and got["numerator"] is None, where
            assert _close(got["median"], float(cell.value)), where
            assert got["rows"] == denominator, where
        else:
            assert _close(got["numerator"] or 0.0, numerator), where
        if cell.aggregation == "count":
            assert got["rows"] == got["counted"] == numerator, where


# Each row of fct_kpi_rows counts for its unit and for the roll-ups: (region, secretariat),
# (region, ALL), (ALL, secretariat), (ALL, ALL) — a media item without a secretariat only in the
# roll-ups over secretariats.
KPI_ROWS_ADDED_UP = """
WITH expanded AS (
    SELECT r.month_start, r.kpi_code, k.aggregation, r.record_id, r.in_numerator,
           r.numerator_value, r.denominator_value, r.observed_value,
           unnest([r.region_code, r.region_code, 'ALL', 'ALL']) AS region_code,
           unnest([r.secretariat_code, 'ALL', r.secretariat_code, 'ALL']) AS secretariat_code
    FROM marts.fct_kpi_rows AS r JOIN marts.dim_kpi AS k USING (kpi_code)
),
added_up AS (
    SELECT month_start, kpi_code, region_code, secretariat_code,
           CASE any_value(aggregation)
               WHEN 'median' THEN NULL
               WHEN 'distinct_count' THEN count(DISTINCT record_id) FILTER (WHERE in_numerator)
               ELSE sum(numerator_value)
           END AS numerator,
           sum(denominator_value) AS denominator,
           median(observed_value) AS median,
           count(*) AS rows
    FROM expanded
    WHERE secretariat_code IS NOT NULL
    GROUP BY ALL
)
SELECT f.kpi_code, f.region_code, f.secretariat_code, f.month_start, f.has_data,
       f.numerator, a.numerator, f.denominator, a.denominator, f.value, a.median
FROM marts.fct_kpi_monthly AS f
JOIN marts.dim_kpi AS k USING (kpi_code)
FULL JOIN added_up AS a USING (month_start, kpi_code, region_code, secretariat_code)
WHERE f.kpi_code IS NULL  -- rows behind a unit, month or KPI the scorecard does not have
   OR (f.has_data AND NOT (
        abs(coalesce(f.numerator, 0) - coalesce(a.numerator, 0)) < 1e-6
        AND (f.numerator IS NULL) = (k.aggregation = 'median')
        AND abs(coalesce(f.denominator, 0) - coalesce(a.denominator, 0)) < 1e-6
        AND (k.aggregation <> 'median' OR f.value IS NOT DISTINCT FROM a.median)
   ))
ORDER BY ALL
"""


def test_kpi_rows_add_up_to_fct_kpi_monthly_for_every_kpi_unit_and_month(data):
    """The published rows against the published values, everywhere: for every KPI, region,
    secretariat (roll-ups included) and month with data, the rows of fct_kpi_rows add up to the
    numerator and denominator (and median) of fct_kpi_monthly, and no row lies behind a cell the
    scorecard does not have."""
    mismatches = snapshot(data.serving_path, KPI_ROWS_ADDED_UP)
    assert mismatches.empty, mismatches.head(20).to_string()
    covered = snapshot(
        data.serving_path,
        "SELECT count(DISTINCT kpi_code) AS kpis, count(*) AS rows FROM marts.fct_kpi_rows",
    )
    assert covered.iloc[0]["kpis"] == len(
        snapshot(data.serving_path, "SELECT * FROM marts.dim_kpi")
    )


def test_drill_rows_page_through_the_rows_behind(data, latest, regions):
    summary = explorer.drill_summary(UNRESTRICTED, "CMP_RECEIVED", "ALL", latest)
    first = explorer.drill_rows(UNRESTRICTED, "CMP_RECEIVED", "ALL", latest, limit=20)
    second = explorer.drill_rows(UNRESTRICTED, "CMP_RECEIVED", "ALL", latest, limit=20, offset=20)
    assert len(first) == min(20, summary["rows"])
    assert set(first["ticket_id"]).isdisjoint(second["ticket_id"])
    everything = explorer.drill_rows(UNRESTRICTED, "CMP_RECEIVED", "ALL", latest, limit=100_000)
    assert len(everything) == summary["rows"]
    personal = {c for c in everything.columns if "complainant" in c or "phone" in c or "mail" in c}
    assert not personal


def test_operational_breakdowns_add_up_to_the_kpis(data, latest, regions):
    region = regions[0]
    kpis = scores.region_kpis(UNRESTRICTED, region, latest).set_index("kpi_code")
    channels = operations.sla_by_channel(UNRESTRICTED, region, latest)
    if kpis.loc["CMP_RECEIVED", "has_data"]:
        assert channels["received"].sum() == kpis.loc["CMP_RECEIVED", "numerator"]
        assert channels["within_sla"].sum() == kpis.loc["CMP_FIRST_RESPONSE_SLA", "numerator"]
    backlog = operations.backlog_ageing(UNRESTRICTED, region, latest)
    if kpis.loc["CMP_BACKLOG", "has_data"]:
        assert backlog["tickets"].sum() == kpis.loc["CMP_BACKLOG", "numerator"]
        assert (
            backlog.loc[backlog["overdue"], "tickets"].sum()
            == kpis.loc["CMP_OVERDUE_SHARE", "numerator"]
        )
    ageing = operations.action_ageing(UNRESTRICTED, region, latest)
    if kpis.loc["ACT_OVERDUE_OPEN", "has_data"]:
        assert ageing["items"].sum() == kpis.loc["ACT_OVERDUE_OPEN", "numerator"]
    initiatives = operations.initiatives_by_type(UNRESTRICTED, region, latest)
    partners = operations.partners_by_type(UNRESTRICTED, region, latest)
    if kpis.loc["INI_COMPLETED", "has_data"]:
        assert initiatives["completed"].sum() == kpis.loc["INI_COMPLETED", "numerator"]
        assert partners["partners"].sum() == kpis.loc["INI_PARTNERS", "numerator"]


def test_a_restricted_scope_is_applied_in_sql(data, latest, regions):
    mine, other = regions[0], regions[1]
    scope = Scope(frozenset({mine}))
    assert set(scores.heatmap(scope, latest)["region_code"]) == {mine}
    # asked for another region (or the organisation, everyone's detail), a data function
    # refuses before any SQL runs ...
    refused = [
        lambda: scores.region_kpis(scope, other, latest),
        lambda: scores.region_kpis(scope, "ALL", latest),
        lambda: explorer.drill_rows(scope, "CMP_RECEIVED", other, latest),
        lambda: explorer.drill_summary(scope, "CMP_RECEIVED", "ALL", latest),
        lambda: operations.overdue_actions(scope, other, latest),
        lambda: operations.sla_by_channel(scope, region="ALL", month=latest),
    ]
    for call in refused:
        with pytest.raises(OutOfScope):
            call()
    # ... and its SQL filters by the scope all the same (the functions without the guard)
    assert scores.region_kpis.__wrapped__(scope, other, latest).empty
    assert scores.region_kpis.__wrapped__(scope, "ALL", latest).empty
    assert not scores.region_kpis(scope, mine, latest).empty
    assert explorer.drill_rows.__wrapped__(scope, "CMP_RECEIVED", other, latest).empty
    assert explorer.drill_summary.__wrapped__(scope, "CMP_RECEIVED", "ALL", latest)["rows"] == 0
    assert set(explorer.kpi_matrix(scope, "CMP_RECEIVED")["region_code"]) == {mine}
    assert operations.overdue_actions.__wrapped__(scope, other, latest).empty
    assert operations.sla_by_channel.__wrapped__(scope, "ALL", latest)["received"].sum() == 0
    assert set(quality.latest_receipts(scope)["region_code"]) <= {mine}
    assert quality.rejected_files(scope).empty
    assert set(quality.quarantine_summary(scope)["region_code"]) <= {mine}
    assert set(quality.quarantine_rows(scope, limit=1000)["region_code"]) <= {mine}
    assert set(quality.missing_sources(scope, latest)["region_code"]) == {mine}
    assert reference.regions(scope, with_organisation=True)["region_code"].tolist() == [mine]
    # composites stay public: the whole league table, flagged
    league = scores.league_table(scope, latest)
    assert len(league) == len(regions)
    assert league.set_index("region_code")["in_scope"].to_dict() == {
        code: code == mine for code in regions
    }
    # ... but not a secretariat's league of other regions
    assert set(scores.league_table(scope, latest, "PR")["region_code"]) == {mine}


def test_a_new_publish_is_read_without_a_restart(app_home, tmp_path, monkeypatch):
    """Results are cached per snapshot version: the same query is served from the cache until
    a publish replaces the file, then the new snapshot is read (no restart, no cache clear)."""
    home = tmp_path / "home"
    shutil.copytree(app_home.home / "serving", home / "serving")
    monkeypatch.setenv("MIZAN_HOME", str(home))
    path = home / "serving" / "mizan.duckdb"
    before = reference.snapshot_info(UNRESTRICTED)["published_at"]
    replacement = home / "serving" / "next.duckdb"
    shutil.copy(path, replacement)
    con = duckdb.connect(str(replacement))
    con.execute("UPDATE meta.snapshot_info SET published_at = '2099-01-01T00:00:00+00:00'")
    con.close()
    assert reference.snapshot_info(UNRESTRICTED)["published_at"] == before  # still cached
    os.replace(replacement, path)  # how publish_snapshot swaps a snapshot in
    assert reference.snapshot_info(UNRESTRICTED)["published_at"] == "2099-01-01T00:00:00+00:00"
    core.close_connection()


def test_queries_name_their_parameters(data):
    frame = core.query("SELECT $a AS a", a=1, unused=2)
    assert frame.iloc[0]["a"] == 1
    with pytest.raises(ValueError, match="without a value"):
        core.query("SELECT $a AS a, $b AS b", a=1)


def test_no_snapshot_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MIZAN_HOME", str(tmp_path))
    assert core.snapshot_version() is None
    with pytest.raises(core.NoSnapshot):
        reference.months(UNRESTRICTED)
    assert quality.build_status(UNRESTRICTED) is None
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "last_build.json").write_text("{not json", encoding="utf-8")
    assert quality.build_status(UNRESTRICTED)["status"] == "unreadable"
