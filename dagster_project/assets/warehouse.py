"""dbt models as Dagster assets (dagster-dbt): every model an asset, every dbt test a check.

Asset keys name the DuckDB schema a model lands in (["marts", "fct_kpi_monthly"]) and sources
keep their raw table's key (["raw", "complaints"]), so lineage runs unbroken from the ingest
assets to the marts.

The engine that runs dbt (DuckDB, or Spark when a deployment outgrows one machine) is chosen
here and only here: the run's config, else MIZAN_ENGINE (`mizan build --engine`). Whatever the
engine, the marts end up in the DuckDB warehouse the snapshot is published from
(dagster_project.engines).
"""

import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)
from pydantic import Field

from dagster_project import engines
from dagster_project.dbt_project import mizan_dbt_project
from dagster_project.partitions import monthly_partitions
from dagster_project.settings import ENGINES, Settings

LAYER_GROUPS = {
    "staging": "warehouse_staging",
    "intermediate": "warehouse_intermediate",
    "marts": "warehouse_marts",
    "reference": "reference_data",
}


class MizanDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props["schema"]
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props["schema"]
        return LAYER_GROUPS.get(schema, "warehouse")

    def get_owners(self, dbt_resource_props: Mapping[str, Any]):
        return ["team:analytics"]


translator = MizanDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


class WarehouseConfig(dg.Config):
    """Run config of the dbt step."""

    engine: str = Field(
        default="",
        description=f"Engine that runs dbt: {' or '.join(ENGINES)}; empty: MIZAN_ENGINE (duckdb).",
    )


@dbt_assets(
    manifest=mizan_dbt_project.manifest_path,
    dagster_dbt_translator=translator,
    partitions_def=monthly_partitions,
    # A backfill of many months is one `dbt build` that rebuilds them all.
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def warehouse_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, config: WarehouseConfig
):
    """`dbt build`: seeds, models and their tests, in dependency order, on the chosen engine.

    Without a partition, the incremental models rebuild the months that new files touched. A run
    for one month or a backfill over a range (from the UI, or the monthly close) also rebuilds
    those months, whether or not anything in them changed.
    """
    settings = Settings.from_env(engine=config.engine or None)
    args = ["build", "--target", settings.target]
    months = rebuild_months(context)
    if months:
        args += ["--vars", json.dumps({"mizan_rebuild_months": months})]
        context.log.info(f"Rebuilding {len(months)} month(s): {months[0]} … {months[-1]}")
    handed = engines.before_dbt(settings)  # Spark: the raw tables as parquet
    if handed:
        context.log.info(f"raw tables as parquet for {settings.engine}: {handed.tables}")
    yield from dbt.cli(args, context=context).stream()
    handed = engines.after_dbt(settings)  # Spark: its marts into the DuckDB warehouse
    if handed:
        context.log.info(f"{len(handed.tables)} tables read back from {settings.engine}")


def rebuild_months(context: dg.AssetExecutionContext) -> list[str]:
    if context.has_partition_key_range:
        return list(context.partition_keys)
    if context.has_partition_key:
        return [context.partition_key]
    return []
