"""The resources of the Dagster project: the deployment's DuckDB warehouse.

Assets and sensors reach the warehouse and the deployment's folders through `WarehouseResource`
instead of reading the environment themselves, so a test (or a second code location) swaps the
whole warehouse by handing another resource:

    dg.materialize([raw_tables], resources={"warehouse": WarehouseResource(home=str(tmp_path))})
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from mizan.settings import Settings
from mizan.warehouse_db import warehouse_connection


class WarehouseResource(dg.ConfigurableResource):
    """The one DuckDB warehouse a run writes (MIZAN_HOME/warehouse.duckdb) and the deployment it
    belongs to: inbox, archive, serving snapshot, profile.

    A field left empty comes from the environment when a step runs (`Settings.from_env`), so
    loading the definitions reads and writes nothing. DuckDB allows one writer per file: the
    steps that open it run one after another in one process (the job's in-process executor), and
    each closes its connection before the next step (or dbt, another process) opens the file.
    """

    home: str = Field(
        default="",
        description="The deployment's home (the warehouse is home/warehouse.duckdb); "
        "empty: MIZAN_HOME, default ./data.",
    )
    profile: str = Field(
        default="", description="Organisation profile; empty: MIZAN_PROFILE, default party-eg."
    )

    def settings(self, **overrides: object) -> Settings:
        """The deployment's settings: this resource's fields, then `overrides` (e.g. a run's
        engine), win over the environment."""
        return Settings.from_env(
            **{"home": self.home or None, "profile": self.profile or None, **overrides}
        )

    @property
    def path(self) -> Path:
        """The DuckDB file of the warehouse."""
        return self.settings().warehouse_path

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The writer's connection, closed on leaving (see mizan.warehouse_db)."""
        with warehouse_connection(self.settings()) as con:
            yield con
