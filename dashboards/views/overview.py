"""Overview (the ministry's page): headline tiles, the league table and the region × KPI heatmap."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import wrap
from dashboards.data import reference, scores
from dashboards.i18n import is_rtl, join, name_column, plural, t
from dashboards.links import drill_href
from dashboards.review_block import month_review_block
from dashboards.shell.context import context
from dashboards.tables import (
    Col,
    Html,
    card,
    cards,
    chip,
    esc,
    inline_status,
    ltr,
    score_bar,
    status_counts,
    table,
)

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
now = (
    organisation.iloc[0]
    if not organisation.empty and organisation.iloc[0]["month"] == ctx.month
    else None
)
before = organisation[organisation["month"] != ctx.month]
if now is not None and not fmt.missing(now["composite_score"]):
    change = (
        now["composite_score"] - before.iloc[0]["composite_score"] if not before.empty else None
    )
    organisation_card = card(
        t("tile_organisation"),
        Html(f"{ltr(fmt.score(now['composite_score']))} <small>/ 100</small>"),
        sub=Html(
            f"{chip(now['status'])} &nbsp;{esc(t('change_since_last_month'))}: "
            f"{ltr(fmt.signed(change))}"
            + (f" · {esc(t('partial_composite'))}" if now["is_partial"] else "")
        ),
    )
else:
    organisation_card = card(t("tile_organisation"), fmt.DASH, sub=t("no_composite"))

counts = league["status"].value_counts()
status_lines = Html(
    "<ul>"
    + "".join(
        f"<li>{chip(code)} {esc(plural('n_regions', int(counts.get(code, 0))))}</li>"
        for code in ("green", "amber", "red", "grey")
    )
    + "</ul>"
)
regions_card = card(t("tile_regions_by_status", regions=ctx.region_label), "", extra=status_lines)


def movers(frame: pd.DataFrame, rising: bool) -> Html:
    moved = frame.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] > 0] if rising else moved[moved["rank_change"] < 0]
    moved = moved.sort_values(
        ["rank_change", "composite_change"], ascending=[not rising, not rising]
    ).head(3)
    if moved.empty:
        return Html(f'<div class="mz-sub">{esc(t("no_movers"))}</div>')
    items = "".join(f"<li>{mover_line(row)}</li>" for _, row in moved.iterrows())
    return Html(f"<ul>{items}</ul><div class='mz-sub'>{esc(t('movers_note'))}</div>")


def mover_line(row: pd.Series) -> Html:
    """'Riyadh: up 2 places (+3.1 points)': which number is places, which is points."""
    places = int(row["rank_change"])
    moved = t(
        "mover_places_up" if places > 0 else "mover_places_down",
        places=plural("n_places", abs(places)),
    )
    arrow_icon = "▲" if places > 0 else "▼"
    points = t("mover_points", value=fmt.isolate(fmt.signed(row["composite_change"])))
    return Html(
        f"{esc(row[name_column('region_name')])}: "
        f'<span class="mz-nowrap">{arrow_icon} {esc(moved)}</span> ({esc(points)})'
    )


ui.html(
    cards(
        [
            organisation_card,
            regions_card,
            card(t("tile_risers"), "", extra=movers(league, True)),
            card(t("tile_fallers"), "", extra=movers(league, False)),
        ]
    )
)

# --- league table --------------------------------------------------------------------------------
st.subheader(t("league_title"))
st.caption(t("league_caption"))
columns = [
    Col(t("col_rank"), "center"),
    Col(t("col_rank_change"), "center"),
    Col(ctx.region_label),
    Col(t("col_composite")),
    Col(t("col_status")),
    Col(t("col_change_points"), "num"),
    Col(t("col_pillars"), "center"),
    Col(t("col_kpis_status"), "center"),
]


def own(row: pd.Series) -> bool:
    """The signed-in user's own region (a regional scope): highlighted, and said in words."""
    return not ctx.scope.unrestricted and bool(row["in_scope"])


def region_cell(row: pd.Series) -> Html | str:
    name = row[name_column("region_name")]
    tag = f' <span class="mz-own-tag">◆ {esc(t("your_region"))}</span>' if own(row) else ""
    shown = f"<b>{esc(name)}</b>" if own(row) else esc(name)
    return Html(f"{shown}{tag}{inline_status(row['status'])}")


rows = []
row_classes = []
for _, row in league.iterrows():
    rows.append(
        [
            ltr(fmt.number(row["rank"])) if not fmt.missing(row["rank"]) else fmt.DASH,
            ltr(fmt.rank_change(row["rank_change"])),
            region_cell(row),
            score_bar(row["composite_score"]),
            chip(row["status"]),
            ltr(fmt.signed(row["composite_change"])),
            Html(
                ltr(f"{int(row['pillars_covered'])}/{int(row['pillars_total'])}")
                + (
                    f' <span class="mz-note">{esc(t("partial"))}</span>'
                    if row["is_partial"]
                    else ""
                )
            ),
            status_counts(row["kpis_green"], row["kpis_amber"], row["kpis_red"], row["kpis_grey"]),
        ]
    )
    row_classes.append(
        " ".join([*([] if row["has_data"] else ["mz-muted"]), *(["mz-own"] if own(row) else [])])
    )
ui.html(
    table(
        columns,
        rows,
        table_id="league-table",
        row_classes=row_classes,
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
part = heat[heat["pillar"] == pillar].copy()
per_100k = part["score_basis"] == "per_100k"
part["kpi_label"] = [
    wrap(label, 16) + (f"<br>({t('per_100k_short')})" if p else "")
    for label, p in zip(part[name_column("name")], per_100k, strict=True)
]
part["region_label"] = part[name_column("region_name")]
part["status"] = part["rag"].where(part["rag"].notna(), "none")
part["text"] = [
    fmt.STATUSES["grey"].icon
    if s == "grey"
    else (f"{fmt.status_of(s).icon} " if s != "none" else "") + fmt.compact(v, u, per_100k=p)
    for s, v, u, p in zip(part["status"], part["value_scored"], part["unit"], per_100k, strict=True)
]
part["hover"] = [
    f"{r['region_label']} · {r[name_column('name')]}<br>{t('col_value')}: "
    f"{fmt.value(r['value_scored'], r['unit'], per_100k=b)}"
    f"<br>{t('col_target')}: {fmt.value(r['target'], r['unit'], per_100k=b)}"
    f"<br>{fmt.status_text(r['rag'])}"
    for (_, r), b in zip(part.iterrows(), per_100k, strict=True)
]
part["link"] = [
    drill_href(kpi, region, ctx.month, secretariat)
    for kpi, region in zip(part["kpi_code"], part["region_code"], strict=True)
]
region_order = [
    label for label in league[name_column("region_name")] if label in set(part["region_label"])
]
figure = charts.status_heatmap(
    part.rename(columns={"region_label": "row", "kpi_label": "column"}),
    rows=region_order,
    columns=list(dict.fromkeys(part["kpi_label"])),
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
        "rank_in_month": t("col_rank"),
    },
)
