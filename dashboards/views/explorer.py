"""KPI explorer: one KPI across the regions over time, its definition beside it, and the rows
behind any value (pick a cell of the matrix, or a region and a month)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import month_tick
from dashboards.data import explorer, reference
from dashboards.i18n import code_label, is_rtl, name_column, t
from dashboards.links import DRILL_PARAMS
from dashboards.shell.context import context
from dashboards.tables import Html, esc

# fields whose values are codes with a label in the catalogue
CODED_FIELDS = {
    "kind",
    "status",
    "meeting_type",
    "origin",
    "initiative_type",
    "outlet_type",
    "owned_or_earned",
    "sentiment",
    "partner_type",
}

ctx = context()
ui.header(t("page_explorer_title"), ctx)

kpis = reference.kpis(ctx.scope)
secretariats = reference.secretariats(ctx.scope)
if kpis.empty:
    ui.empty(t("no_kpis"))
    st.stop()
kpi_labels = {
    row["kpi_code"]: f"{row[name_column('pillar_name')]} · {row[name_column('name')]}"
    for row in kpis.to_dict("records")
}


def follow_drill_link() -> bool:
    """A link to the rows behind a value (`dashboards.links`: ?kpi=&region=&month=&secretariat=)
    opens the explorer at that KPI and secretariat with the drill-down at that region and
    month; applied once per link (the KPI and secretariat leave the URL), so that the widgets
    are the user's again afterwards. A region outside the scope has already been refused and
    dropped by the shell (`guard_region_inputs`)."""
    link = {name: st.query_params.get(name) for name in DRILL_PARAMS}
    if not link["kpi"]:
        return False
    if link["kpi"] in kpi_labels:
        st.session_state["explorer_kpi"] = link["kpi"]
    if link["secretariat"] in set(secretariats["secretariat_code"]):
        st.session_state["explorer_secretariat"] = link["secretariat"]
    if link["region"]:
        st.session_state["drill_region"] = link["region"]
    if link["month"]:
        st.session_state["drill_month"] = link["month"]
    for name in ("kpi", "secretariat"):
        if name in st.query_params:
            del st.query_params[name]
    return True


if follow_drill_link():
    st.info(t("drill_opened", section=t("drill_title")), icon=":material/arrow_downward:")
first, second, third = ui.controls("explorer", 3)
with first:
    kpi_code = ui.select_code(t("col_kpi"), list(kpi_labels), kpi_labels, key="explorer_kpi")
with second:
    secretariat = ui.select_secretariat(ctx, secretariats, key="explorer_secretariat")
kpi = kpis.set_index("kpi_code").loc[kpi_code]
with third:
    per_100k = bool(kpi["is_volume"]) and st.toggle(
        t("per_100k_toggle"),
        value=kpi["score_basis"] == "per_100k",
        key=f"explorer_per_100k_{kpi_code}",
        help=t("per_100k_help"),
    )
unit = kpi["unit"]
percent = unit in fmt.PERCENT_UNITS
value_column = "value_per_100k" if per_100k else "value"
unit_text = fmt.unit_label(unit, per_100k=per_100k, currency=ctx.currency)

matrix = explorer.kpi_matrix(ctx.scope, kpi_code, secretariat)
months = reference.months(ctx.scope)
month_names = {
    row["month"]: fmt.western(row[name_column("gregorian_label")])
    for row in months.to_dict("records")
}
if matrix.empty or not matrix["has_data"].any():
    ui.empty(t("explorer_no_data"))
    st.stop()
matrix = matrix.assign(
    region_label=[
        t("organisation") if rollup else label
        for rollup, label in zip(
            matrix["is_rollup"], matrix[name_column("region_name")], strict=True
        )
    ],
    month_label=matrix["month"].map(month_names),
)

# --- definition beside the trend -----------------------------------------------------------------
chart_column, definition_column = st.columns([3, 2])
region_options = list(dict.fromkeys(matrix["region_code"]))
region_names = dict(zip(matrix["region_code"], matrix["region_label"], strict=False))
with definition_column:
    targets = reference.kpi_targets(ctx.scope, kpi_code)
    generic = targets[targets["region_code"].isna()]
    target_text = (
        fmt.value(generic.iloc[-1]["target"], unit, per_100k=kpi["score_basis"] == "per_100k")
        if not generic.empty
        else t("no_target")
    )
    overrides = len(targets) - len(generic)
    items = [
        (t("definition"), kpi[name_column("definition")]),
        (t("formula"), t(f"aggregation_{kpi['aggregation']}")),
        (t("col_unit"), fmt.unit_label(unit, currency=ctx.currency)),
        (t("direction"), t(f"direction_{kpi['direction']}")),
        (
            t("col_target"),
            target_text
            + (
                f" ({t('per_100k_short')})"
                if kpi["score_basis"] == "per_100k" and not generic.empty
                else ""
            )
            + (f" · {t('target_overrides', count=overrides)}" if overrides else ""),
        ),
        (t("source"), code_label("source", kpi["source"])),
        (t("amec_stage"), t(f"amec_{kpi['amec_stage']}")),
        (t("col_kpi_code"), kpi_code),
    ]
    ui.html(
        Html(
            '<dl class="mz-definition">'
            + "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in items)
            + "</dl>"
        )
    )
with chart_column:
    default_compare = [c for c in region_options if c == "ALL"][:1] + [
        c for c in region_options if c != "ALL"
    ][:2]
    compare = st.container(key="controls-explorer-compare").multiselect(
        t("compare_regions", regions=ctx.region_label),
        options=region_options,
        default=default_compare,
        format_func=region_names.get,
        key=f"explorer_compare_{secretariat}",
        max_selections=6,
    )
    lines = matrix[matrix["region_code"].isin(compare)].copy()
    lines["x"] = lines["month_label"].map(month_tick)
    lines["series"] = lines["region_label"]
    target = None
    if not per_100k or kpi["score_basis"] == "per_100k":
        # the target of each month (phased where it changes over the year), drawn when the
        # compared regions share it
        shown = matrix[matrix["region_code"].isin(compare)] if compare else matrix
        by_month = shown.dropna(subset=["target"]).groupby("month_label", sort=False)["target"]
        if not by_month.ngroups or (by_month.nunique() <= 1).all():
            target = by_month.first().rename(index=month_tick) if by_month.ngroups else None
    ui.chart(
        charts.kpi_lines(
            lines,
            x="x",
            y=value_column,
            series="series",
            heading=kpi_labels[kpi_code].split(" · ", 1)[1],
            subtitle=t("unit_subtitle", unit=unit_text, date=ctx.as_of),
            axis_title=unit_text,
            percent=percent,
            target=target,
            target_label=t("col_target"),
            rtl=is_rtl(),
        ),
        key="explorer-lines",
    )

# --- region × month matrix, a cell drills down ---------------------------------------------------
st.subheader(t("matrix_title"))
st.caption(t("matrix_caption"))
recent = sorted(matrix["month"].unique())[-12:]
recent_matrix = matrix[matrix["month"].isin(recent)]
shown_value = value_column


def cell_text(row: pd.Series) -> str:
    status = fmt.status_of(row["rag"])
    number = fmt.value(row[shown_value], unit, per_100k=per_100k)
    flagged = fmt.value_status_word(row.get("value_status"))
    if row.get("value_status") == "not_reported":
        return f"{fmt.STATUSES['grey'].icon} {flagged}"
    if flagged:  # a small sample: the value, uncoloured and flagged
        return f"{fmt.STATUSES['grey'].icon} {number} ({flagged})"
    if status.code == "grey":
        return f"{status.icon} {t('rag_grey')}"
    return f"{status.icon} {number}" if status.code != "none" else number


recent_matrix = recent_matrix.assign(text=recent_matrix.apply(cell_text, axis=1))
grid = recent_matrix.pivot(index="region_code", columns="month", values="text")
statuses = recent_matrix.pivot(index="region_code", columns="month", values="rag")
order = list(dict.fromkeys(recent_matrix["region_code"]))
grid = grid.reindex(order)
statuses = statuses.reindex(order)
columns = list(reversed(recent))  # newest first
grid = grid[columns]
statuses = statuses[columns]
grid.columns = [month_names.get(m, m) for m in columns]
grid.insert(0, ctx.region_label, [region_names[c] for c in grid.index])
# what a selected cell means, for the callback of the next rerun
st.session_state["_explorer_cells"] = {
    "regions": list(grid.index),
    "months": {month_names.get(m, m): m for m in columns},
}


def background(frame: pd.DataFrame) -> pd.DataFrame:
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for month in columns:
        label = month_names.get(month, month)
        css[label] = [
            f"background-color: {fmt.status_of(s).tint}" for s in statuses[month].tolist()
        ]
    return css


def drill_from_cell() -> None:
    """A selected cell sets the drill-down's region and month (before the widgets render)."""
    state = st.session_state.get("explorer_matrix")
    cells = getattr(getattr(state, "selection", None), "cells", None) or []
    known = st.session_state.get("_explorer_cells", {})
    if not cells:
        return
    row, column = cells[0]
    regions = known.get("regions", [])
    month = known.get("months", {}).get(column)
    if 0 <= row < len(regions):
        st.session_state["drill_region"] = regions[row]
    if month:
        st.session_state["drill_month"] = month


st.dataframe(
    grid.reset_index(drop=True).style.apply(background, axis=None),
    hide_index=True,
    column_config={ctx.region_label: st.column_config.TextColumn(pinned=True)},
    key="explorer_matrix",
    on_select=drill_from_cell,
    selection_mode="single-cell",
    width="stretch",
)
ui.downloads(
    matrix,
    name=f"{kpi_code}-{secretariat}",
    key="explorer-matrix",
    columns={
        "month": t("month"),
        "region_code": t("col_code"),
        "region_label": ctx.region_label,
        "value": t("col_value"),
        "value_per_100k": t("col_per_100k"),
        "target": t("col_target"),
        "rag": t("col_status"),
        "numerator": t("col_numerator"),
        "denominator": t("col_denominator"),
        "rank_in_month": t("col_rank"),
    },
)

# --- the rows behind a value ---------------------------------------------------------------------
st.subheader(t("drill_title"), anchor="drill")
source = explorer.drill_source(kpi_code)
if source is None:
    ui.empty(t("drill_unavailable"))
    st.stop()
month_options = [m for m in sorted(matrix["month"].unique(), reverse=True)]
if st.session_state.get("drill_month") not in month_options:
    st.session_state["drill_month"] = ctx.month if ctx.month in month_options else month_options[0]
if st.session_state.get("drill_region") not in region_options:
    st.session_state["drill_region"] = next(
        (c for c in region_options if c != "ALL"), region_options[0]
    )
first, second, third = ui.controls("explorer-drill", 3)
with first:
    drill_region = st.selectbox(
        ctx.region_label, region_options, format_func=region_names.get, key="drill_region"
    )
with second:
    drill_month = st.selectbox(
        t("month"),
        month_options,
        format_func=lambda m, names=month_names: names.get(m, m),
        key="drill_month",
    )
with third:
    only_counted = st.toggle(t("drill_only_counted"), key="drill_only_counted")
summary = explorer.drill_summary(ctx.scope, kpi_code, drill_region, drill_month, secretariat)
cell = matrix[(matrix["region_code"] == drill_region) & (matrix["month"] == drill_month)]
value_text = fmt.value(cell.iloc[0]["value"], unit) if not cell.empty else fmt.DASH
st.markdown(
    t(
        "drill_summary",
        region=region_names.get(drill_region, drill_region),
        month=month_names.get(drill_month, drill_month),
        value=fmt.isolate(value_text),
        rows=fmt.isolate(fmt.number(summary["rows"])),
        counted=fmt.isolate(fmt.number(summary["counted"])),
        source=code_label("source", source),
    )
)
total_rows = summary["counted"] if only_counted else summary["rows"]
if total_rows == 0:
    ui.empty(t("drill_empty"))
    st.stop()
pages = max(1, -(-total_rows // explorer.DRILL_PAGE_SIZE))
page_number = 1
if pages > 1:
    page_number = ui.page_picker("controls-explorer-page").number_input(
        t("page_of", pages=pages), min_value=1, max_value=pages, value=1, step=1, key="drill_page"
    )
rows = explorer.drill_rows(
    ctx.scope,
    kpi_code,
    drill_region,
    drill_month,
    secretariat,
    only_counted=only_counted,
    offset=(int(page_number) - 1) * explorer.DRILL_PAGE_SIZE,
)
shown = rows.drop(columns=[c for c in rows.columns if c.endswith("_ar") or c.endswith("_en")])
shown.insert(1, ctx.region_label, rows[name_column("region_name")])
shown.insert(2, ctx.secretariat_label, rows[name_column("secretariat_name")].fillna(fmt.DASH))
shown = shown.drop(columns=["region_code", "secretariat_code"])
channels = reference.channel_labels(ctx.scope).set_index("code")[name_column("name")]
categories = reference.category_labels(ctx.scope).set_index("code")[name_column("name")]
for column in shown.columns:
    if shown[column].dtype == bool:
        shown[column] = shown[column].map({True: t("yes"), False: t("no")})
    elif column == "channel":
        shown[column] = shown[column].map(lambda c: channels.get(c, c))
    elif column == "category":
        shown[column] = shown[column].map(lambda c: categories.get(c, c))
    elif column in CODED_FIELDS:
        shown[column] = shown[column].map(lambda c, kind=column: code_label(kind, c))
shown = shown.rename(columns=lambda c: code_label("field", c))
shown = ui.readable_dates(shown)
st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
st.caption(t("drill_privacy"))
ui.downloads(
    lambda: ui.field_headers(
        explorer.drill_rows(
            ctx.scope,
            kpi_code,
            drill_region,
            drill_month,
            secretariat,
            only_counted=only_counted,
            limit=100_000,
        )
    ),
    name=f"{kpi_code}-{drill_region}-{drill_month[:7]}",
    key="explorer-drill",
)
