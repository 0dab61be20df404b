"""One KPI across regions and months, and the rows behind any of its values."""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.data.drill import KPI_ROWS, SOURCES
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
               f.value_scored, f.target, f.rag, f.value_status, f.sample_size, f.numerator, f.denominator, f.rank_in_month,
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


@data_function
def funnel(scope: Scope, kpi_code: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """The funnel plot of a share KPI for one month: each region's value against its
    denominator, with the organisation's rate and the 95 % and 99.8 % control limits the
    warehouse computed for it (fct_kpi_monthly.funnel_*), its position and flag. Regions of
    the scope with a limit only (a value on a denominator above 0); the organisation's rate is
    every region's, whatever the scope."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT f.region_code, r.region_name_ar, r.region_name_en, f.value, f.numerator,
               f.denominator, f.value_status, f.sample_size, f.rag, f.funnel_rate,
               f.funnel_lower_95, f.funnel_upper_95, f.funnel_lower_998, f.funnel_upper_998,
               f.funnel_position, f.funnel_flag, f.rank_in_month, f.regions_ranked
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_region AS r USING (region_code)
        WHERE f.kpi_code = $kpi AND f.month_start = $month::DATE
          AND f.secretariat_code = $secretariat AND NOT r.is_rollup
          AND f.funnel_rate IS NOT NULL AND {clause}
        ORDER BY f.denominator, r.region_name_en
        """,
        kpi=kpi_code,
        month=month,
        secretariat=secretariat,
        **params,
    )


def _kpi_rows(scope: Scope) -> tuple[str, dict[str, object]]:
    """The CTE `kpi_rows`: the rows of fct_kpi_rows behind $kpi for $region, $secretariat and
    $month (region 'ALL': every region, for unrestricted scopes only)."""
    clause, params = scope.sql("k.region_code")
    sql = f"""
        kpi_rows AS (
            SELECT k.*
            FROM {KPI_ROWS} AS k
            WHERE k.kpi_code = $kpi AND k.month_start = $month::DATE
              AND ($region = 'ALL' OR k.region_code = $region)
              AND ($region <> 'ALL' OR $unrestricted)
              AND ($secretariat = 'ALL' OR k.secretariat_code = $secretariat)
              AND {clause}
        )"""
    return sql, {**params, "unrestricted": scope.unrestricted}


@data_function
def drill_summary(
    scope: Scope, kpi_code: str, region: str, month: str, secretariat: str = "ALL"
) -> dict[str, float | int | None]:
    """How many rows lie behind the value and how many count in its numerator, and what they add
    up to as fct_kpi_rows documents it: the numerator (the sum of what each row adds, or for a
    distinct count the number of distinct records), the denominator, and the median of the
    observations (median KPIs)."""
    kpi_rows, params = _kpi_rows(scope)
    frame = query(
        f"""
        WITH {kpi_rows},
        kpi AS (SELECT aggregation FROM marts.dim_kpi WHERE kpi_code = $kpi)
        SELECT count(k.record_id) AS rows,
               count(k.record_id) FILTER (WHERE k.in_numerator) AS counted,
               CASE kpi.aggregation
                   WHEN 'median' THEN NULL
                   WHEN 'distinct_count'
                       THEN count(DISTINCT k.record_id) FILTER (WHERE k.in_numerator)
                   ELSE sum(k.numerator_value)
               END AS numerator,
               sum(k.denominator_value) AS denominator,
               median(k.observed_value) AS median
        FROM kpi LEFT JOIN kpi_rows AS k ON TRUE
        GROUP BY kpi.aggregation
        """,
        kpi=kpi_code,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )
    if frame.empty:  # not a KPI of the catalogue
        return {"rows": 0, "counted": 0, "numerator": None, "denominator": None, "median": None}
    row = frame.iloc[0]

    def number(value: object) -> float | None:
        return None if pd.isna(value) else float(value)

    return {
        "rows": int(row["rows"]),
        "counted": int(row["counted"]),
        "numerator": number(row["numerator"]),
        "denominator": number(row["denominator"]),
        "median": number(row["median"]),
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
    source_name = drill_source(kpi_code)
    if source_name is None:
        return pd.DataFrame()
    source = SOURCES[source_name]
    kpi_rows, params = _kpi_rows(scope)
    columns = ", ".join(f"f.{column}" for column in source.columns)
    return query(
        f"""
        WITH {kpi_rows}
        SELECT {columns}, k.region_code, r.region_name_ar, r.region_name_en,
               k.secretariat_code, s.secretariat_name_ar, s.secretariat_name_en,
               k.in_numerator AS counts_in_kpi
        FROM kpi_rows AS k
        JOIN {source.table} AS f ON f.{source.key} = k.record_id
        JOIN marts.dim_region AS r ON r.region_code = k.region_code
        LEFT JOIN marts.dim_secretariat AS s ON s.secretariat_code = k.secretariat_code
        WHERE k.in_numerator OR NOT $only_counted
        ORDER BY {source.order}, k.region_code, k.secretariat_code
        LIMIT $limit OFFSET $offset
        """,
        kpi=kpi_code,
        region=region,
        month=month,
        secretariat=secretariat,
        only_counted=only_counted,
        limit=int(limit),
        offset=int(offset),
        **params,
    )


def drill_source(kpi_code: str) -> str | None:
    """The fact table (a key of SOURCES) the rows behind `kpi_code` point into, or None: the
    source fct_kpi_rows names for the KPI (the organisation's reference data, not detail)."""
    frame = query(
        f"SELECT min(source) AS source FROM {KPI_ROWS} WHERE kpi_code = $kpi", kpi=kpi_code
    )
    source = frame.iloc[0]["source"] if not frame.empty else None
    return source if isinstance(source, str) and source in SOURCES else None
