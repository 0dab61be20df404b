"""Do two builds agree? Every published table of two DuckDB files (warehouses or serving
snapshots), row for row and cell for cell.

The check behind `make test-spark` (DuckDB and Spark builds of the same data), and a tool for a
deployment that moves to Spark: build once on each engine, compare, then switch. Tables must have
the same columns with the same types and the same rows; floating-point cells may differ by a
relative 1e-9 (engines add in different orders), nulls only equal nulls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REL_TOL = 1e-9
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


@dataclass
class TableComparison:
    table: str
    rows_left: int
    rows_right: int
    problems: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.problems

    def line(self) -> str:
        status = "same" if self.agrees else "DIFFERENT"
        rows = (
            f"{self.rows_left:>9,} rows"
            if self.rows_left == self.rows_right
            else f"{self.rows_left:,} vs {self.rows_right:,} rows"
        )
        return f"{self.table:<34} {rows}  {status}"


def compare_databases(
    left: Path, right: Path, schemas: Sequence[str] = ("marts", "reference")
) -> list[TableComparison]:
    """Compare every table of `schemas` in two DuckDB files (both opened read-only)."""
    with _connect(left) as a, _connect(right) as b:
        tables_a, tables_b = _tables(a, schemas), _tables(b, schemas)
        results = [
            TableComparison(
                name, 0, 0, [f"only in {left.name if name in tables_a else right.name}"]
            )
            for name in sorted(tables_a ^ tables_b)
        ]
        for name in sorted(tables_a & tables_b):
            results.append(compare_table(a, b, name))
    return sorted(results, key=lambda r: r.table)


def compare_table(
    a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection, table: str
) -> TableComparison:
    columns_a, columns_b = _columns(a, table), _columns(b, table)
    rows_a, rows_b = _rows(a, table, columns_a), _rows(b, table, columns_b)
    result = TableComparison(table, len(rows_a), len(rows_b))
    if columns_a != columns_b:
        result.problems.append(f"columns differ: {columns_a} vs {columns_b}")
        return result
    if len(rows_a) != len(rows_b):
        result.problems.append(f"{len(rows_a)} rows vs {len(rows_b)}")
    names = [name for name, _ in columns_a]
    for row_a, row_b in zip(rows_a, rows_b, strict=False):
        for name, x, y in zip(names, row_a, row_b, strict=True):
            if not same_value(x, y):
                result.problems.append(f"{name}: {x!r} vs {y!r} in row {row_a!r}")
                break
        if len(result.problems) >= 5:
            break
    return result


def same_value(x: object, y: object) -> bool:
    if x is None or y is None:
        return x is None and y is None
    if isinstance(x, float) or isinstance(y, float):
        if not isinstance(x, int | float) or not isinstance(y, int | float):
            return False
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=REL_TOL, abs_tol=0.0)
    return x == y


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _tables(con: duckdb.DuckDBPyConnection, schemas: Iterable[str]) -> set[str]:
    schemas = list(schemas)
    rows = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        f"WHERE table_type = 'BASE TABLE' AND table_schema IN ({', '.join('?' for _ in schemas)})",
        schemas,
    ).fetchall()
    return {name for (name,) in rows}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()


def _rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]
) -> list[tuple]:
    """Every row, sorted by the exact columns first and the floats (rounded) last, so that two
    builds whose floats differ in the last bits still line up."""
    schema, name = table.split(".")
    exact = [f'"{c}"' for c, t in columns if t not in FLOAT_TYPES]
    floats = [f'round("{c}", 6)' for c, t in columns if t in FLOAT_TYPES]
    order = ", ".join(f"{e} NULLS FIRST" for e in exact + floats) or "1"
    return con.execute(f'SELECT * FROM "{schema}"."{name}" ORDER BY {order}').fetchall()
