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


def connect_warehouse(settings: Settings, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the deployment's warehouse, DuckDB bounded by MIZAN_DUCKDB_MEMORY_LIMIT
    (the limit dbt gets through profiles.yml): every Mizan process that opens the warehouse to
    write opens it here."""
    if not read_only:
        settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(
        str(settings.warehouse_path),
        read_only=read_only,
        config={"memory_limit": settings.duckdb_memory_limit},
    )


@contextmanager
def warehouse_connection(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect_warehouse(settings)
    try:
        yield con
    finally:
        con.close()
