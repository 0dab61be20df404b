"""The single entry point of Mizan's Dagster code location: it gathers the assets, resources,
jobs, schedules and sensors, and does nothing else.

`defs` is loaded lazily (`@dg.definitions`): importing this module reads and writes nothing. When
Dagster (or the runner) loads it, the month partitions and the monthly close are built from the
deployment's settings; the assets reach the warehouse through the `warehouse` resource, which
reads its settings when a step runs, and hand them to dbt then (dagster_project.resources).
"""

from __future__ import annotations

import dagster as dg

from dagster_project.assets import ingest
from dagster_project.assets.alerts import alerts
from dagster_project.assets.publish import build_serving_snapshot
from dagster_project.assets.report_pack import report_pack
from dagster_project.assets.warehouse import build_warehouse_models
from dagster_project.dbt_project import MizanDbtCliResource, dbt_executable, mizan_dbt_project
from dagster_project.instance_storage import relax_sync_for_dagster_files
from dagster_project.partitions import monthly_partitions
from dagster_project.resources import WarehouseResource
from dagster_project.schedules import build_monthly_close
from dagster_project.sensors import build_inbox_sensor, build_status_sensors
from mizan.settings import Settings


@dg.definitions
def defs() -> dg.Definitions:
    settings = Settings.from_env()
    relax_sync_for_dagster_files()  # `dagster dev` records runs in the same files
    warehouse_models = build_warehouse_models(monthly_partitions(settings))
    build_all = dg.define_asset_job(
        "build_all",
        selection=dg.AssetSelection.all(),
        description="Ingest the inbox, build the warehouse with dbt and publish the serving "
        "snapshot.",
        # One writer per DuckDB file: steps run one after another in this process.
        executor_def=dg.in_process_executor,
    )
    return dg.Definitions(
        assets=[
            ingest.raw_tables,
            warehouse_models,
            build_serving_snapshot(warehouse_models),
            alerts,
            report_pack,
        ],
        jobs=[build_all],
        schedules=[build_monthly_close(build_all, settings)],
        sensors=[build_inbox_sensor(build_all), *build_status_sensors(build_all)],
        resources={
            # The dbt of this environment, even when its bin/ is not on PATH (`.venv/bin/mizan`).
            "dbt": MizanDbtCliResource(
                project_dir=mizan_dbt_project, dbt_executable=dbt_executable()
            ),
            "warehouse": WarehouseResource(),
        },
    )
