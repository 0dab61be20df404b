"""The Dagster code location's resources: a test swaps the warehouse by handing the assets (and
sensors) another `WarehouseResource`, and loading the definitions touches no environment."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.assets.ingest import raw_tables
from dagster_project.resources import WarehouseResource
from dagster_project.sensors import build_inbox_sensor
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv


def test_an_ingest_asset_materialises_into_the_warehouse_it_is_handed(tmp_path, monkeypatch):
    elsewhere = tmp_path / "the-environments-home"
    monkeypatch.setenv("MIZAN_HOME", str(elsewhere))  # what the resource must not use
    home = tmp_path / "swapped"
    write_csv(
        home / "inbox" / "complaints" / "qena.csv",
        COMPLAINT_HEADER,
        [*(complaint(f"T-{i}") for i in range(9)), complaint("T-9", region="Atlantis")],
    )
    warehouse = WarehouseResource(home=str(home), profile="party-eg")
    assert warehouse.path == (home / "warehouse.duckdb").resolve()

    result = dg.materialize(
        [raw_tables],
        resources={"warehouse": warehouse},
        selection=[dg.AssetKey(["raw", "complaints"]), dg.AssetKey(["raw", "org_regions"])],
    )

    assert result.success
    metadata = result.asset_materializations_for_node("raw_tables")
    loaded = {tuple(m.asset_key.path): m.metadata for m in metadata}
    assert loaded["raw", "complaints"]["rows_loaded"].value == 9
    assert loaded["raw", "complaints"]["rows_rejected"].value == 1
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw.complaints").fetchone()[0] == 9
        assert con.execute("SELECT count(*) FROM raw.org_regions").fetchone()[0] == 27
    finally:
        con.close()
    assert not (elsewhere / "warehouse.duckdb").exists()


def test_the_inbox_sensor_looks_at_the_inbox_of_its_resource(tmp_path):
    job = dg.define_asset_job("build_all", selection=dg.AssetSelection.all())
    sensor = build_inbox_sensor(job)
    home = tmp_path / "home"

    def tick():
        context = dg.build_sensor_context(
            resources={"warehouse": WarehouseResource(home=str(home), profile="party-eg")}
        )
        return sensor(context)

    assert "empty" in tick().skip_message
    old = 1_000_000_000.0  # settled long ago
    write_csv(home / "inbox" / "complaints" / "qena.csv", COMPLAINT_HEADER, [], mtime=old)
    request = tick()
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key.endswith("-01") and request.tags["mizan/files"] == "1"


def test_loading_the_definitions_writes_no_environment(tmp_path):
    """Importing the module reads and writes nothing; loading builds from the settings it reads."""
    before = dict(os.environ)
    from dagster_project.definitions import defs

    assert dict(os.environ) == before
    loaded = defs()
    assert dict(os.environ) == before
    assert isinstance(loaded.resources["warehouse"], WarehouseResource)
    job = loaded.resolve_job_def("build_all")
    assert job.executor_def is dg.in_process_executor  # one writer per DuckDB file
    assert Path(loaded.resources["warehouse"].path).name == "warehouse.duckdb"


def test_the_dbt_resource_knows_its_dbt_version_without_asking_dbt():
    """The version dagster-dbt would learn from `dbt --version` (a child process importing dbt,
    seconds before every invocation) is the installed dbt-core's, and no adapter is opened in the
    Dagster process; a dbt found elsewhere keeps dagster-dbt's own way."""
    import re
    import subprocess

    from dagster_project.dbt_project import (
        MizanDbtCliResource,
        dbt_executable,
        mizan_dbt_project,
    )

    ours = MizanDbtCliResource(project_dir=mizan_dbt_project, dbt_executable=dbt_executable())
    printed = subprocess.run([dbt_executable(), "--version"], capture_output=True, text=True)
    reported = re.search(r"(\d+\.\d+\.\d+)", printed.stdout).group(1)
    assert str(ours._cli_version) == reported
    assert ours._initialize_dbt_core_adapter(["build"]) is None
