"""Region scorecard (the regional leader's page): every KPI by pillar with target, status,
changes, rank and a 12-month trend; pillar scores and the composite with its trend; the
secretariats. Prints as an A4 report."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import month_tick
from dashboards.comment_box import comment_box
from dashboards.data import reference, scores
from dashboards.i18n import is_rtl, name_column, t
from dashboards.links import drill_href
from dashboards.review_block import month_review_block
from dashboards.scoring import band
from dashboards.shell.context import context
from dashboards.shell.regions import mirror_region
from dashboards.tables import (
    Col,
    Group,
    Html,
    arrow,
    card,
    cards,
    chip,
    drill_link,
    esc,
    inline_status,
    ltr,
    score_bar,
    sparkline,
    status_counts,
    table,
)

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
this_month = trend[trend["month"] == ctx.month]
previous = trend[trend["month"] < ctx.month].tail(1)
composite = this_month["composite_score"].iloc[0] if not this_month.empty else None
composite_before = previous["composite_score"].iloc[0] if not previous.empty else None
change = (
    None
    if fmt.missing(composite) or fmt.missing(composite_before)
    else composite - composite_before
)
partial = (
    bool(this_month["is_partial"].iloc[0])
    if not this_month.empty and not fmt.missing(composite)
    else False
)


summary = [
    card(
        t("col_composite"),
        Html(f"{ltr(fmt.score(composite))} <small>/ 100</small>"),
        sub=Html(
            f"{chip(band(None if fmt.missing(composite) else float(composite)))} &nbsp;"
            f"{esc(t('change_since_last_month'))}: {ltr(fmt.signed(change))}"
            + (f" · {esc(t('partial'))}" if partial else "")
        ),
    )
]
if (
    region != "ALL"
    and secretariat == "ALL"
    and not this_month.empty
    and not fmt.missing(this_month["rank"].iloc[0])
):
    rank, ranked = int(this_month["rank"].iloc[0]), int(this_month["regions_ranked"].iloc[0])
    rank_before = previous["rank"].iloc[0] if not previous.empty else None
    moved = None if fmt.missing(rank_before) else int(rank_before) - rank
    summary.append(
        card(
            t("col_rank"),
            Html(f"{ltr(rank)} <small>/ {ltr(ranked)}</small>"),
            sub=Html(f"{esc(t('change_since_last_month'))}: {ltr(fmt.rank_change(moved))}"),
        )
    )
for row in pillars.to_dict("records"):
    summary.append(
        card(
            row[name_column("name")],
            Html(f"{ltr(fmt.score(row['pillar_score']))} <small>/ 100</small>"),
            sub=Html(
                f"{chip(row['status'])} {ltr(fmt.signed(row['pillar_score_change']))}<br>"
                f"{status_counts(row['kpis_green'], row['kpis_amber'], row['kpis_red'], row['kpis_grey'])}"
            ),
        )
    )
ui.html(cards(summary))

# --- composite trend and pillar scores ---------------------------------------------------------
trend_column, pillar_column = st.columns([3, 2])
with trend_column:
    frame = trend.assign(
        label=trend[name_column("gregorian_label")].map(lambda v: month_tick(fmt.western(v)))
    )
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
    bars = pillars.assign(
        label=pillars[name_column("name")],
        text=[
            f"{fmt.status_of(s).icon} {fmt.score(v)}"
            for s, v in zip(pillars["status"], pillars["pillar_score"], strict=True)
        ],
    )
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
def good_change(delta: object, direction: str) -> object:
    """The change signed so that positive is better (for colour), None when neutral."""
    if fmt.missing(delta) or direction == "informational":
        return None
    return float(delta) if direction == "higher_better" else -float(delta)


def value_cell(row: dict) -> Html:
    main = fmt.value(row["value"], row["unit"])
    if row["score_basis"] == "per_100k" and not fmt.missing(row["value_per_100k"]):
        return Html(
            f"{ltr(main)}<br><span class='mz-note'>{ltr(fmt.value(row['value_per_100k'], row['unit'], per_100k=True))} "
            f"{esc(t('per_100k_short'))}</span>"
        )
    return ltr(main)


def target_cell(row: dict) -> Html:
    per_100k = row["score_basis"] == "per_100k"
    if fmt.missing(row["target"]):
        return Html(fmt.DASH)
    text = fmt.value(row["target"], row["unit"], per_100k=per_100k)
    return Html(
        f"{ltr(text)}"
        + (f" <span class='mz-note'>{esc(t('per_100k_short'))}</span>" if per_100k else "")
    )


def change_cell(row: dict, column: str) -> Html:
    text = fmt.change(row[column], row["unit"])
    good = good_change(row[column], row["direction"])
    return arrow(good, text) if good is not None else ltr(text)


st.subheader(t("kpi_table_title"))
st.caption(t("kpi_table_caption") + " " + t("kpi_table_drill_note"))
spark = {code: part for code, part in history.groupby("kpi_code")}
months_12 = sorted(history["month"].unique())[-12:]
columns = [
    Col(t("col_kpi")),
    Col(t("col_value"), "num"),
    Col(t("col_target"), "num"),
    Col(t("col_status")),
    Col(t("col_mom"), "num"),
    Col(t("col_yoy"), "num"),
    Col(t("col_rank"), "center"),
    Col(t("trend_12_months"), "center"),
]
rows: list = []
row_classes: list[str] = []
for _pillar_name, group in kpis.groupby("pillar_order", sort=True):
    rows.append(Group(group.iloc[0][name_column("pillar_name")]))
    for row in group.to_dict("records"):
        line = spark.get(row["kpi_code"])
        values = (
            line.set_index("month")["value_scored"].reindex(months_12).tolist()
            if line is not None
            else []
        )
        rank = (
            ltr(f"{int(row['rank_in_month'])} / {int(row['regions_ranked'])}")
            if not fmt.missing(row["rank_in_month"])
            else Html(fmt.DASH)
        )
        rows.append(
            [
                Html(
                    f"{esc(row[name_column('name')])}<br><span class='mz-note'>{esc(fmt.unit_label(row['unit'], currency=ctx.currency))}</span>"
                    f"{inline_status(row['rag'])}"
                ),
                drill_link(
                    value_cell(row),
                    drill_href(row["kpi_code"], region, ctx.month, secretariat),
                    t("drill_link_title"),
                ),
                target_cell(row),
                chip(row["rag"]),
                change_cell(row, "mom_change"),
                change_cell(row, "yoy_change"),
                rank,
                sparkline(values, row["rag"]),
            ]
        )
        row_classes.append("" if row["has_data"] else "mz-muted")
ui.html(
    table(
        columns,
        rows,
        table_id="kpi-table",
        row_classes=row_classes,
        scroll_cue=t("scroll_cue"),
    )
)
ui.html(ui.legend_statuses())
ui.downloads(
    kpis.assign(kpi_label=kpis[name_column("name")], pillar_label=kpis[name_column("pillar_name")]),
    name=f"scorecard-{region}-{ctx.month[:7]}",
    key="scorecard-kpis",
    columns={
        "pillar_label": t("pillar"),
        "kpi_code": t("col_kpi_code"),
        "kpi_label": t("col_kpi"),
        "unit": t("col_unit"),
        "value": t("col_value"),
        "value_per_100k": t("col_per_100k"),
        "target": t("col_target"),
        "rag": t("col_status"),
        "score": t("col_score"),
        "mom_change": t("col_mom"),
        "yoy_change": t("col_yoy"),
        "rank_in_month": t("col_rank"),
        "regions_ranked": t("col_regions_ranked"),
    },
)

# --- secretariats --------------------------------------------------------------------------------
st.subheader(t("secretariats_title", secretariats=ctx.secretariat_label))
breakdown = scores.secretariat_breakdown(ctx.scope, region, ctx.month)
if breakdown.empty:
    ui.empty(t("no_data_month", month=ctx.month_primary))
else:
    pillar_columns = [p for p in pillars["pillar"] if p in breakdown.columns]
    pillar_names = dict(zip(pillars["pillar"], pillars[name_column("name")], strict=True))
    columns = [
        Col(ctx.secretariat_label),
        Col(t("col_composite")),
        Col(t("col_status")),
        *[Col(pillar_names[p], "num") for p in pillar_columns],
        Col(t("col_kpis_status"), "center"),
    ]
    rows = []
    for row in breakdown.to_dict("records"):
        label = t("all_secretariats") if row["is_rollup"] else row[name_column("secretariat_name")]
        rows.append(
            [
                Html(f"<b>{esc(label)}</b>") if row["is_rollup"] else label,
                score_bar(row["composite_score"]),
                chip(row["status"]),
                *[ltr(fmt.score(row[p])) for p in pillar_columns],
                status_counts(
                    row["kpis_green"], row["kpis_amber"], row["kpis_red"], row["kpis_grey"]
                ),
            ]
        )
    ui.html(table(columns, rows, table_id="secretariat-table"))
    ui.downloads(
        breakdown.assign(label=breakdown[name_column("secretariat_name")]),
        name=f"secretariats-{region}-{ctx.month[:7]}",
        key="scorecard-secretariats",
        columns={
            "secretariat_code": t("col_code"),
            "label": ctx.secretariat_label,
            "composite_score": t("col_composite"),
            "status": t("col_status"),
            **{p: pillar_names[p] for p in pillar_columns},
            "kpis_green": t("rag_green"),
            "kpis_amber": t("rag_amber"),
            "kpis_red": t("rag_red"),
            "kpis_grey": t("rag_grey"),
        },
    )
