"""Overview (the ministry's page): headline tiles, the league table and the region × KPI heatmap."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, ui
from dashboards.data import reference, scores
from dashboards.i18n import is_rtl, join, lang, name_column, t
from dashboards.review_block import month_review_block
from dashboards.shell.context import context
from dashboards.tables import (
    card,
    cards,
    table,
)
from dashboards.viewmodels import overview

ctx = context()
ui.header(t("page_overview_title"), ctx)
month_review_block(ctx)

secretariats = reference.secretariats(ctx.scope)
with ui.controls("overview", 3)[0]:
    secretariat = ui.select_secretariat(ctx, secretariats, key="overview_secretariat")

league = scores.league_table(ctx.scope, ctx.month, secretariat)
organisation = scores.organisation_composite(ctx.scope, ctx.month, secretariat)
if league.empty or league["composite_score"].isna().all():
    ui.empty(t("no_scores_month", month=ctx.month_primary))
    st.stop()

# --- headline tiles ------------------------------------------------------------------------------
organisation_card = overview.organisation_card(organisation, ctx.month, lang())
regions_card = overview.regions_by_status_card(league, lang(), region_label=ctx.region_label)
ui.html(
    cards(
        [
            organisation_card,
            regions_card,
            card(t("tile_risers"), "", extra=overview.movers_list(league, True, lang())),
            card(t("tile_fallers"), "", extra=overview.movers_list(league, False, lang())),
        ]
    )
)

# --- league table --------------------------------------------------------------------------------
st.subheader(t("league_title"))
st.caption(t("league_caption"))
league_rows = overview.league_table(
    league, lang(), region_label=ctx.region_label, own_regions=not ctx.scope.unrestricted
)
ui.html(
    table(
        league_rows.columns,
        league_rows.rows,
        table_id="league-table",
        row_classes=league_rows.row_classes,
        scroll_cue=t("scroll_cue_short"),
    )
)
silent = league[~league["has_data"]]
if not silent.empty:
    st.caption(t("regions_without_data", regions=join(list(silent[name_column("region_name")]))))
ui.downloads(
    league,
    name=f"league-{ctx.month[:7]}",
    key="league",
    columns={
        "rank": t("col_rank"),
        "rank_change": t("col_rank_change"),
        "region_code": t("col_code"),
        name_column("region_name"): ctx.region_label,
        "composite_score": t("col_composite"),
        "status": t("col_status"),
        "composite_change": t("col_change_points"),
        "pillars_covered": t("col_pillars"),
        "is_partial": t("partial"),
        "kpis_green": t("rag_green"),
        "kpis_amber": t("rag_amber"),
        "kpis_red": t("rag_red"),
        "kpis_grey": t("rag_grey"),
    },
)

# --- heatmap region × KPI, one pillar at a time --------------------------------------------------
st.subheader(t("heatmap_title"))
heat = scores.heatmap(ctx.scope, ctx.month, secretariat)
if heat.empty:
    ui.empty(t("no_data_month", month=ctx.month_primary))
    st.stop()
pillars = heat.drop_duplicates("pillar").sort_values("pillar_order")
pillar_names = dict(zip(pillars["pillar"], pillars[name_column("pillar_name")], strict=True))
with st.container(key="controls-overview-pillar"):
    pillar = st.segmented_control(
        t("pillar"),
        options=list(pillar_names),
        format_func=pillar_names.__getitem__,
        default=next(iter(pillar_names)),
        key="overview_pillar",
        required=True,
    )
part = heat[heat["pillar"] == pillar]
cells = overview.heatmap_cells(part, lang(), month=ctx.month, secretariat=secretariat)
region_order = [label for label in league[name_column("region_name")] if label in set(cells["row"])]
figure = charts.status_heatmap(
    cells,
    rows=region_order,
    columns=list(dict.fromkeys(cells["column"])),
    heading=f"{t('heatmap_title')}: {pillar_names[pillar]} — {ctx.month_primary}",
    subtitle=t("heatmap_subtitle", date=ctx.as_of),
    rtl=is_rtl(),
    row_margin=130,
)
ui.chart(figure, key="heatmap")
st.caption(t("heatmap_drill_note"))
ui.html(ui.legend_statuses())
ui.downloads(
    heat.assign(region_label=heat[name_column("region_name")], kpi_label=heat[name_column("name")]),
    name=f"heatmap-{ctx.month[:7]}",
    key="heatmap",
    columns={
        "region_code": t("col_code"),
        "region_label": ctx.region_label,
        "kpi_code": t("col_kpi_code"),
        "kpi_label": t("col_kpi"),
        "value": t("col_value"),
        "value_per_100k": t("col_per_100k"),
        "target": t("col_target"),
        "rag": t("col_status"),
        "value_status": t("col_value_status"),
        "sample_size": t("col_sample_size"),
        "rank_in_month": t("col_rank"),
    },
)
