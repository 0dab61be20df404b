"""`make test-spark`: the same dbt project on DuckDB and on Spark gives the same published tables.

The small demo data (one organisation profile, 13 months so that year-on-year changes exist) is
generated and built through the real pipeline on DuckDB (`mizan demo --engine duckdb`). The
Spark home starts from the same validated raw tables — the DuckDB warehouse with nothing dbt
built in it — and is built with `mizan build --engine spark`: raw tables to parquet, dbt-spark in
session mode (seeds, models, unit and data tests), marts read back, snapshot published. Every
table of the two snapshots' marts and reference schemas must agree row for row and cell for
cell (floats within a relative 1e-9, nulls equal only to nulls); each is listed with its row
count. Then a later month arrives (new records, and records of earlier months updated) and both
build incrementally: they must agree again. Finally the dashboards run over the Spark snapshot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from bench.compare_engines import TableComparison, compare_databases
from mizan.settings import REPO_ROOT

pytest.importorskip("pyspark", reason="the spark extra is not installed: make test-spark")
pytest.importorskip(
    "dbt.adapters.spark", reason="the spark extra is not installed: make test-spark"
)

pytestmark = [pytest.mark.spark, pytest.mark.slow]

PROFILE = "municipal-sa"
SEED = 7
SCALE = 0.1
FIRST = {"months": 13, "end_month": "2025-06"}
LATER = {"months": 14, "end_month": "2025-07"}
DBT_SCHEMAS = ("staging", "intermediate", "marts", "reference")
PUBLISHED = ("marts", "reference")
MIZAN = Path(sys.executable).with_name("mizan")


def mizan(*args: object) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIZAN_", "DAGSTER_"))}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    command = [str(MIZAN), *map(str, args)]
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    assert result.returncode == 0, (
        f"{' '.join(command)}\n{result.stdout[-3000:]}{result.stderr[-6000:]}"
    )


def demo(home: Path, months: int, end_month: str) -> None:
    mizan(
        "demo", "--home", home, "--profile", PROFILE, "--seed", SEED, "--scale", SCALE,
        "--months", months, "--end-month", end_month, "--engine", "duckdb",
    )  # fmt: skip


def hand_raw_tables(source: Path, target: Path) -> None:
    """Give `target` exactly the raw tables of `source` (what ingestion loaded), nothing else
    of it: each engine builds its own marts from the same rows."""
    target.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(target / "warehouse.duckdb")) as con:
        con.execute(f"ATTACH '{source / 'warehouse.duckdb'}' AS source (READ_ONLY)")
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = 'source' AND table_schema = 'raw'"
        ).fetchall()
        for (table,) in tables:
            con.execute(
                f'CREATE OR REPLACE TABLE raw."{table}" AS SELECT * FROM source.raw."{table}"'
            )


def marts_documented() -> set[str]:
    names = set()
    for path in (REPO_ROOT / "warehouse" / "models" / "marts").glob("*.yml"):
        names |= {m["name"] for m in yaml.safe_load(path.read_text("utf-8"))["models"]}
    return {f"marts.{name}" for name in names}


def report(title: str, results: list[TableComparison]) -> str:
    lines = [f"\n{title}: DuckDB vs Spark, {len(results)} tables"]
    for result in results:
        lines.append("  " + result.line())
        lines += [f"      {problem[:400]}" for problem in result.problems]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def homes(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("engines")
    homes = {"duckdb": base / "duckdb", "spark": base / "spark"}
    demo(homes["duckdb"], **FIRST)
    hand_raw_tables(homes["duckdb"], homes["spark"])
    with duckdb.connect(str(homes["spark"] / "warehouse.duckdb"), read_only=True) as con:
        schemas = {
            s
            for (s,) in con.execute(
                "SELECT schema_name FROM information_schema.schemata"
            ).fetchall()
        }
    assert not schemas & set(DBT_SCHEMAS)  # the Spark home's marts can only come from Spark
    mizan("build", "--home", homes["spark"], "--profile", PROFILE, "--engine", "spark")
    return homes


def snapshot(home: Path) -> Path:
    return home / "serving" / "mizan.duckdb"


def check_agreement(title: str, homes: dict[str, Path], capsys) -> None:
    results = compare_databases(snapshot(homes["duckdb"]), snapshot(homes["spark"]), PUBLISHED)
    with capsys.disabled():
        print(report(title, results))
    compared = {r.table for r in results}
    assert marts_documented() <= compared, marts_documented() - compared
    assert {"marts.fct_kpi_monthly", "marts.mart_scorecard", "marts.mart_league_table"} <= compared
    assert any(t.startswith("reference.") for t in compared)
    disagreeing = [r for r in results if not r.agrees]
    assert not disagreeing, report("disagreeing", disagreeing)
    kpis = next(r for r in results if r.table == "marts.fct_kpi_monthly")
    assert kpis.rows_left > 10_000  # the comparison is not vacuous


def test_both_engines_publish_the_same_tables(homes, capsys):
    # every mart came through the Spark hand-off
    handed = homes["spark"] / "spark" / "marts" / "marts"
    assert {f"marts.{p.name}" for p in handed.iterdir()} >= marts_documented()
    check_agreement("first build", homes, capsys)


def test_a_later_month_built_incrementally_agrees_too(homes, capsys):
    # the next month's files, and records of earlier months that changed since (a resolution,
    # a closed action): ingested on DuckDB, the same raw rows handed to the Spark home, whose
    # warehouse, Spark tables and metastore stay as the first build left them
    demo(homes["duckdb"], **LATER)
    hand_raw_tables(homes["duckdb"], homes["spark"])
    mizan("build", "--home", homes["spark"], "--profile", PROFILE, "--engine", "spark")
    check_agreement("incremental build of a later month", homes, capsys)


def test_the_dashboards_serve_the_spark_snapshot(homes, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MIZAN_HOME", str(homes["spark"]))
    monkeypatch.setenv("MIZAN_PROFILE", PROFILE)
    app = AppTest.from_file(str(REPO_ROOT / "dashboards" / "app.py"), default_timeout=120).run()
    assert not app.exception, [e.message for e in app.exception]
