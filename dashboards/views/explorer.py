"""KPI explorer: one KPI across the regions over time, its definition beside it, and the rows
behind any value (pick a cell of the matrix, or a region and a month)."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import month_tick
from dashboards.data import explorer, reference
from dashboards.i18n import code_label, is_rtl, lang, name_column, t
from dashboards.links import DRILL_PARAMS
from dashboards.shell.context import context
from dashboards.tables import Html, esc
from dashboards.viewmodels import explorer as explorer_view
from dashboards.viewmodels import scores as scores_view

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
matrix = explorer_view.labelled(matrix, month_names, lang())

# --- definition beside the trend -----------------------------------------------------------------
chart_column, definition_column = st.columns([3, 2])
region_options = list(dict.fromkeys(matrix["region_code"]))
region_names = dict(zip(matrix["region_code"], matrix["region_label"], strict=False))
with definition_column:
    targets = reference.kpi_targets(ctx.scope, kpi_code)
    items = explorer_view.definition_items(
        kpi, targets, lang(), currency=ctx.currency, kpi_code=kpi_code
    )
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
    lines = explorer_view.trend_lines(matrix, compare, month_tick)
    target = (
        explorer_view.trend_target(matrix, compare, month_tick)
        if not per_100k or kpi["score_basis"] == "per_100k"
        else None
    )
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
            flag="flag",
        ),
        key="explorer-lines",
    )
    unreported = explorer_view.not_reported_cells(lines, lang())
    if unreported:
        st.caption(unreported)
    if (lines["value_status"] == "small_sample").any():
        st.caption(t("small_sample_trend_note"))

# --- funnel plot of a share: who is outside the control limits ---------------------------------
if explorer_view.is_funnel_kpi(kpi):
    st.subheader(t("funnel_title"))
    st.caption(t("funnel_caption"))
    funnel = explorer.funnel(ctx.scope, kpi_code, ctx.month, secretariat)
    if funnel.empty:
        ui.empty(t("funnel_nothing", month=ctx.month_primary))
    else:
        rate = float(funnel["funnel_rate"].iloc[0])
        points = explorer_view.funnel_points(funnel, lang())
        ui.chart(
            charts.funnel_plot(
                explorer_view.funnel_curves(rate, funnel["denominator"]),
                points,
                rate=rate,
                heading=f"{kpi_labels[kpi_code].split(' · ', 1)[1]} — {ctx.month_primary}",
                subtitle=t("funnel_subtitle", rate=fmt.percent(rate), date=ctx.as_of),
                axis_title=unit_text,
                x_title=t("funnel_x"),
                names={
                    "rate": t("funnel_rate"),
                    "limits_95": t("funnel_limits_95"),
                    "limits_998": t("funnel_limits_998"),
                    "inside": t("funnel_points_inside"),
                    "outside": t("funnel_points_outside"),
                },
                rtl=is_rtl(),
            ),
            key="explorer-funnel",
        )
        callouts = explorer_view.funnel_callouts(points, lang())
        ui.html(
            Html(
                '<div class="mz-funnel-callouts"><b>'
                + esc(t("funnel_callouts_title"))
                + "</b>"
                + (
                    "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in callouts) + "</ul>"
                    if callouts
                    else f'<p class="mz-note">{esc(t("funnel_none_outside"))}</p>'
                )
                + "</div>"
            )
        )

# --- region × month matrix, a cell drills down ---------------------------------------------------
st.subheader(t("matrix_title"))
st.caption(t("matrix_caption"))
grid = explorer_view.matrix_grid(
    matrix,
    lang(),
    unit=unit,
    column=value_column,
    per_100k=per_100k,
    region_label=ctx.region_label,
    month_names=month_names,
)
# what a selected cell means, for the callback of the next rerun
st.session_state["_explorer_cells"] = {"regions": grid.regions, "months": grid.months}


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
    grid.texts.style.apply(
        lambda _: explorer_view.grid_css(grid, lambda s: fmt.status_of(s).tint), axis=None
    ),
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
        "value_status": t("col_value_status"),
        "sample_size": t("col_sample_size"),
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
value_text = (
    scores_view.value_text(cell.iloc[0].to_dict(), unit, lang()) if not cell.empty else fmt.DASH
)
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
shown = explorer_view.drill_table(
    rows,
    lang(),
    region_label=ctx.region_label,
    secretariat_label=ctx.secretariat_label,
    channels=reference.channel_labels(ctx.scope).set_index("code")[name_column("name")].to_dict(),
    categories=reference.category_labels(ctx.scope)
    .set_index("code")[name_column("name")]
    .to_dict(),
)
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
