"""The engine choice and the Spark hand-off helpers, without Spark: settings, the raw export to
parquet, the read-back of parquet folders as Spark writes them, the comparison of two builds, and
the rule that models hold no engine tests."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from bench.compare_engines import compare_databases, same_value
from mizan import engines
from mizan.engines import spark
from mizan.publish import PUBLISHED_SCHEMAS
from mizan.settings import REPO_ROOT, Settings
from tests.integration import warehouse_raw_data as raw

# --- settings ----------------------------------------------------------------------------------


def test_the_engine_brings_its_own_dbt_target(tmp_path, monkeypatch):
    monkeypatch.delenv("MIZAN_ENGINE", raising=False)
    monkeypatch.delenv("MIZAN_DBT_TARGET", raising=False)
    assert Settings.from_env(home=tmp_path).target == "duckdb"
    assert Settings.from_env(home=tmp_path, engine="spark").target == "spark"
    # a cluster: engine spark, target spark_thrift
    monkeypatch.setenv("MIZAN_DBT_TARGET", "spark_thrift")
    assert Settings.from_env(home=tmp_path, engine="spark").target == "spark_thrift"
    # a target left in the environment by an earlier run of the other engine does not count
    assert Settings.from_env(home=tmp_path, engine="duckdb").target == "duckdb"
    monkeypatch.setenv("MIZAN_DBT_TARGET", "duckdb")
    assert Settings.from_env(home=tmp_path, engine="spark").target == "spark"


def test_an_unknown_engine_or_a_foreign_target_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown engine"):
        Settings(home=tmp_path, engine="bigquery")
    with pytest.raises(ValueError, match="not a target of duckdb"):
        Settings(home=tmp_path, engine="duckdb", dbt_target="spark")


def test_spark_folders_live_under_the_home_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("MIZAN_SPARK_DIR", raising=False)
    settings = Settings.from_env(home=tmp_path, engine="spark")
    assert settings.spark_raw_dir == tmp_path.resolve() / "spark" / "raw"
    assert settings.spark_marts_dir == tmp_path.resolve() / "spark" / "marts"
    env = settings.export_env()
    assert env["MIZAN_ENGINE"] == "spark" and env["MIZAN_DBT_TARGET"] == "spark"
    # derived from MIZAN_HOME by profiles.yml: not exported, so no other home inherits it
    assert "MIZAN_SPARK_DIR" not in env
    monkeypatch.setenv("MIZAN_SPARK_DIR", str(tmp_path / "shared"))
    settings = Settings.from_env(home=tmp_path, engine="spark")
    assert settings.spark_raw_dir == tmp_path.resolve() / "shared" / "raw"
    assert settings.export_env()["MIZAN_SPARK_DIR"] == str(tmp_path.resolve() / "shared")


# --- raw → parquet -----------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path) -> Settings:
    settings = Settings(home=tmp_path, engine="spark")
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        raw.create_raw_tables(con)
        raw.insert_rows(
            con,
            "complaints",
            [
                {
                    "ticket_id": f"T{i}",
                    "region_code": "CAIRO",
                    "secretariat_code": "PR",
                    "channel": "phone",
                    "kind": "complaint",
                    "category": "water",
                    # 23:59 local time on the last day of a month stays in that month
                    "received_at": dt.datetime(2024, 1 + i, 28 + (i == 0) * 3, 23, 59, 30),
                    "status": "open",
                }
                for i in range(3)
            ],
        )
    finally:
        con.close()
    return settings


def test_raw_tables_are_written_as_parquet_partitioned_by_record_month(home):
    with duckdb.connect(str(home.warehouse_path)) as con:
        con.execute("SET TimeZone = 'Asia/Riyadh'")
        handed = spark.export_raw(con, home)
        # the connection's time zone is left as it was
        assert con.execute("SELECT current_setting('TimeZone')").fetchone()[0] == "Asia/Riyadh"
    assert handed.tables["complaints"] == 3 and handed.tables["org_regions"] == 3
    folder = home.spark_raw_dir / "complaints"
    assert sorted(p.name for p in folder.iterdir()) == [
        "record_month=2024-01-01",
        "record_month=2024-02-01",
        "record_month=2024-03-01",
    ]
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        rows = con.execute(
            f"SELECT ticket_id, received_at, record_month FROM read_parquet("
            f"'{folder}/*/*.parquet', hive_partitioning = true) ORDER BY 1"
        ).fetchall()
    # instants in UTC, as a UTC Spark session shows them: the naive local time, unchanged
    assert [(t, r.replace(tzinfo=None), str(m)) for t, r, m in rows] == [
        ("T0", dt.datetime(2024, 1, 31, 23, 59, 30), "2024-01-01"),
        ("T1", dt.datetime(2024, 2, 28, 23, 59, 30), "2024-02-01"),
        ("T2", dt.datetime(2024, 3, 28, 23, 59, 30), "2024-03-01"),
    ]
    # an empty source is one file that still carries the columns
    empty = list((home.spark_raw_dir / "meetings").glob("*.parquet"))
    assert len(empty) == 1
    with duckdb.connect() as con:
        columns = [d[0] for d in con.execute(f"SELECT * FROM '{empty[0]}'").description]
    assert "meeting_id" in columns and "_ingested_at" in columns


def test_a_new_export_replaces_the_previous_one(home):
    with duckdb.connect(str(home.warehouse_path)) as con:
        spark.export_raw(con, home)
        con.execute("DELETE FROM raw.complaints WHERE ticket_id = 'T2'")
        spark.export_raw(con, home)
    folder = home.spark_raw_dir / "complaints"
    assert not (folder / "record_month=2024-03-01").exists()
    assert not [p for p in home.spark_raw_dir.iterdir() if p.name.startswith(".")]


def test_the_duckdb_engine_needs_no_hand_off(tmp_path):
    settings = Settings(home=tmp_path, engine="duckdb")
    assert engines.before_dbt(settings) is None
    assert engines.after_dbt(settings) is None
    assert not tmp_path.joinpath("spark").exists()


# --- Spark's published tables → DuckDB -----------------------------------------------------------


def _spark_like_output(folder: Path, sql: str) -> None:
    """Parquet part files as Spark's `insert overwrite directory` leaves them."""
    folder.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(f"COPY ({sql}) TO '{folder}/part-00000-x-c000.snappy.parquet' (FORMAT parquet)")
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / ".part-00000-x-c000.snappy.parquet.crc").write_bytes(b"crc")


def test_read_back_loads_every_handed_table_into_its_schema(tmp_path):
    settings = Settings(home=tmp_path, engine="spark")
    root = settings.spark_marts_dir
    _spark_like_output(
        root / "marts" / "fct_x",
        "SELECT DATE '2024-03-01' AS month_start, 'CAIRO' AS region_code, 0.5::DOUBLE AS value, "
        "TIMESTAMP '2024-03-31 23:59:00' AS last_ingested_at",
    )
    _spark_like_output(root / "reference" / "seed_y", "SELECT 1::INTEGER AS sort_order")
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.fct_x AS SELECT 1 AS stale")
    handed = engines.after_dbt(settings)
    assert handed.tables == {"marts.fct_x": 1, "reference.seed_y": 1}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("DESCRIBE marts.fct_x").fetchall()[3][1] == "TIMESTAMP"
        assert con.execute("SELECT * FROM marts.fct_x").fetchall() == [
            (dt.date(2024, 3, 1), "CAIRO", 0.5, dt.datetime(2024, 3, 31, 23, 59))
        ]


def test_read_back_refuses_an_empty_hand_off(tmp_path):
    settings = Settings(home=tmp_path, engine="spark")
    with pytest.raises(RuntimeError, match="handed back no tables"):
        engines.after_dbt(settings)


# --- comparing two builds ----------------------------------------------------------------------


def test_values_agree_within_a_relative_1e_9_and_nulls_only_with_nulls():
    assert same_value(13.9, 13.900000000000002)
    assert not same_value(13.9, 13.9001)
    assert same_value(None, None) and not same_value(None, 0.0) and not same_value(0, None)
    assert same_value("ALL", "ALL") and not same_value(1, 2)


def test_two_builds_are_compared_table_by_table(tmp_path):
    def build(path: Path, value: float, extra: bool = False) -> Path:
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE SCHEMA marts")
            con.execute(
                "CREATE TABLE marts.t AS SELECT * FROM (VALUES ('a', 1.0), ('b', ?)) v(k, x)",
                [value],
            )
            if extra:
                con.execute("CREATE TABLE marts.u AS SELECT 1 AS n")
        return path

    left = build(tmp_path / "a.duckdb", 2.0)
    same = build(tmp_path / "b.duckdb", 2.0 + 1e-12)
    different = build(tmp_path / "c.duckdb", 2.1, extra=True)
    assert [(r.table, r.rows_left, r.agrees) for r in compare_databases(left, same)] == [
        ("marts.t", 2, True)
    ]
    results = {r.table: r for r in compare_databases(left, different)}
    assert not results["marts.t"].agrees and "x: 2.0 vs 2.1" in results["marts.t"].problems[0]
    assert results["marts.u"].problems == ["only in c.duckdb"]


# --- the project -------------------------------------------------------------------------------


def test_no_model_tests_the_engine():
    """Engine differences live in macros (adapter.dispatch), not in models."""
    offenders = [
        path.relative_to(REPO_ROOT)
        for path in (REPO_ROOT / "warehouse" / "models").rglob("*.sql")
        if re.search(r"target\s*\.\s*(type|name)|adapter\.dispatch", path.read_text("utf-8"))
    ]
    assert offenders == []


def test_spark_hands_back_exactly_the_published_schemas():
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text("utf-8"))
    assert tuple(project["vars"]["mizan_published_schemas"]) == PUBLISHED_SCHEMAS


def test_java_version_is_read_from_the_runtime(monkeypatch, tmp_path):
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert spark.java_version() == 17
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "missing"))
    assert spark.java_version() is None


def test_building_on_spark_without_it_says_what_to_install(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mizan.cli import main

    monkeypatch.setattr(spark, "_importable", lambda module: False)
    result = CliRunner().invoke(main, ["build", "--home", str(tmp_path), "--engine", "spark"])
    assert result.exit_code == 1
    assert "uv sync --extra spark" in " ".join(result.output.split())
    assert not (tmp_path / "warehouse.duckdb").exists()  # nothing ran

    monkeypatch.setattr(spark, "_importable", lambda module: True)
    monkeypatch.setattr(spark, "java_version", lambda: 11)
    with pytest.raises(spark.SparkUnavailable, match=r"Java 17\+ runtime \(Java 11 found\)"):
        engines.check_available(Settings(home=tmp_path, engine="spark"))
    # a cluster target runs Spark elsewhere: no local Java needed
    engines.check_available(Settings(home=tmp_path, engine="spark", dbt_target="spark_thrift"))
