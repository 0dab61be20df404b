"""One KPI across regions and months, and the rows behind any of its values."""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.data.drill import DRILLS, SOURCES, expand
from dashboards.scope import Scope

DRILL_PAGE_SIZE = 50


@data_function
def kpi_matrix(scope: Scope, kpi_code: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Region × month of one KPI (the organisation as region 'ALL' for unrestricted scopes)."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT strftime(f.month_start, '%Y-%m-%d') AS month, f.region_code, r.region_name_ar,
               r.region_name_en, r.is_rollup, f.has_data, f.value, f.value_per_100k,
               f.value_scored, f.target, f.rag, f.numerator, f.denominator, f.rank_in_month,
               f.regions_ranked
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_region AS r USING (region_code)
        WHERE f.kpi_code = $kpi AND f.secretariat_code = $secretariat
          AND ((NOT r.is_rollup AND {clause}) OR (r.is_rollup AND $unrestricted))
        ORDER BY f.month_start, r.is_rollup DESC, r.region_name_en
        """,
        kpi=kpi_code,
        secretariat=secretariat,
        unrestricted=scope.unrestricted,
        **params,
    )


def _behind(scope: Scope, kpi_code: str) -> tuple[str, dict[str, object]]:
    """The CTE `behind`: the rows a KPI looks at for $region, $secretariat and $month."""
    drill = DRILLS[kpi_code]
    source = SOURCES[drill.source]
    clause, params = scope.sql("f.region_code")
    counts = expand(drill.counts) if drill.counts else "TRUE"
    sql = f"""
        behind AS (
            SELECT f.*, coalesce({counts}, FALSE) AS counts_in_kpi
            FROM {source.table} AS f
            WHERE {expand(drill.rows)}
              AND ($region = 'ALL' OR f.region_code = $region)
              AND ($region <> 'ALL' OR $unrestricted)
              AND ($secretariat = 'ALL' OR f.secretariat_code = $secretariat)
              AND {clause}
        )"""
    return sql, {**params, "unrestricted": scope.unrestricted}


@data_function
def drill_summary(
    scope: Scope, kpi_code: str, region: str, month: str, secretariat: str = "ALL"
) -> dict[str, float | int | None]:
    """How many rows lie behind the value, how many count in its numerator, and the sum or
    median they make (for KPIs that add up or take the median of a column)."""
    if kpi_code not in DRILLS:
        return {"rows": 0, "counted": 0, "total": None}
    behind, params = _behind(scope, kpi_code)
    total = DRILLS[kpi_code].total or "NULL"
    frame = query(
        f"""
        WITH {behind}
        SELECT count(*) AS rows, count(*) FILTER (WHERE counts_in_kpi) AS counted, {total} AS total
        FROM behind
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )
    row = frame.iloc[0]
    total_value = row["total"]
    return {
        "rows": int(row["rows"]),
        "counted": int(row["counted"]),
        "total": None if pd.isna(total_value) else float(total_value),
    }


@data_function
def drill_rows(
    scope: Scope,
    kpi_code: str,
    region: str,
    month: str,
    secretariat: str = "ALL",
    *,
    only_counted: bool = False,
    limit: int = DRILL_PAGE_SIZE,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of the rows behind a value: the source's display columns, the region and
    secretariat names, and `counts_in_kpi`. Never personal data (the facts hold none)."""
    if kpi_code not in DRILLS:
        return pd.DataFrame()
    source = SOURCES[DRILLS[kpi_code].source]
    behind, params = _behind(scope, kpi_code)
    columns = ", ".join(f"b.{column}" for column in source.columns)
    return query(
        f"""
        WITH {behind}
        SELECT {columns}, b.region_code, r.region_name_ar, r.region_name_en,
               b.secretariat_code, s.secretariat_name_ar, s.secretariat_name_en, b.counts_in_kpi
        FROM behind AS b
        JOIN marts.dim_region AS r ON r.region_code = b.region_code
        LEFT JOIN marts.dim_secretariat AS s ON s.secretariat_code = b.secretariat_code
        WHERE b.counts_in_kpi OR NOT $only_counted
        ORDER BY {source.order}
        LIMIT $limit OFFSET $offset
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        only_counted=only_counted,
        limit=int(limit),
        offset=int(offset),
        **params,
    )


def drill_source(kpi_code: str) -> str | None:
    drill = DRILLS.get(kpi_code)
    return drill.source if drill else None
