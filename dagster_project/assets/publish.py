"""The publish asset: copy the marts into the read-only serving snapshot, atomically."""

import dagster as dg

from dagster_project.assets.warehouse import warehouse_models
from mizan.publish import publish_snapshot
from mizan.settings import Settings
from mizan.warehouse_db import warehouse_connection

MART_KEYS = [key for key in warehouse_models.keys if key.path[0] in ("marts", "reference")]


@dg.asset(
    key=dg.AssetKey(["serving", "snapshot"]),
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb"},
    owners=["team:analytics"],
    description=(
        "The read-only snapshot the dashboards, SQL console and exports read "
        "(MIZAN_HOME/serving/mizan.duckdb), replaced atomically after a successful build."
    ),
)
def serving_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = Settings.from_env()
    with warehouse_connection(settings) as con:
        result = publish_snapshot(con, settings, run_id=context.run_id)
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
