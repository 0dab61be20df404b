"""The single writer's connection to the warehouse file.

DuckDB allows one writing process per file; Dagster steps that write run in one process, one at a
time (in-process executor), and each opens and closes its connection so that dbt — a separate
process — can open the file between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from mizan.settings import Settings


@contextmanager
def warehouse_connection(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        str(settings.warehouse_path), config={"memory_limit": settings.duckdb_memory_limit}
    )
    try:
        yield con
    finally:
        con.close()
