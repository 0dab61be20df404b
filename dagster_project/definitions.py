"""The single entry point of Mizan's Dagster code location: assets, resources, jobs."""

from __future__ import annotations

import os

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.dbt_project import dbt_executable, mizan_dbt_project
from mizan.settings import Settings

# dbt runs as a child process and reads MIZAN_WAREHOUSE from the environment: make every
# setting explicit there before anything starts.
os.environ.update(Settings.from_env().export_env())

from dagster_project.assets import ingest, publish, warehouse
from dagster_project.schedules import build_monthly_close
from dagster_project.sensors import build_inbox_sensor, build_status_sensors

build_all = dg.define_asset_job(
    "build_all",
    selection=dg.AssetSelection.all(),
    description="Ingest the inbox, build the warehouse with dbt and publish the serving snapshot.",
    # One writer per DuckDB file: steps run one after another in this process.
    executor_def=dg.in_process_executor,
)

defs = dg.Definitions(
    assets=[ingest.raw_tables, warehouse.warehouse_models, publish.serving_snapshot],
    jobs=[build_all],
    schedules=[build_monthly_close(build_all)],
    sensors=[build_inbox_sensor(build_all), *build_status_sensors(build_all)],
    resources={
        # The dbt of this environment, even when its bin/ is not on PATH (e.g. `.venv/bin/mizan`).
        "dbt": DbtCliResource(project_dir=mizan_dbt_project, dbt_executable=dbt_executable())
    },
)
