"""Alerts for the Alerts page: the alerts raised after publishes (kept in the review store, not in
the snapshot), scoped to the user's regions and to the rules that concern their role, with the
names of their rules and regions from the snapshot."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope
from mizan.review import alerts as review_alerts
from mizan.settings import Settings

ROLES_THAT_SEE_EVERY_RULE = ("national", "analyst")


@data_function
def alert_rules(scope: Scope) -> pd.DataFrame:
    """The rules (reference.alert_rules) with their names and roles; empty for an old snapshot."""
    try:
        return query(
            "SELECT rule_code, kind, kpi_code, roles, name_ar, name_en "
            "FROM reference.alert_rules ORDER BY rule_code"
        )
    except duckdb.CatalogException:
        return pd.DataFrame(
            columns=["rule_code", "kind", "kpi_code", "roles", "name_ar", "name_en"]
        )


@data_function
def raised_alerts(scope: Scope, role: str) -> pd.DataFrame:
    """The raised alerts of the scope's regions whose rule concerns `role` (national and analyst
    users see every rule), newest month first; the store is read at every call (never cached:
    an acknowledgement shows at once)."""
    rows = pd.DataFrame(
        review_alerts.raised_alerts(
            Settings.from_env(), None if scope.unrestricted else scope.regions
        )
    )
    if rows.empty:
        return rows
    rules = alert_rules(scope)
    if role not in ROLES_THAT_SEE_EVERY_RULE:
        rules = rules[rules["roles"].str.split().map(lambda roles: role in roles)]
    regions = query("SELECT region_code, region_name_ar, region_name_en FROM marts.dim_region")
    rows = rows.merge(
        rules.rename(columns={"name_ar": "rule_name_ar", "name_en": "rule_name_en"}),
        on="rule_code",
    ).merge(regions, on="region_code", how="left")
    return rows.sort_values(
        ["month_start", "first_raised_at", "region_code", "rule_code"],
        ascending=[False, False, True, True],
    ).reset_index(drop=True)
