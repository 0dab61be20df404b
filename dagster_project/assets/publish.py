"""The publish asset: copy the marts into the read-only serving snapshot, atomically."""

import dagster as dg

from dagster_project.resources import WarehouseResource
from mizan.publish import publish_snapshot

SNAPSHOT_KEY = dg.AssetKey(["serving", "snapshot"])


def build_serving_snapshot(warehouse_models: dg.AssetsDefinition) -> dg.AssetsDefinition:
    """The publish asset, downstream of every mart and reference table of the dbt assets."""
    marts = [key for key in warehouse_models.keys if key.path[0] in ("marts", "reference")]

    @dg.asset(
        key=SNAPSHOT_KEY,
        deps=marts,
        group_name="publish",
        kinds={"duckdb"},
        owners=["team:analytics"],
        description=(
            "The read-only snapshot the dashboards, SQL console and exports read "
            "(MIZAN_HOME/serving/mizan.duckdb), replaced atomically after a successful build."
        ),
    )
    def serving_snapshot(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        settings = warehouse.settings()
        with warehouse.connection() as con:
            result = publish_snapshot(con, settings, run_id=context.run_id)
        return _published(context, result)

    return serving_snapshot


def _published(context: dg.AssetExecutionContext, result) -> dg.MaterializeResult:
    context.log.info(f"Published {len(result.tables)} tables to {result.path}")
    return dg.MaterializeResult(
        metadata={
            "path": str(result.path),
            "published_at": result.published_at,
            "tables": len(result.tables),
            "bytes": result.bytes,
            **{f"rows:{name}": rows for name, rows in sorted(result.tables.items())},
        }
    )
