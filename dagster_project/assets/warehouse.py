"""dbt models as Dagster assets (dagster-dbt): every model an asset, every dbt test a check.

Asset keys name the DuckDB schema a model lands in (["marts", "fct_kpi_monthly"]) and sources
keep their raw table's key (["raw", "complaints"]), so lineage runs unbroken from the ingest
assets to the marts.

The engine that runs dbt (DuckDB, or Spark when a deployment outgrows one machine) is chosen
here and only here: the run's config, else MIZAN_ENGINE (`mizan build --engine`). Whatever the
engine, the marts end up in the DuckDB warehouse the snapshot is published from
(mizan.engines).
"""

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)
from pydantic import Field

from dagster_project.dbt_project import mizan_dbt_project
from dagster_project.resources import WarehouseResource
from mizan import engines
from mizan.ingest.writing import needs_full_refresh
from mizan.settings import ENGINES

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


def build_warehouse_models(partitions_def: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    """The dbt assets, partitioned by month (dagster_project.partitions, built from the
    deployment's settings when the definitions load)."""

    @dbt_assets(
        manifest=mizan_dbt_project.manifest_path,
        dagster_dbt_translator=translator,
        partitions_def=partitions_def,
        # A backfill of many months is one `dbt build` that rebuilds them all.
        backfill_policy=dg.BackfillPolicy.single_run(),
    )
    def warehouse_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: WarehouseConfig,
    ):
        """`dbt build`: seeds, models and their data tests, in dependency order, on the chosen
        engine.

        Without a partition, the incremental models rebuild the months that new files touched. A
        run for one month or a backfill over a range (from the UI, or the monthly close) also
        rebuilds those months, whether or not anything in them changed.

        dbt's unit tests check the SQL against fixed inputs, not the data: they run in `make
        test` (CI), not in every production build (dbt's advice). The months travel in the
        environment (MIZAN_REBUILD_MONTHS), not as --vars, and the invocation's partial-parse file
        is kept for the next run: a changed --vars or a partial-parse file of another warehouse
        makes dbt re-parse the whole project, seconds on every run (bench/README.md). dbt finds
        the warehouse (MIZAN_WAREHOUSE) and the rest of the deployment in its environment too:
        this resource's settings, for the time dbt starts.
        """
        settings = warehouse.settings(engine=config.engine or None)
        args = ["build", "--target", settings.target, "--exclude-resource-type", "unit_test"]
        # a re-sent file replaced its earlier load and removed records: the incremental row
        # facts only add and update, so rebuild them whole
        full_refresh = needs_full_refresh(settings)
        if full_refresh.exists():
            context.log.info(f"Full refresh: {full_refresh.read_text().strip()}")
            args.append("--full-refresh")
        months = rebuild_months(context)
        if months:
            context.log.info(f"Rebuilding {len(months)} month(s): {months[0]} … {months[-1]}")
        handed = engines.before_dbt(settings)  # Spark: the raw tables as parquet
        if handed:
            context.log.info(f"raw tables as parquet for {settings.engine}: {handed.tables}")
        with _environment(**settings.export_env(), MIZAN_REBUILD_MONTHS=",".join(months)):
            invocation = dbt.cli(args, context=context)
        yield from invocation.stream()
        if "--full-refresh" in args:
            full_refresh.unlink(missing_ok=True)
        keep_partial_parse(invocation.target_path)
        handed = engines.after_dbt(settings)  # Spark: its marts into the DuckDB warehouse
        if handed:
            context.log.info(f"{len(handed.tables)} tables read back from {settings.engine}")

    return warehouse_models


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables while dagster-dbt starts dbt (it passes os.environ on, and
    takes no environment of its own), and put them back afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def keep_partial_parse(target_path: Path) -> None:
    """Make this invocation's partial-parse file (parsed for this warehouse) the one dagster-dbt
    copies into the next invocation; replaced atomically, since runs may overlap."""
    produced = Path(target_path) / "partial_parse.msgpack"
    kept = mizan_dbt_project.project_dir / "target" / "partial_parse.msgpack"
    if not produced.exists():
        return
    staging = kept.with_name(f".{kept.name}.{os.getpid()}")
    shutil.copyfile(produced, staging)
    os.replace(staging, kept)


def rebuild_months(context: dg.AssetExecutionContext) -> list[str]:
    if context.has_partition_key_range:
        return list(context.partition_keys)
    if context.has_partition_key:
        return [context.partition_key]
    return []
