"""The overview: movers of the league table, its rows, and the heatmap's cells (region × KPI, a
not-reported cell in words and without colour)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards import fmt
from dashboards.charts.base import wrap
from dashboards.i18n import name_column, plural, speaking, t
from dashboards.links import drill_href
from dashboards.tables import (
    Col,
    Html,
    card,
    chip,
    esc,
    inline_status,
    ltr,
    score_bar,
    status_counts,
)
from dashboards.viewmodels.scores import cell_text, hover_text, with_display


def movers(frame: pd.DataFrame, rising: bool) -> pd.DataFrame:
    """The three regions that rose (or fell) most places since last month, then most points."""
    moved = frame.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] > 0] if rising else moved[moved["rank_change"] < 0]
    return moved.sort_values(
        ["rank_change", "composite_change"], ascending=[not rising, not rising]
    ).head(3)


def mover_line(row: pd.Series, language: str) -> Html:
    """'Riyadh: ▲ up 2 places (+3.1 points)': which number is places, which is points."""
    with speaking(language):
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


def movers_list(frame: pd.DataFrame, rising: bool, language: str) -> Html:
    moved = movers(frame, rising)
    with speaking(language):
        if moved.empty:
            return Html(f'<div class="mz-sub">{esc(t("no_movers"))}</div>')
        items = "".join(f"<li>{mover_line(row, language)}</li>" for _, row in moved.iterrows())
        return Html(f"<ul>{items}</ul><div class='mz-sub'>{esc(t('movers_note'))}</div>")


@dataclass(frozen=True)
class LeagueTable:
    columns: list[Col]
    rows: list[list[object]]
    row_classes: list[str]


def league_table(
    league: pd.DataFrame, language: str, *, region_label: str, own_regions: bool
) -> LeagueTable:
    """One row per region: rank, rank change, name (own region tagged when `own_regions`, i.e.
    a regional scope), composite bar, status, change in points, pillars covered, KPIs by
    status (not-reported KPIs are in none of the coloured counts)."""
    with speaking(language):
        columns = [
            Col(t("col_rank"), "center"),
            Col(t("col_rank_change"), "center"),
            Col(region_label),
            Col(t("col_composite")),
            Col(t("col_status")),
            Col(t("col_change_points"), "num"),
            Col(t("col_pillars"), "center"),
            Col(t("col_kpis_status"), "center"),
        ]
        rows, classes = [], []
        for _, row in league.iterrows():
            own = own_regions and bool(row["in_scope"])
            name = row[name_column("region_name")]
            tag = f' <span class="mz-own-tag">◆ {esc(t("your_region"))}</span>' if own else ""
            shown = f"<b>{esc(name)}</b>" if own else esc(name)
            partial = (
                f' <span class="mz-note">{esc(t("partial"))}</span>' if row["is_partial"] else ""
            )
            rows.append(
                [
                    ltr(fmt.number(row["rank"])) if not fmt.missing(row["rank"]) else fmt.DASH,
                    ltr(fmt.rank_change(row["rank_change"])),
                    Html(f"{shown}{tag}{inline_status(row['status'])}"),
                    score_bar(row["composite_score"]),
                    chip(row["status"]),
                    ltr(fmt.signed(row["composite_change"])),
                    Html(
                        ltr(f"{int(row['pillars_covered'])}/{int(row['pillars_total'])}") + partial
                    ),
                    status_counts(
                        row["kpis_green"], row["kpis_amber"], row["kpis_red"], row["kpis_grey"]
                    ),
                ]
            )
            classes.append(
                " ".join([*([] if row["has_data"] else ["mz-muted"]), *(["mz-own"] if own else [])])
            )
        return LeagueTable(columns, rows, classes)


def heatmap_cells(
    part: pd.DataFrame, language: str, *, month: str, secretariat: str
) -> pd.DataFrame:
    """The heatmap's cells of one pillar: row (region), column (KPI, '(per 100,000)' when
    scored so), status (a not-reported or small-sample cell has its own, colourless state),
    text (icon and value, or 'not reported' / 'no data' in words — never 0), hover and the
    drill link."""
    with speaking(language):
        per_100k = (part["score_basis"] == "per_100k").tolist()
        cells = with_display(part)
        records = cells.to_dict("records")
        return pd.DataFrame(
            {
                "row": cells[name_column("region_name")].tolist(),
                "column": [
                    wrap(label, 16) + (f"<br>({t('per_100k_short')})" if p else "")
                    for label, p in zip(cells[name_column("name")], per_100k, strict=True)
                ],
                "status": cells["status"].tolist(),
                "text": [
                    cell_text(
                        r, r["unit"], language, column="value_scored", per_100k=p, compact=True
                    )
                    for r, p in zip(records, per_100k, strict=True)
                ],
                "hover": [
                    hover_text(
                        r,
                        r["unit"],
                        language,
                        title=f"{r[name_column('region_name')]} · {r[name_column('name')]}",
                        per_100k=p,
                    )
                    for r, p in zip(records, per_100k, strict=True)
                ],
                "link": [
                    drill_href(kpi, region, month, secretariat)
                    for kpi, region in zip(cells["kpi_code"], cells["region_code"], strict=True)
                ],
                "kpi_code": cells["kpi_code"].tolist(),
                "region_code": cells["region_code"].tolist(),
            }
        )


def organisation_card(organisation: pd.DataFrame, month: str, language: str) -> Html:
    """The organisation's composite this month, its status and change since the month before
    (partial when a pillar had no score); a dash and why when there is none."""
    with speaking(language):
        now = (
            organisation.iloc[0]
            if not organisation.empty and organisation.iloc[0]["month"] == month
            else None
        )
        if now is None or fmt.missing(now["composite_score"]):
            return card(t("tile_organisation"), fmt.DASH, sub=t("no_composite"))
        before = organisation[organisation["month"] != month]
        change = (
            now["composite_score"] - before.iloc[0]["composite_score"] if not before.empty else None
        )
        return card(
            t("tile_organisation"),
            Html(f"{ltr(fmt.score(now['composite_score']))} <small>/ 100</small>"),
            sub=Html(
                f"{chip(now['status'])} &nbsp;{esc(t('change_since_last_month'))}: "
                f"{ltr(fmt.signed(change))}"
                + (f" · {esc(t('partial_composite'))}" if now["is_partial"] else "")
            ),
        )


def regions_by_status_card(league: pd.DataFrame, language: str, *, region_label: str) -> Html:
    """How many regions are green, amber, red and without data ('منطقتان')."""
    counts = league["status"].value_counts()
    with speaking(language):
        lines = Html(
            "<ul>"
            + "".join(
                f"<li>{chip(code)} {esc(plural('n_regions', int(counts.get(code, 0))))}</li>"
                for code in ("green", "amber", "red", "grey")
            )
            + "</ul>"
        )
        return card(t("tile_regions_by_status", regions=region_label), "", extra=lines)
