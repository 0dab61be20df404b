"""Scores: the league table, the heatmap, a region's scorecard, pillar scores and trends.

Composites at the 'all secretariats' level are public to every scope (the league table);
everything below them is filtered to the scope in SQL.
"""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.data.reference import MONTH_COLUMNS
from dashboards.scope import Scope
from dashboards.scoring import band_sql

KPI_COLUMNS = """
    k.name_ar, k.name_en, k.unit, k.direction, k.is_volume, k.score_basis, k.pillar,
    k.pillar_name_ar, k.pillar_name_en, k.sort_order, p.sort_order AS pillar_order"""


def composite_status(column: str) -> str:
    return band_sql(column)


@data_function
def league_table(scope: Scope, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """One row per region: composite, its status, rank and change since the previous month.

    For all secretariats the ranks are mart_league_table's; for one secretariat they are
    computed the same way over its composites (and only the scope's regions are listed).
    """
    clause, params = scope.sql("cur.region_code")
    return query(
        f"""
        WITH months AS (
            SELECT $month::DATE AS month_start
            UNION ALL SELECT CAST($month::DATE - INTERVAL 1 MONTH AS DATE)
        ),
        ranked AS (
            SELECT s.*,
                   CASE WHEN s.composite_score IS NOT NULL THEN rank() OVER (
                       PARTITION BY s.month_start, s.composite_score IS NULL
                       ORDER BY s.composite_score DESC) END AS rank,
                   count(s.composite_score) OVER (PARTITION BY s.month_start) AS regions_ranked
            FROM marts.mart_scorecard AS s
            JOIN months USING (month_start)
            WHERE s.secretariat_code = $secretariat AND s.region_code <> 'ALL'
        )
        SELECT cur.region_code, r.region_name_ar, r.region_name_en, cur.composite_score,
               {composite_status("cur.composite_score")} AS status,
               prev.composite_score AS composite_prev,
               cur.composite_score - prev.composite_score AS composite_change,
               cur.rank, cur.regions_ranked, prev.rank AS rank_prev, prev.rank - cur.rank AS rank_change,
               cur.is_partial, cur.has_data, cur.pillars_covered, cur.pillars_total,
               cur.kpis_green, cur.kpis_amber, cur.kpis_red, cur.kpis_grey,
               {clause} AS in_scope
        FROM ranked AS cur
        JOIN marts.dim_region AS r USING (region_code)
        LEFT JOIN ranked AS prev
          ON prev.region_code = cur.region_code AND prev.month_start < cur.month_start
        WHERE cur.month_start = $month::DATE AND ($secretariat = 'ALL' OR {clause})
        ORDER BY cur.rank NULLS LAST, r.region_name_en
        """,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def organisation_composite(scope: Scope, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """The organisation's composite (region 'ALL') this month and the month before."""
    return query(
        f"""
        SELECT strftime(month_start, '%Y-%m-%d') AS month, composite_score,
               {composite_status("composite_score")} AS status, is_partial, pillars_covered,
               pillars_total, kpis_green, kpis_amber, kpis_red, kpis_grey
        FROM marts.mart_scorecard
        WHERE region_code = 'ALL' AND secretariat_code = $secretariat
          AND month_start IN ($month::DATE, CAST($month::DATE - INTERVAL 1 MONTH AS DATE))
        ORDER BY month_start DESC
        """,
        month=month,
        secretariat=secretariat,
    )


@data_function
def heatmap(scope: Scope, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Region × KPI for one month: the scored value, target and RAG of every cell."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT f.region_code, r.region_name_ar, r.region_name_en, f.kpi_code, {KPI_COLUMNS},
               f.has_data, f.value_status, f.sample_size, f.value, f.value_per_100k,
               f.value_scored, f.target, f.rag, f.rank_in_month, f.regions_ranked
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_region AS r USING (region_code)
        JOIN marts.dim_kpi AS k USING (kpi_code)
        JOIN reference.pillar_weights AS p ON p.pillar = k.pillar
        WHERE f.month_start = $month::DATE AND f.secretariat_code = $secretariat
          AND f.region_code <> 'ALL' AND {clause}
        ORDER BY p.sort_order, k.sort_order, r.region_name_en
        """,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def region_kpis(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Every KPI of one region (or the organisation) and month: value, target, RAG, MoM, YoY,
    rank — the rows of fct_kpi_monthly with the KPI's names, unit and pillar."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT f.kpi_code, {KPI_COLUMNS}, f.has_data, f.value_status, f.sample_size,
               f.min_sample, f.value, f.value_per_100k, f.value_scored, f.target, f.amber_threshold, f.attainment, f.score, f.rag, f.numerator,
               f.denominator, f.value_prev_month, f.mom_change, f.mom_change_pct,
               f.value_prev_year, f.yoy_change, f.yoy_change_pct, f.rank_in_month,
               f.regions_ranked, f.last_ingested_at
        FROM marts.fct_kpi_monthly AS f
        JOIN marts.dim_kpi AS k USING (kpi_code)
        JOIN reference.pillar_weights AS p ON p.pillar = k.pillar
        WHERE f.month_start = $month::DATE AND f.region_code = $region
          AND f.secretariat_code = $secretariat AND {clause}
        ORDER BY p.sort_order, k.sort_order
        """,
        month=month,
        region=region,
        secretariat=secretariat,
        **params,
    )


@data_function
def kpi_history(
    scope: Scope, region: str, month: str, secretariat: str = "ALL", months: int = 12
) -> pd.DataFrame:
    """Each KPI's values over the `months` months ending with `month` (sparklines)."""
    clause, params = scope.sql("f.region_code")
    return query(
        f"""
        SELECT strftime(f.month_start, '%Y-%m-%d') AS month, f.kpi_code, f.value,
               f.value_scored, f.rag, f.target
        FROM marts.fct_kpi_monthly AS f
        WHERE f.region_code = $region AND f.secretariat_code = $secretariat AND {clause}
          AND f.month_start <= $month::DATE
          AND f.month_start > CAST($month::DATE - to_months($months) AS DATE)
        ORDER BY f.kpi_code, f.month_start
        """,
        month=month,
        region=region,
        secretariat=secretariat,
        months=months,
        **params,
    )


@data_function
def pillar_scores(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """The region's pillar scores this month, with last month's for the change."""
    clause, params = scope.sql("s.region_code")
    return query(
        f"""
        SELECT s.pillar, p.name_ar, p.name_en, p.sort_order, s.pillar_weight, s.pillar_score,
               {composite_status("s.pillar_score")} AS status,
               prev.pillar_score AS pillar_score_prev,
               s.pillar_score - prev.pillar_score AS pillar_score_change,
               s.kpis_scored, s.kpis_total, s.kpis_green, s.kpis_amber, s.kpis_red, s.kpis_grey
        FROM marts.mart_pillar_scores AS s
        JOIN reference.pillar_weights AS p USING (pillar)
        LEFT JOIN marts.mart_pillar_scores AS prev
          ON prev.region_code = s.region_code AND prev.secretariat_code = s.secretariat_code
         AND prev.pillar = s.pillar
         AND prev.month_start = CAST(s.month_start - INTERVAL 1 MONTH AS DATE)
        WHERE s.month_start = $month::DATE AND s.region_code = $region
          AND s.secretariat_code = $secretariat AND {clause}
        ORDER BY p.sort_order
        """,
        month=month,
        region=region,
        secretariat=secretariat,
        **params,
    )


@data_function
def composite_trend(
    scope: Scope, region: str, month: str, secretariat: str = "ALL", months: int = 24
) -> pd.DataFrame:
    """The region's composite by month (up to `month`) beside the organisation's, with the
    region's league rank (all secretariats)."""
    clause, params = scope.sql("s.region_code")
    return query(
        f"""
        SELECT {MONTH_COLUMNS}, s.composite_score, s.is_partial, org.composite_score AS organisation_score,
               l.rank, l.regions_ranked
        FROM marts.dim_month AS m
        LEFT JOIN marts.mart_scorecard AS s
          ON s.month_start = m.month_start AND s.region_code = $region
         AND s.secretariat_code = $secretariat AND ($secretariat = 'ALL' OR {clause})
        LEFT JOIN marts.mart_scorecard AS org
          ON org.month_start = m.month_start AND org.region_code = 'ALL'
         AND org.secretariat_code = $secretariat
        LEFT JOIN marts.mart_league_table AS l
          ON l.month_start = m.month_start AND l.region_code = $region AND $secretariat = 'ALL'
        WHERE m.month_start <= $month::DATE
          AND m.month_start > CAST($month::DATE - to_months($months) AS DATE)
        ORDER BY m.month_start
        """,
        month=month,
        region=region,
        secretariat=secretariat,
        months=months,
        **params,
    )


@data_function
def secretariat_breakdown(scope: Scope, region: str, month: str) -> pd.DataFrame:
    """The region's composite per secretariat (and all together), with one column per pillar
    holding that pillar's score."""
    clause, params = scope.sql("s.region_code")
    frame = query(
        f"""
        SELECT s.secretariat_code, d.secretariat_name_ar, d.secretariat_name_en, d.is_rollup,
               s.composite_score, {composite_status("s.composite_score")} AS status,
               s.is_partial, s.has_data, s.kpis_green, s.kpis_amber, s.kpis_red, s.kpis_grey,
               ps.pillar, ps.pillar_score
        FROM marts.mart_scorecard AS s
        JOIN marts.dim_secretariat AS d USING (secretariat_code)
        LEFT JOIN marts.mart_pillar_scores AS ps
          ON ps.month_start = s.month_start AND ps.region_code = s.region_code
         AND ps.secretariat_code = s.secretariat_code
        WHERE s.month_start = $month::DATE AND s.region_code = $region AND {clause}
        """,
        month=month,
        region=region,
        **params,
    )
    base = frame.drop(columns=["pillar", "pillar_score"]).drop_duplicates("secretariat_code")
    scored = frame.dropna(subset=["pillar"])
    by_pillar = scored.pivot(index="secretariat_code", columns="pillar", values="pillar_score")
    wide = base.merge(by_pillar, left_on="secretariat_code", right_index=True, how="left")
    return wide.sort_values(
        ["is_rollup", "composite_score"], ascending=[False, False], na_position="last"
    ).reset_index(drop=True)
