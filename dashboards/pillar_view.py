"""What the four operational pages share: the unit picker, the pillar's KPI cards, trends."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.data import reference, scores
from dashboards.i18n import is_rtl, lang, name_column, t
from dashboards.shell.context import Context
from dashboards.shell.regions import mirror_region
from dashboards.tables import cards
from dashboards.viewmodels import scores as scores_view
from dashboards.viewmodels.common import month_ticks


@dataclass(frozen=True)
class Unit:
    region: str  # a region code, or 'ALL' (the organisation)
    secretariat: str
    name: str  # "Cairo", "Whole organisation", with the secretariat when one is chosen


def unit_picker(ctx: Context, key: str) -> Unit:
    """Region (the organisation first, for unrestricted scopes) and secretariat."""
    regions = reference.regions(ctx.scope, with_organisation=True)
    secretariats = reference.secretariats(ctx.scope)
    if regions.empty:
        ui.empty(t("no_regions_in_scope"))
        st.stop()
    labels = {
        row["region_code"]: t("organisation")
        if row["is_rollup"]
        else row[name_column("region_name")]
        for row in regions.to_dict("records")
    }
    secretariat_labels = dict(
        zip(
            secretariats["secretariat_code"],
            secretariats[name_column("secretariat_name")],
            strict=True,
        )
    )
    left, right, _ = ui.controls(key, 3)
    with left:
        region = ui.select_code(ctx.region_label, list(labels), labels, key=f"{key}_region")
        mirror_region(region)
    with right:
        secretariat = ui.select_code(
            ctx.secretariat_label,
            list(secretariat_labels),
            secretariat_labels,
            key=f"{key}_secretariat",
        )
    name = labels[region]
    if secretariat != "ALL":
        name = f"{name} · {secretariat_labels[secretariat]}"
    return Unit(region, secretariat, name)


def kpi_cards(ctx: Context, unit: Unit, pillar: str) -> pd.DataFrame:
    """One card per KPI of the pillar: value, status chip, change since last month. Returns
    the KPI rows (empty when the unit has none in scope)."""
    kpis = scores.region_kpis(ctx.scope, unit.region, ctx.month, unit.secretariat)
    kpis = kpis[kpis["pillar"] == pillar]
    if kpis.empty:
        ui.empty(t("unit_nothing", unit=unit.name, month=ctx.month_primary))
        st.stop()
    if not kpis["has_data"].any():
        ui.empty(t("unit_no_data", unit=unit.name, month=ctx.month_primary))
    items = [scores_view.kpi_card(row, lang()) for row in kpis.to_dict("records")]
    ui.html(cards(items))
    return kpis


def kpi_trend(
    ctx: Context, unit: Unit, kpis: pd.DataFrame, codes: list[str], *, heading: str, key: str
) -> None:
    """KPIs of one unit over the 12 months to the chosen month (same unit on one axis)."""
    history = scores.kpi_history(ctx.scope, unit.region, ctx.month, unit.secretariat)
    chosen = kpis[kpis["kpi_code"].isin(codes)]
    if history.empty or chosen.empty:
        return
    months = reference.months(ctx.scope)
    frame = (
        history[history["kpi_code"].isin(codes)]
        .merge(chosen[["kpi_code", name_column("name")]], on="kpi_code")
        .sort_values(["month", "kpi_code"])
    )
    frame["x"] = month_ticks(frame, months, lang())
    unit_code = chosen.iloc[0]["unit"]
    unit_text = fmt.unit_label(unit_code, currency=ctx.currency)
    ui.chart(
        charts.kpi_lines(
            frame,
            x="x",
            y="value",
            series=name_column("name"),
            heading=heading,
            subtitle=t("unit_subtitle_for", unit=unit_text, who=unit.name, date=ctx.as_of),
            axis_title=unit_text,
            percent=unit_code in fmt.PERCENT_UNITS,
            target=None,
            target_label="",
            rtl=is_rtl(),
        ),
        key=key,
    )
