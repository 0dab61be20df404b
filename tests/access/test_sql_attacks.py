"""Issue #8's attacks on the SQL console, through the sandbox function and through `mizan sql`:
each refused or cut with a clear message, and the snapshot's bytes unchanged afterwards."""

from __future__ import annotations

import json
import time

import duckdb
import pytest
from click.testing import CliRunner

from mizan.access import audit
from mizan.access.sandbox import (
    QueryRefused,
    check_statement,
    open_untrusted,
    run_untrusted,
)
from mizan.cli import main
from tests.access.attacks import ATTACKS, FOREVER, FOREVER_RECURSIVE, TEN_MILLION, TOO_BIG
from tests.access.conftest import sha256

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]
IDS = [name for name, _, _ in ATTACKS]


@pytest.fixture
def snapshot(private_home):
    return private_home / "serving" / "mizan.duckdb"


@pytest.mark.parametrize(("name", "query", "reasons"), ATTACKS, ids=IDS)
def test_console_refuses(snapshot, tmp_path, name, query, reasons):
    before = sha256(snapshot)
    with pytest.raises(QueryRefused) as refused:
        run_untrusted(snapshot, query.format(tmp=tmp_path))
    assert refused.value.reason in reasons
    assert str(refused.value)  # a message a person can read
    assert sha256(snapshot) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]  # nothing written outside


@pytest.mark.parametrize(("name", "query", "reasons"), ATTACKS, ids=IDS)
def test_duckdb_settings_refuse_without_the_statement_check(
    snapshot, tmp_path, name, query, reasons
):
    """The statement check is a second line: the locked connection alone refuses every attack."""
    before = sha256(snapshot)
    con = open_untrusted(snapshot)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(query.format(tmp=tmp_path)).fetchall()
        # and the lock held: external access is still off afterwards
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (
            False,
        )
    finally:
        con.close()
    assert sha256(snapshot) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]


@pytest.mark.parametrize("query", [FOREVER, FOREVER_RECURSIVE], ids=["cross_join", "recursive"])
def test_a_query_that_runs_forever_is_stopped_at_the_time_limit(snapshot, query):
    started = time.monotonic()
    with pytest.raises(QueryRefused) as refused:
        run_untrusted(snapshot, query, timeout=1.0)
    assert refused.value.reason == "timeout" and "time limit" in str(refused.value)
    assert time.monotonic() - started < 15


def test_a_query_too_big_for_memory_is_stopped_at_the_memory_limit(snapshot):
    with pytest.raises(QueryRefused) as refused:
        run_untrusted(snapshot, TOO_BIG, timeout=30)
    assert refused.value.reason == "memory" and "memory limit" in str(refused.value)


def test_ten_million_rows_are_cut_at_the_cap(snapshot):
    started = time.monotonic()
    result = run_untrusted(snapshot, TEN_MILLION, max_rows=1000)
    assert len(result.frame) == 1000 and result.truncated
    assert time.monotonic() - started < 10


def test_reading_queries_run(snapshot):
    result = run_untrusted(snapshot, "SELECT count(*) AS n FROM marts.dim_region")
    assert result.frame.iloc[0]["n"] > 0 and not result.truncated
    for query in ("DESCRIBE marts.dim_region", "SHOW TABLES", "EXPLAIN SELECT 1", "FROM range(3)"):
        check_statement(query)


def _cli(home, *args):
    return CliRunner().invoke(main, ["sql", "--home", str(home), *args], catch_exceptions=False)


@pytest.mark.parametrize(("name", "query", "reasons"), ATTACKS, ids=IDS)
def test_mizan_sql_refuses(private_home, tmp_path, name, query, reasons):
    snapshot = private_home / "serving" / "mizan.duckdb"
    before = sha256(snapshot)
    result = _cli(private_home, query.format(tmp=tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("Refused: ")
    assert result.stdout == ""
    assert sha256(snapshot) == before
    events = audit.read(private_home / "audit" / "audit.jsonl")
    assert events[-1]["event"] == "sql_refused" and events[-1]["reason"] in reasons


def test_mizan_sql_stops_a_query_at_its_timeout(private_home):
    result = _cli(private_home, "--timeout", "1", FOREVER)
    assert result.exit_code == 2 and "time limit" in result.stderr


def test_mizan_sql_cuts_ten_million_rows(private_home):
    result = _cli(private_home, "--max-rows", "500", "--format", "csv", TEN_MILLION)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 501  # header + 500 rows
    assert "cut at the row cap (500)" in result.stderr
    event = audit.read(private_home / "audit" / "audit.jsonl")[-1]
    assert event["event"] == "sql" and event["truncated"] is True and event["rows"] == 500


def test_mizan_sql_formats(private_home):
    query = "SELECT region_code FROM marts.dim_region ORDER BY 1 LIMIT 2"
    as_json = json.loads(_cli(private_home, "--format", "json", query).stdout)
    assert len(as_json) == 2 and set(as_json[0]) == {"region_code"}
    assert "region_code" in _cli(private_home, query).stdout
