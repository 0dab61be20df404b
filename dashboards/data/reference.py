"""Dimensions and reference data: months, regions, secretariats, KPIs, pillars, labels."""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope

MONTH_COLUMNS = """
    strftime(m.month_start, '%Y-%m-%d') AS month, m.gregorian_label_ar, m.gregorian_label_en,
    m.hijri_label_ar, m.hijri_label_en"""


@data_function
def months(scope: Scope) -> pd.DataFrame:
    """Months covered, newest first: `month` (ISO date of its first day) and its four labels."""
    return query(
        f"""
        SELECT {MONTH_COLUMNS}, m.is_last_month
        FROM marts.dim_month AS m
        ORDER BY m.month_start DESC
        """
    )


@data_function
def regions(scope: Scope, *, with_organisation: bool = False) -> pd.DataFrame:
    """The regions `scope` may see (by Arabic name), with population; the organisation row
    ('ALL') first when asked for and the scope is unrestricted."""
    clause, params = scope.sql("r.region_code")
    return query(
        f"""
        SELECT r.region_code, r.region_name_ar, r.region_name_en, r.population, r.is_rollup
        FROM marts.dim_region AS r
        WHERE (NOT r.is_rollup AND {clause}) OR (r.is_rollup AND $with_organisation)
        ORDER BY r.is_rollup DESC, r.region_name_ar
        """,
        # the organisation roll-up is detail of every region: unrestricted scopes only
        with_organisation=with_organisation and scope.unrestricted,
        **params,
    )


@data_function
def secretariats(scope: Scope) -> pd.DataFrame:
    """Secretariats, the roll-up 'ALL' first."""
    return query(
        """
        SELECT secretariat_code, secretariat_name_ar, secretariat_name_en, is_rollup
        FROM marts.dim_secretariat
        ORDER BY is_rollup DESC, secretariat_code = 'PR' DESC, secretariat_name_en
        """
    )


@data_function
def kpis(scope: Scope) -> pd.DataFrame:
    """The KPI catalogue in display order, with pillar order and the generic target."""
    return query(
        """
        SELECT k.*, p.sort_order AS pillar_order, t.target AS generic_target,
               t.amber_ratio AS generic_amber_ratio
        FROM marts.dim_kpi AS k
        JOIN reference.pillar_weights AS p USING (pillar)
        LEFT JOIN (
            SELECT kpi_code, target, amber_ratio,
                   row_number() OVER (PARTITION BY kpi_code ORDER BY valid_from DESC) AS newest
            FROM reference.kpi_targets
            WHERE region_code IS NULL AND (secretariat_code IS NULL OR secretariat_code = 'ALL')
              AND valid_to IS NULL
        ) AS t ON t.kpi_code = k.kpi_code AND t.newest = 1
        ORDER BY p.sort_order, k.sort_order
        """
    )


@data_function
def pillars(scope: Scope) -> pd.DataFrame:
    return query(
        "SELECT pillar, name_ar, name_en, weight, sort_order "
        "FROM reference.pillar_weights ORDER BY sort_order"
    )


@data_function
def kpi_targets(scope: Scope, kpi_code: str) -> pd.DataFrame:
    """Every target row of one KPI (the seed), most specific first."""
    clause, params = scope.sql("region_code")
    return query(
        f"""
        SELECT region_code, secretariat_code, strftime(valid_from, '%Y-%m-%d') AS valid_from,
               strftime(valid_to, '%Y-%m-%d') AS valid_to, target, amber_ratio, note
        FROM reference.kpi_targets
        WHERE kpi_code = $kpi AND (region_code IS NULL OR {clause})
        ORDER BY region_code NULLS FIRST, secretariat_code NULLS FIRST, valid_from
        """,
        kpi=kpi_code,
        **params,
    )


@data_function
def channel_labels(scope: Scope) -> pd.DataFrame:
    return query(
        "SELECT channel AS code, name_ar, name_en, first_response_sla_hours AS sla_hours "
        "FROM reference.sla_by_channel"
    )


@data_function
def category_labels(scope: Scope) -> pd.DataFrame:
    return query(
        """
        SELECT c.category AS code, c.name_ar, c.name_en, s.resolution_sla_hours AS sla_hours,
               c.sort_order
        FROM reference.complaint_categories AS c
        LEFT JOIN reference.sla_by_category AS s USING (category)
        ORDER BY c.sort_order
        """
    )


@data_function
def snapshot_info(scope: Scope) -> dict[str, str]:
    """published_at (ISO, UTC), run_id and profile of the snapshot."""
    frame = query("SELECT published_at, run_id, profile FROM meta.snapshot_info")
    if frame.empty:
        return {"published_at": "", "run_id": "", "profile": ""}
    return {key: str(value) for key, value in frame.iloc[0].items()}
