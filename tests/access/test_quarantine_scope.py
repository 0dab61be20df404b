"""Rejected rows are shown to the steward of their own region: a file holding several regions'
rows is not attributed to one of them. Each quarantined row carries the region its raw value
resolves to (as a loaded row's would); a row whose region does not resolve is unattributed and
only unrestricted scopes see it. Checked through the real ingest, the dashboards' data layer
over a published quality schema, and `mizan quarantine`."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboards.data import core, quality
from dashboards.scope import UNRESTRICTED, Scope
from mizan.cli import main
from mizan.ingest.api import ensure_raw_schema, ingest_files
from mizan.org import load_profile
from mizan.settings import Settings
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("scope") / "home"
    settings = Settings.from_env(
        home=home, profile="party-eg", timezone="Africa/Cairo", secret="test-secret"
    )
    settings.ensure_dirs()
    profile = load_profile("party-eg")
    rows = [
        complaint("T1", region="Cairo"),  # loads
        complaint("T2", region="القاهره", satisfaction="9"),  # Cairo's, rejected
        complaint("T3", region="Gizeh", satisfaction="9"),  # Giza's, rejected
        complaint("T4", region="الجيزة", reopened="-1"),  # Giza's, rejected
        complaint("T5", region="Atlantis"),  # unresolvable: unattributed
    ]
    # a national file: Cairo first alphabetically, so the old per-file attribution gave Cairo
    # every rejected row
    path = write_csv(settings.inbox_for("complaints") / "national.csv", COMPLAINT_HEADER, rows)
    con = duckdb.connect(str(settings.warehouse_path))
    ensure_raw_schema(con)
    (receipt,) = ingest_files(con, "complaints", [path], settings=settings, profile=profile)
    assert (receipt.loaded, receipt.rejected) == (1, 4)
    # the published snapshot's tables the quality page reads (as mizan.publish copies them)
    settings.serving_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"ATTACH '{settings.serving_path}' AS snap")
    con.execute("CREATE SCHEMA snap.quality")
    con.execute("CREATE TABLE snap.quality.quarantine AS SELECT * FROM raw.quarantine")
    con.execute("CREATE TABLE snap.quality.ingest_log AS SELECT * FROM raw.ingest_log")
    con.execute("CREATE SCHEMA snap.marts")
    con.execute(
        "CREATE TABLE snap.marts.dim_region AS SELECT code AS region_code, "
        "name_ar AS region_name_ar, name_en AS region_name_en FROM raw.org_regions"
    )
    con.execute("DETACH snap")
    con.close()
    return home


def test_each_quarantined_row_carries_its_own_region(home):
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT record_key, region_code FROM raw.quarantine ORDER BY record_key"
        ).fetchall()
    finally:
        con.close()
    assert rows == [("T2", "CAIRO"), ("T3", "GIZA"), ("T4", "GIZA"), ("T5", None)]


@pytest.fixture
def snapshot(home, monkeypatch):
    monkeypatch.setenv("MIZAN_HOME", str(home))
    core.close_connection()
    with core.uncached():
        yield home
    core.close_connection()


def test_stewards_see_their_own_regions_rejected_rows_only(snapshot):
    giza, cairo = Scope(frozenset({"GIZA"})), Scope(frozenset({"CAIRO"}))
    assert sorted(quality.quarantine_rows(giza)["record_key"]) == ["T3", "T4"]
    assert sorted(quality.quarantine_rows(cairo)["record_key"]) == ["T2"]
    assert quality.quarantine_rows(Scope(frozenset({"ALEXANDRIA"}))).empty
    summary = quality.quarantine_summary(giza)
    assert set(summary["region_code"]) == {"GIZA"} and summary["rows"].sum() == 2
    # the unattributed row: unrestricted scopes only
    everything = quality.quarantine_rows(UNRESTRICTED)
    assert sorted(everything["record_key"]) == ["T2", "T3", "T4", "T5"]
    assert everything.set_index("record_key")["region_code"].to_dict() == {
        "T2": "CAIRO",
        "T3": "GIZA",
        "T4": "GIZA",
        "T5": "",
    }
    unattributed = quality.quarantine_rows(UNRESTRICTED, region="")
    assert list(unattributed["record_key"]) == ["T5"]


def test_mizan_quarantine_shows_and_filters_by_each_rows_region(home, monkeypatch):
    monkeypatch.setenv("MIZAN_HOME", str(home))
    monkeypatch.setenv("MIZAN_PROFILE", "party-eg")
    runner = CliRunner()

    def keys(*args: str) -> dict[str, str | None]:
        result = runner.invoke(main, ["quarantine", "--json", *args])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
        return {r["record_key"]: r["region_code"] for r in rows}

    assert keys() == {"T2": "CAIRO", "T3": "GIZA", "T4": "GIZA", "T5": None}
    assert keys("--region", "GIZA") == {"T3": "GIZA", "T4": "GIZA"}
    assert keys("--region", "-") == {"T5": None}
    table = runner.invoke(main, ["quarantine", "--lang", "en", "--region", "cairo"])
    assert table.exit_code == 0 and "CAIRO" in table.output and "T3" not in table.output
