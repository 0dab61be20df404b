"""Region scorecard (the regional leader's page): every KPI by pillar with target, status,
changes, rank and a 12-month trend; pillar scores and the composite with its trend; the
secretariats. Prints as an A4 report."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, ui
from dashboards.comment_box import comment_box
from dashboards.data import reference, scores
from dashboards.i18n import is_rtl, lang, name_column, t
from dashboards.report_download import report_downloads
from dashboards.review_block import month_review_block
from dashboards.shell.context import context
from dashboards.shell.regions import mirror_region
from dashboards.tables import (
    cards,
    table,
)
from dashboards.viewmodels import scorecard

ctx = context()
regions = reference.regions(ctx.scope, with_organisation=True)
secretariats = reference.secretariats(ctx.scope)
if regions.empty:
    ui.empty(t("no_regions_in_scope"))
    st.stop()
region_labels = {
    row["region_code"]: (t("organisation") if row["is_rollup"] else row[name_column("region_name")])
    for row in regions.to_dict("records")
}
region_codes = list(region_labels)
first_region = next((i for i, r in enumerate(regions["is_rollup"]) if not r), 0)
title_slot = st.container()
left, middle, right = ui.controls("scorecard", 3)
with left:
    region = ui.select_code(
        ctx.region_label, region_codes, region_labels, key="scorecard_region", index=first_region
    )
    mirror_region(region)
with middle:
    secretariat = ui.select_secretariat(ctx, secretariats, key="scorecard_secretariat")
with right:
    ui.print_button()

secretariat_name = secretariats.set_index("secretariat_code").loc[
    secretariat, name_column("secretariat_name")
]
with title_slot:
    ui.header(
        t("scorecard_title", region=region_labels[region]),
        ctx,
        subtitle="" if secretariat == "ALL" else f"{ctx.secretariat_label}: {secretariat_name}",
    )
month_review_block(ctx, region)

kpis = scores.region_kpis(ctx.scope, region, ctx.month, secretariat)
if kpis.empty:
    ui.empty(t("scorecard_nothing", region=region_labels[region], month=ctx.month_primary))
    st.stop()
if not kpis["has_data"].any():
    ui.empty(t("scorecard_no_data", region=region_labels[region], month=ctx.month_primary))
comment_box(ctx, region, kpis)
pillars = scores.pillar_scores(ctx.scope, region, ctx.month, secretariat)
trend = scores.composite_trend(ctx.scope, region, ctx.month, secretariat)
history = scores.kpi_history(ctx.scope, region, ctx.month, secretariat)

# --- summary cards -------------------------------------------------------------------------------
summary = scorecard.summary_cards(
    trend, pillars, lang(), month=ctx.month, ranked=region != "ALL" and secretariat == "ALL"
)
ui.html(cards(summary))

# --- composite trend and pillar scores ---------------------------------------------------------
trend_column, pillar_column = st.columns([3, 2])
with trend_column:
    frame = scorecard.trend_frame(trend, lang())
    series = [("composite_score", region_labels[region])]
    if region != "ALL":
        series.append(("organisation_score", t("organisation")))
    ui.chart(
        charts.composite_trend(
            frame,
            x="label",
            series=series,
            heading=t("composite_trend_title"),
            subtitle=t("composite_trend_subtitle", date=ctx.as_of),
            axis_title=t("unit_score"),
            target_label=t("band_green"),
            amber_label=t("band_amber"),
            rtl=is_rtl(),
        ),
        key="composite-trend",
    )
with pillar_column:
    bars = scorecard.pillar_bars(pillars, lang())
    ui.chart(
        charts.score_bars(
            bars,
            label="label",
            score="pillar_score",
            status="status",
            text="text",
            heading=t("pillar_scores_title") + " — " + ctx.month_primary,
            subtitle=t("score_subtitle", date=ctx.as_of),
            axis_title=t("unit_score"),
            rtl=is_rtl(),
        ),
        key="pillar-scores",
    )


# --- every KPI by pillar -------------------------------------------------------------------------
st.subheader(t("kpi_table_title"))
st.caption(t("kpi_table_caption") + " " + t("kpi_table_drill_note"))
kpi_rows = scorecard.kpi_table(
    kpis,
    history,
    lang(),
    region=region,
    month=ctx.month,
    secretariat=secretariat,
    currency=ctx.currency,
)
ui.html(
    table(
        kpi_rows.columns,
        kpi_rows.rows,
        table_id="kpi-table",
        row_classes=kpi_rows.row_classes,
        scroll_cue=t("scroll_cue"),
    )
)
ui.html(ui.legend_statuses())
report_downloads(ctx, region)
download, headers = scorecard.kpi_download(kpis, lang())
ui.downloads(
    download, name=f"scorecard-{region}-{ctx.month[:7]}", key="scorecard-kpis", columns=headers
)

# --- secretariats --------------------------------------------------------------------------------
st.subheader(t("secretariats_title", secretariats=ctx.secretariat_label))
breakdown = scores.secretariat_breakdown(ctx.scope, region, ctx.month)
if breakdown.empty:
    ui.empty(t("no_data_month", month=ctx.month_primary))
else:
    columns, rows, headers = scorecard.secretariat_table(
        breakdown, pillars, lang(), secretariat_label=ctx.secretariat_label
    )
    ui.html(table(columns, rows, table_id="secretariat-table"))
    ui.downloads(
        breakdown.assign(label=breakdown[name_column("secretariat_name")]),
        name=f"secretariats-{region}-{ctx.month[:7]}",
        key="scorecard-secretariats",
        columns=headers,
    )
