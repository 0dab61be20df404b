"""The engines the dbt project runs on, and what each needs around `dbt build`.

DuckDB (the embedded default) needs nothing: ingestion writes the warehouse file dbt reads, and
the serving snapshot is published from it. Spark gets the raw tables as parquet before the build
and hands the published tables back into the DuckDB warehouse after it (`engines.spark`), so that
publishing and everything downstream is the same for both. Dagster-free: the warehouse asset,
the benchmark and the tests call these.
"""

from __future__ import annotations

from mizan.engines.spark import HandOff
from mizan.settings import Settings
from mizan.warehouse_db import warehouse_connection

__all__ = ["HandOff", "after_dbt", "before_dbt", "check_available"]


def check_available(settings: Settings) -> None:
    """Raise RuntimeError, saying what to install, when the engine cannot run here (before
    anything else starts: dbt cannot even parse the project for a target it has no adapter for)."""
    if settings.engine == "spark":
        from mizan.engines import spark

        spark.check_spark_available(settings)


def before_dbt(settings: Settings) -> HandOff | None:
    """Prepare the engine's sources for `dbt build`."""
    if settings.engine != "spark":
        return None
    from mizan.engines import spark

    spark.check_spark_available(settings)
    with warehouse_connection(settings) as con:
        return spark.export_raw(con, settings)


def after_dbt(settings: Settings) -> HandOff | None:
    """Bring what the engine built into the DuckDB warehouse that the snapshot is published from."""
    if settings.engine != "spark":
        return None
    from mizan.engines import spark

    with warehouse_connection(settings) as con:
        return spark.read_back(con, settings)
