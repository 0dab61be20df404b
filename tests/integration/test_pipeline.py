"""The walking skeleton end to end: demo files → Dagster → DuckDB → dbt → published snapshot,
checked against counts read directly from the generated files."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from mizan.demo import generate_demo_data
from mizan.ingest.contracts import CONTRACTS
from mizan.org import load_profile
from tests.support.demo_files import map_header, parse_timestamp, read_table
from tests.support.pipeline import copy_home, mizan
from tests.support.shared_homes import build_once, built_value

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def complaints_received_from_files(home: Path, profile_name: str) -> dict[tuple[str, str], int]:
    """Distinct clean tickets per (region, YYYY-MM of receipt), read from the inbox files alone:
    the region from the file's name, faulty rows and rejected files from the fault manifest."""
    profile = load_profile(profile_name)
    tz = ZoneInfo(profile.timezone)
    manifest = [
        json.loads(line) for line in (home / "demo" / "faults.jsonl").read_text().splitlines()
    ]
    faulty_rows = {(m["file"], m["row"]) for m in manifest if m["kind"] == "row"}
    rejected_files = {
        m["file"] for m in manifest if m["kind"] == "file" and m["status"] == "rejected"
    }
    codes = {code.lower(): code for code in profile.region_codes}
    tickets: dict[str, tuple[str, str]] = {}
    for path in sorted((home / "inbox" / "complaints").iterdir()):
        relative = str(path.relative_to(home))
        if relative in rejected_files:
            continue
        region = next(
            code
            for prefix, code in sorted(codes.items(), key=lambda c: -len(c[0]))
            if path.name.startswith(prefix + "_")
        )
        table = read_table(path)
        columns = map_header(CONTRACTS["complaints"], table.header)
        for row_number, cells in enumerate(table.rows, start=1):
            if (relative, row_number) in faulty_rows:
                continue
            row = dict(zip(columns, cells, strict=False))
            received = parse_timestamp(row["received_at"], tz)
            tickets[str(row["ticket_id"]).strip()] = (region, f"{received:%Y-%m}")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for region_month in tickets.values():
        counts[region_month] += 1
    return dict(counts)


def _build_pipeline_home(home: Path) -> dict:
    generate_demo_data(home, profile="party-eg", months=3, scale=0.05, seed=11)
    expected = complaints_received_from_files(home, "party-eg")
    result = mizan(home, "build")
    return {
        "expected": [[region, month, count] for (region, month), count in expected.items()],
        "result": [result.args, result.returncode, result.stdout, result.stderr],
    }


@pytest.fixture(scope="module")
def built_home(tmp_path_factory, worker_id):
    """One build for the session, shared by the xdist workers; tests must not modify it (copy
    it to change anything)."""
    home = build_once(tmp_path_factory, worker_id, "pipeline", _build_pipeline_home)
    built = built_value(home)
    expected = {(region, month): count for region, month, count in built["expected"]}
    result = subprocess.CompletedProcess(*built["result"])
    assert result.returncode == 0, result.stderr[-3000:]
    return home, expected, result


def test_the_build_reports_each_step(built_home):
    _, _, result = built_home
    for step in ("✓ ingest", "✓ warehouse (dbt build)", "✓ publish", "Build finished"):
        assert step in result.stderr
    assert result.stdout == ""  # dbt's log goes to the run's log file, not the terminal


def test_complaints_received_match_the_files(built_home):
    home, expected, _ = built_home
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    rows = con.execute(
        """
        SELECT region_code, strftime(month_start, '%Y-%m'), value
        FROM marts.fct_kpi_monthly
        WHERE kpi_code = 'CMP_RECEIVED' AND secretariat_code = 'ALL' AND region_code <> 'ALL'
        """
    ).fetchall()
    con.close()
    actual = {(region, month): int(value) for region, month, value in rows if value}
    assert sum(expected.values()) > 1000
    assert actual == expected


def test_every_region_of_the_profile_is_in_the_snapshot(built_home):
    home, _, _ = built_home
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    regions = {r[0] for r in con.execute("SELECT region_code FROM marts.dim_region").fetchall()}
    con.close()
    assert set(load_profile("party-eg").region_codes) <= regions


def test_last_build_status_is_recorded(built_home):
    home, _, _ = built_home
    status = json.loads((home / "runs" / "last_build.json").read_text())
    assert status["status"] == "published"
    assert status["snapshot_published_at"]


def test_a_second_build_with_an_empty_inbox_changes_no_raw_table(built_home, tmp_path):
    home = copy_home(built_home[0], tmp_path / "home")  # the built home is shared: build a copy

    def raw_contents() -> dict[str, list]:
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
        try:
            return {
                source: con.execute(
                    f"SELECT * EXCLUDE (_ingested_at) FROM raw.{source} ORDER BY ALL"
                ).fetchall()
                for source in CONTRACTS
            }
        finally:
            con.close()

    before = raw_contents()
    result = mizan(home, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert raw_contents() == before


def test_the_dagster_definitions_validate(tmp_path):
    import sys

    dagster = str(Path(sys.executable).with_name("dagster"))
    import subprocess

    from tests.support.pipeline import mizan_env

    result = subprocess.run(
        [dagster, "definitions", "validate", "-m", "dagster_project.definitions"],
        env=mizan_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
