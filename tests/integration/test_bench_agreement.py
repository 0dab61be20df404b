"""The benchmark's baselines compute what Mizan computes.

The build benchmark compares `dbt build` with a hand-written DuckDB script (bench/limit_sql/) and
a pandas implementation (bench/pandas_peer.py); the comparison only means something if all three
produce the same marts.fct_kpi_monthly rows. Here they must agree row for row — every month ×
region × secretariat × KPI, roll-ups included; value, numerator, denominator, per 100k, target,
attainment, score, RAG, trends and ranks; floats within 1e-9 relative — on small demo data
through Mizan's ingestion: the municipal profile, 13 months (year-on-year changes), a region
silent for two months, open tickets and action items across month ends, corrected records.
(bench.run repeats the check at every benchmarked scale.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bench import limit_sql, pandas_peer
from bench.agreement import compare
from mizan.calendar import load_calendar
from mizan.demo import generate_demo_data
from mizan.ingest.api import ingest_inbox
from mizan.org import load_profile
from mizan.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bench")]

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


def build_kpis(warehouse: Path) -> None:
    """The seeds and the models fct_kpi_monthly depends on (its tests are other tests' job)."""
    work = warehouse.parent / "dbt"
    partial_parse = REPO / "target" / "partial_parse.msgpack"  # as dagster-dbt does: reuse it
    if partial_parse.exists():
        (work / "target").mkdir(parents=True, exist_ok=True)
        shutil.copy(partial_parse, work / "target" / partial_parse.name)
    command = [
        str(DBT), "build", "--select", "+fct_kpi_monthly", "--resource-type", "seed",
        "--resource-type", "model", "--profiles-dir", str(REPO), "--project-dir", str(REPO),
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
    ]  # fmt: skip
    env = {
        **os.environ,
        "MIZAN_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def three_ways(warehouse: Path) -> duckdb.DuckDBPyConnection:
    build_kpis(warehouse)
    con = duckdb.connect(str(warehouse))
    limit_sql.run(con)
    con.close()
    pandas_peer.run(warehouse)
    return duckdb.connect(str(warehouse))


@pytest.fixture
def demo_warehouse(tmp_path) -> Path:
    home = tmp_path / "home"
    generate_demo_data(
        home, profile="party-eg", months=14, end_month="2025-06", seed=11, scale=0.02
    )
    settings = Settings.from_env(home=home, profile="party-eg", secret="test-secret")
    settings.ensure_dirs()
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        ingest_inbox(con, settings, load_profile("party-eg"))
        # as a build does after ingesting: the calendar the months are built from
        load_calendar(con, settings.first_month)
    finally:
        con.close()
    return settings.warehouse_path


def test_mizan_the_sql_limit_and_the_pandas_peer_agree(demo_warehouse):
    con = three_ways(demo_warehouse)
    try:
        for other in ("limit_kpi_monthly", "pandas_kpi_monthly"):
            result = compare(con, "marts.fct_kpi_monthly", other)
            assert result.agrees, str(result)
        # not vacuous: every kind of value was there to compare
        counts = con.execute(
            """select count(*), count(value), count(value) filter (where value > 0 and value < 1),
                   count(value) filter (where kpi_code like '%MEDIAN%'),
                   count(*) filter (where not has_data), count(rank_in_month), count(score),
                   count(value_prev_year),
                   count(*) filter (where value_status = 'not_reported'),
                   count(*) filter (where value_status = 'small_sample')
               from marts.fct_kpi_monthly"""
        ).fetchone()
        rows, values, *kinds = counts
        assert values > rows / 5
        # ratios, medians, no data, ranks, scores, last year's values, and the not-reported and
        # small-sample rules were all there to apply
        assert min(kinds) > 0, counts
    finally:
        con.close()
