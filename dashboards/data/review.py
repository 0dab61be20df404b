"""The month in review (marts.fct_month_review): the sentences of one region's review, or the
organisation's. The organisation's review names every region, so only unrestricted scopes read
it (as the organisation roll-up); a region outside the scope is refused before any SQL runs."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope

COLUMNS = (
    "sentence_no",
    "topic",
    "kpi_code",
    "subject_region_code",
    "source",
    "value",
    "change",
    "target",
    "rank",
    "rank_change",
    "count_stated",
    "text_ar",
    "text_en",
)


@data_function
def month_review(scope: Scope, region: str, month: str) -> pd.DataFrame:
    """The sentences of `region`'s review of `month` ('ALL': the organisation's), in order.
    Empty when the snapshot predates the month in review."""
    clause, params = scope.sql("v.region_code")
    try:
        return query(
            f"""
            SELECT {", ".join(f"v.{c}" for c in COLUMNS)}
            FROM marts.fct_month_review AS v
            WHERE v.month_start = $month::DATE AND v.region_code = $region
              AND ((v.region_code = 'ALL' AND $unrestricted) OR {clause})
            ORDER BY v.sentence_no
            """,
            month=month,
            region=region,
            unrestricted=scope.unrestricted,
            **params,
        )
    except duckdb.CatalogException:
        return pd.DataFrame(columns=list(COLUMNS))
