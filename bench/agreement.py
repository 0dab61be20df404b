"""Do Mizan (marts.fct_kpi_monthly), the SQL limit and the pandas peer compute the same rows?

Rows are matched on month × region × secretariat × KPI; both sides must have the same keys, and
every compared column must agree: text, booleans and integers exactly, floats within a relative
1e-9 (sums of decimals and medians may differ in the last bits between engines).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

KEYS = ("month_start", "region_code", "secretariat_code", "kpi_code")
EXACT = (
    "pillar",
    "direction",
    "has_data",
    "value_status",
    "sample_size",
    "rag",
    "rank_in_month",
    "regions_ranked",
    "population",
)
FLOATS = (
    "numerator",
    "denominator",
    "value",
    "value_per_100k",
    "value_scored",
    "target",
    "amber_threshold",
    "attainment",
    "score",
    "value_prev_month",
    "mom_change",
    "mom_change_pct",
    "value_prev_year",
    "yoy_change",
    "yoy_change_pct",
)
COLUMNS = EXACT + FLOATS
REL_TOL = 1e-9


@dataclass
class Agreement:
    left: str
    right: str
    rows_left: int
    rows_right: int
    only_left: int
    only_right: int
    mismatches: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple]] = field(default_factory=dict)

    @property
    def agrees(self) -> bool:
        return not (self.only_left or self.only_right or self.mismatches)

    def to_dict(self) -> dict:
        return {
            "left": self.left,
            "right": self.right,
            "rows": self.rows_left,
            "agrees": self.agrees,
            "only_left": self.only_left,
            "only_right": self.only_right,
            "mismatches": self.mismatches,
            "examples": {k: [list(map(str, row)) for row in v] for k, v in self.examples.items()},
        }

    def __str__(self) -> str:
        if self.agrees:
            return f"{self.left} = {self.right}: {self.rows_left:,} rows agree"
        return (
            f"{self.left} ≠ {self.right}: {self.only_left} rows only left, {self.only_right} only "
            f"right, mismatching columns {self.mismatches}, e.g. {self.examples}"
        )


def _differs(column: str) -> str:
    a, b = f"a.{column}", f"b.{column}"
    if column in FLOATS:
        return (
            f"not ({a} is not distinct from {b} or "
            f"abs({a} - {b}) <= {REL_TOL} * greatest(abs({a}), abs({b})))"
        )
    return f"{a}::varchar is distinct from {b}::varchar"


def compare(
    con: duckdb.DuckDBPyConnection, left: str, right: str, columns: tuple[str, ...] = COLUMNS
) -> Agreement:
    """Compare two tables (or queries in parentheses) of fct_kpi_monthly rows."""
    on = " and ".join(f"a.{k} = b.{k}" for k in KEYS)
    count = "select count(*) from {}"
    rows_left = con.execute(count.format(left)).fetchone()[0]
    rows_right = con.execute(count.format(right)).fetchone()[0]
    only_left, only_right = con.execute(
        f"select count(*) filter (where b.kpi_code is null), count(*) filter (where a.kpi_code is null) "
        f"from {left} as a full join {right} as b on {on}"
    ).fetchone()
    result = Agreement(left, right, rows_left, rows_right, only_left, only_right)
    checks = ", ".join(f"count(*) filter (where {_differs(c)})" for c in columns)
    counts = con.execute(f"select {checks} from {left} as a join {right} as b on {on}").fetchone()
    for column, n in zip(columns, counts, strict=True):
        if n:
            result.mismatches[column] = n
            result.examples[column] = con.execute(
                f"select {', '.join('a.' + k for k in KEYS)}, a.{column}, b.{column} "
                f"from {left} as a join {right} as b on {on} where {_differs(column)} "
                f"order by all limit 3"
            ).fetchall()
    return result
