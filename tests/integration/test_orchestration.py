"""Gating, crash safety and readers during a publish — the promises of the orchestration layer."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from mizan.demo import generate_demo_data
from tests.support.pipeline import copy_home, mizan, start_mizan
from tests.support.shared_homes import build_once

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("orchestration")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_answers(home: Path) -> int:
    """A reader opens the serving snapshot and gets an answer (fails the test otherwise)."""
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM marts.fct_kpi_monthly").fetchone()[0]
    finally:
        con.close()


def _build_published_home(home: Path) -> None:
    generate_demo_data(home, profile="party-eg", months=2, scale=0.03, seed=5)
    result = mizan(home, "build")
    assert result.returncode == 0, result.stderr[-3000:]


def _add_a_third_month(home: Path, published: Path) -> None:
    """A copy of the published home with new files in its inbox: a third month, so that every
    stage of the next build has work to do."""
    home.rmdir()
    copy_home(published, home)
    generate_demo_data(home, profile="party-eg", months=3, scale=0.03, seed=5)


@pytest.fixture(scope="module")
def published_home(tmp_path_factory, worker_id):
    """Two months built and published, once for the session (shared by the xdist workers): tests
    copy it."""
    return build_once(tmp_path_factory, worker_id, "orchestration-published", _build_published_home)


@pytest.fixture(scope="module")
def published_home_with_new_files(published_home, tmp_path_factory, worker_id):
    """`published_home` and a third month in its inbox, once for the session: tests copy it."""
    return build_once(
        tmp_path_factory,
        worker_id,
        "orchestration-published-plus-a-month",
        lambda home: _add_a_third_month(home, published_home),
    )


def test_a_blocking_failure_keeps_the_previous_snapshot_until_a_clean_run(published_home, tmp_path):
    home = copy_home(published_home, tmp_path / "home")
    before = digest(home / "serving" / "mizan.duckdb")
    bad = home / "inbox" / "complaints" / "atlantis_export.csv"
    header = "ticket_id,region,secretariat,channel,kind,category,received_at,status\n"
    rows = "".join(
        f"ATL-{i:04d},Atlantis,PR,phone,complaint,water,2026-10-0{1 + i % 9} 10:00,open\n"
        for i in range(40)
    )
    bad.write_text(header + rows, encoding="utf-8")

    blocked = mizan(home, "build")
    assert blocked.returncode == 3, blocked.stderr[-3000:]
    assert "blocked" in blocked.stderr and "atlantis_export.csv" in blocked.stderr
    assert digest(home / "serving" / "mizan.duckdb") == before
    status = json.loads((home / "runs" / "last_build.json").read_text())
    assert status["status"] == "blocked"
    assert "raw/complaints:validation" in status["failed_checks"]
    assert status["snapshot_published_at"]  # the snapshot that keeps serving

    clean = mizan(home, "build")
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert digest(home / "serving" / "mizan.duckdb") != before
    assert json.loads((home / "runs" / "last_build.json").read_text())["status"] == "published"


def test_a_build_killed_at_any_stage_leaves_a_readable_snapshot_and_recovers(
    published_home_with_new_files, tmp_path
):
    """Three builds in a row, each killed in another stage (ingest, dbt build, publish), then a
    fourth that finishes. Each kill leaves the old snapshot or the new one, never a torn one; the
    later builds also recover from what the earlier kills left half done (files staged but not
    committed, files loaded but not yet built, a build not yet published)."""
    # The published snapshot, and new files: a third month, so that every stage has work to do.
    home = copy_home(published_home_with_new_files, tmp_path / "home")
    rows_before = snapshot_answers(home)
    for stage, delay in (("ingest", 0.5), ("warehouse (dbt build)", 4.0), ("publish", 0.0)):
        process = start_mizan(home, "build")
        deadline = time.monotonic() + 300
        for line in process.stdout:
            if line.strip() == f"… {stage}":
                break
            assert time.monotonic() < deadline, f"stage {stage!r} never started"
        else:
            pytest.fail(f"the build ended before {stage!r}: exit {process.wait()}")
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # the old or the new snapshot, never a torn one
        assert snapshot_answers(home) >= rows_before, f"killed in {stage}"

    rerun = mizan(home, "build")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert snapshot_answers(home) > rows_before
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    unbalanced = con.execute(
        "SELECT count(*) FROM quality.ingest_log WHERE rows_in <> loaded + rejected + unchanged"
    ).fetchone()[0]
    con.close()
    assert unbalanced == 0


WRITER = textwrap.dedent(
    """
    import sys, duckdb
    from pathlib import Path
    from mizan.publish import publish_snapshot
    from mizan.settings import Settings

    settings = Settings.from_env(home=Path(sys.argv[1]))
    con = duckdb.connect(str(settings.warehouse_path))
    for generation in range(1, int(sys.argv[2]) + 1):
        # every table of a generation holds the same number of rows: a reader that ever sees
        # two different counts in one snapshot has seen a torn publish
        con.execute("CREATE OR REPLACE TABLE marts.a AS SELECT range AS v FROM range(?)", [generation * 1000])
        con.execute("CREATE OR REPLACE TABLE marts.b AS SELECT range AS v FROM range(?)", [generation * 1000])
        publish_snapshot(con, settings, run_id=str(generation))
    """
)


HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    # A dashboard process that opened the snapshot before the publishes and keeps its connection.
    con = duckdb.connect(sys.argv[1], read_only=True)
    seen = set()
    end = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < end:
        a, b = con.execute("SELECT (SELECT count(*) FROM marts.a), (SELECT count(*) FROM marts.b)").fetchone()
        seen.add((a, b))
    print(sorted(seen))
    """
)


def test_readers_see_whole_snapshots_while_another_process_publishes(tmp_path):
    """Two processes besides the test: one publishes 40 times, one holds the snapshot open."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.a AS SELECT 1 AS v")
    con.execute("CREATE TABLE marts.b AS SELECT 1 AS v")
    con.execute("CREATE SCHEMA raw")
    from mizan.publish import publish_snapshot
    from mizan.settings import Settings

    publish_snapshot(con, Settings.from_env(home=tmp_path), run_id="0")
    con.close()
    serving = tmp_path / "serving" / "mizan.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(serving), "6"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.0)  # let the holder open the first snapshot
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "40"])

    generations = set()
    while writer.poll() is None:
        # A fresh reader, as the dashboards open one per query: a whole snapshot every time.
        reader = duckdb.connect(str(serving), read_only=True)
        a, b, run = reader.execute(
            "SELECT (SELECT count(*) FROM marts.a), (SELECT count(*) FROM marts.b), "
            "(SELECT run_id FROM meta.snapshot_info)"
        ).fetchone()
        reader.close()
        assert a == b == max(int(run) * 1000, 1)
        generations.add(run)
    assert writer.wait() == 0
    held, _ = holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert held.strip() == "[(1, 1)]", "the held connection kept reading its own snapshot"
    assert len(generations) > 3, f"the reader should have seen several publishes, saw {generations}"
