import duckdb
import pytest

from mizan.publish import TMP_PREFIX, publish_snapshot, sweep_temporary_files
from mizan.settings import Settings


@pytest.fixture
def warehouse(tmp_path):
    settings = Settings.from_env(home=tmp_path)
    con = duckdb.connect(str(settings.warehouse_path))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA raw; CREATE SCHEMA staging")
    con.execute("CREATE TABLE marts.kpi AS SELECT 1 AS v UNION ALL SELECT 2")
    con.execute("CREATE TABLE staging.hidden AS SELECT 1 AS v")
    con.execute("CREATE TABLE raw.ingest_log AS SELECT 'f.csv' AS file")
    con.execute("CREATE TABLE raw.complaints AS SELECT 'secret' AS complainant_phone")
    yield settings, con
    con.close()


def test_snapshot_holds_marts_and_quality_tables_only(warehouse):
    settings, con = warehouse
    result = publish_snapshot(con, settings, run_id="r1")
    assert result.tables == {"marts.kpi": 2, "quality.ingest_log": 1}
    reader = duckdb.connect(str(settings.serving_path), read_only=True)
    tables = {
        f"{s}.{t}"
        for s, t in reader.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
        ).fetchall()
    }
    assert tables == {
        "marts.kpi",
        "quality.ingest_log",
        "meta.snapshot_info",
        "meta.dictionary_tables",
        "meta.dictionary_columns",
    }
    assert reader.execute("SELECT run_id FROM meta.snapshot_info").fetchone() == ("r1",)
    reader.close()
    assert not list(settings.serving_dir.glob(f"{TMP_PREFIX}*"))
    assert not settings.serving_path.with_suffix(".duckdb.wal").exists()


def test_a_reader_of_the_old_snapshot_keeps_reading_after_a_publish(warehouse):
    settings, con = warehouse
    publish_snapshot(con, settings)
    reader = duckdb.connect(str(settings.serving_path), read_only=True)
    con.execute("INSERT INTO marts.kpi VALUES (3)")
    publish_snapshot(con, settings)
    assert reader.execute("SELECT count(*) FROM marts.kpi").fetchone() == (2,)
    reader.close()
    fresh = duckdb.connect(str(settings.serving_path), read_only=True)
    assert fresh.execute("SELECT count(*) FROM marts.kpi").fetchone() == (3,)
    fresh.close()


def test_a_failed_publish_leaves_the_previous_snapshot(warehouse, monkeypatch):
    settings, con = warehouse
    publish_snapshot(con, settings)
    before = settings.serving_path.read_bytes()

    import mizan.publish as publish

    monkeypatch.setattr(publish, "_tables_to_publish", lambda c: [("marts", "x", "no_such_table")])
    with pytest.raises(duckdb.CatalogException):
        publish_snapshot(con, settings)
    assert settings.serving_path.read_bytes() == before
    assert not list(settings.serving_dir.glob(f"{TMP_PREFIX}*"))


def test_leftovers_of_a_killed_publish_are_swept(tmp_path):
    leftover = tmp_path / f"{TMP_PREFIX}123.duckdb"
    leftover.write_bytes(b"half")
    live = tmp_path / "mizan.duckdb"
    live.write_bytes(b"live")
    assert sweep_temporary_files(tmp_path) == [leftover]
    assert live.exists()
