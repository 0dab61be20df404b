"""dbt models as Dagster assets (dagster-dbt): every model an asset, every dbt test a check.

Asset keys name the DuckDB schema a model lands in (["marts", "fct_kpi_monthly"]) and sources
keep their raw table's key (["raw", "complaints"]), so lineage runs unbroken from the ingest
assets to the marts.

The engine that runs dbt (DuckDB, or Spark when a deployment outgrows one machine) is chosen
here and only here: the run's config, else MIZAN_ENGINE (`mizan build --engine`). Whatever the
engine, the marts end up in the DuckDB warehouse the snapshot is published from
(dagster_project.engines).
"""

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


@dbt_assets(manifest=mizan_dbt_project.manifest_path, dagster_dbt_translator=translator)
def warehouse_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, config: WarehouseConfig
):
    """`dbt build`: seeds, models and their tests, in dependency order, on the chosen engine."""
    settings = Settings.from_env(engine=config.engine or None)
    handed = engines.before_dbt(settings)  # Spark: the raw tables as parquet
    if handed:
        context.log.info(f"raw tables as parquet for {settings.engine}: {handed.tables}")
    yield from dbt.cli(["build", "--target", settings.target], context=context).stream()
    handed = engines.after_dbt(settings)  # Spark: its marts into the DuckDB warehouse
    if handed:
        context.log.info(f"{len(handed.tables)} tables read back from {settings.engine}")
