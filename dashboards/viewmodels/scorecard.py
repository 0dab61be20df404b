"""The region scorecard's KPI table: every KPI by pillar with value (drill link), target,
status, changes, rank and a 12-month sparkline — a value not reported says so (never 0, no
colour, no change, no rank), a small sample is shown with its denominator and no colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboards import fmt
from dashboards.charts.base import month_tick
from dashboards.i18n import lang, name_column, speaking, t
from dashboards.links import drill_href
from dashboards.scoring import band
from dashboards.tables import (
    Col,
    Group,
    Html,
    arrow,
    card,
    chip,
    drill_link,
    esc,
    inline_status,
    ltr,
    score_bar,
    sparkline,
    status_counts,
)
from dashboards.viewmodels.scores import display_status, sample_text


@dataclass(frozen=True)
class KpiTable:
    columns: list[Col]
    rows: list[list[object] | Group]
    row_classes: list[str]


def good_change(delta: object, direction: str) -> float | None:
    """The change signed so that positive is better (for colour), None when neutral."""
    if fmt.missing(delta) or direction == "informational":
        return None
    return float(delta) if direction == "higher_better" else -float(delta)


def value_cell(row: dict[str, Any]) -> Html:
    """The value (and per 100,000 when scored so); 'not reported' in words; a small sample's
    value with its denominator."""
    status = row.get("value_status")
    if status == "not_reported":
        return Html(f'<span class="mz-unreported">{esc(t("status_not_reported"))}</span>')
    main = fmt.value(row["value"], row["unit"])
    html = ltr(main)
    if row["score_basis"] == "per_100k" and not fmt.missing(row["value_per_100k"]):
        html = Html(
            f"{html}<br><span class='mz-note'>"
            f"{ltr(fmt.value(row['value_per_100k'], row['unit'], per_100k=True))} "
            f"{esc(t('per_100k_short'))}</span>"
        )
    if status == "small_sample":
        html = Html(
            f"{html}<br><span class='mz-note mz-small-sample'>{esc(t('rag_small_sample'))}: "
            f"{esc(sample_text(row.get('sample_size'), lang()))}</span>"
        )
    return html


def target_cell(row: dict[str, Any]) -> Html:
    per_100k = row["score_basis"] == "per_100k"
    if fmt.missing(row["target"]):
        return Html(fmt.DASH)
    text = fmt.value(row["target"], row["unit"], per_100k=per_100k)
    return Html(
        f"{ltr(text)}"
        + (f" <span class='mz-note'>{esc(t('per_100k_short'))}</span>" if per_100k else "")
    )


def change_cell(row: dict[str, Any], column: str) -> Html:
    if row.get("value_status") == "not_reported":
        return Html(fmt.DASH)
    text = fmt.change(row[column], row["unit"])
    good = good_change(row[column], row["direction"])
    return arrow(good, text) if good is not None else ltr(text)


def rank_cell(row: dict[str, Any]) -> Html:
    if fmt.missing(row["rank_in_month"]):
        return Html(fmt.DASH)
    return ltr(f"{int(row['rank_in_month'])} / {int(row['regions_ranked'])}")


def sparkline_values(history: pd.DataFrame, kpi_code: str, months: list[str]) -> list:
    """The KPI's scored values over `months` (None where there is none)."""
    line = history[history["kpi_code"] == kpi_code]
    if line.empty:
        return []
    return line.set_index("month")["value_scored"].reindex(months).tolist()


def kpi_table(
    kpis: pd.DataFrame,
    history: pd.DataFrame,
    language: str,
    *,
    region: str,
    month: str,
    secretariat: str,
    currency: str,
) -> KpiTable:
    """The rows of the KPI table (a group row per pillar), and each row's class (muted without
    a value)."""
    with speaking(language):
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
        months_12 = sorted(history["month"].unique())[-12:] if not history.empty else []
        rows: list[list[object] | Group] = []
        classes: list[str] = []
        for _pillar, group in kpis.groupby("pillar_order", sort=True):
            rows.append(Group(group.iloc[0][name_column("pillar_name")]))
            for row in group.to_dict("records"):
                status = display_status(row["rag"], row.get("value_status"))
                unit = esc(fmt.unit_label(row["unit"], currency=currency))
                rows.append(
                    [
                        Html(
                            f"{esc(row[name_column('name')])}<br><span class='mz-note'>{unit}</span>"
                            f"{inline_status(status)}"
                        ),
                        drill_link(
                            value_cell(row),
                            drill_href(row["kpi_code"], region, month, secretariat),
                            t("drill_link_title"),
                        ),
                        target_cell(row),
                        chip(status),
                        change_cell(row, "mom_change"),
                        change_cell(row, "yoy_change"),
                        rank_cell(row),
                        sparkline(
                            sparkline_values(history, row["kpi_code"], months_12), row["rag"]
                        ),
                    ]
                )
                classes.append("" if row["has_data"] else "mz-muted")
        return KpiTable(columns, rows, classes)


def kpi_download(kpis: pd.DataFrame, language: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The KPI table as downloaded: the frame (labels and the status in words, value_status
    included) and its headers in the language."""
    with speaking(language):
        frame = kpis.assign(
            kpi_label=kpis[name_column("name")],
            pillar_label=kpis[name_column("pillar_name")],
            status_label=[
                t(f"rag_{display_status(r, s)}")
                for r, s in zip(kpis["rag"], kpis["value_status"], strict=True)
            ],
        )
        columns = {
            "pillar_label": t("pillar"),
            "kpi_code": t("col_kpi_code"),
            "kpi_label": t("col_kpi"),
            "unit": t("col_unit"),
            "value": t("col_value"),
            "value_per_100k": t("col_per_100k"),
            "sample_size": t("col_sample_size"),
            "target": t("col_target"),
            "status_label": t("col_status"),
            "score": t("col_score"),
            "mom_change": t("col_mom"),
            "yoy_change": t("col_yoy"),
            "rank_in_month": t("col_rank"),
            "regions_ranked": t("col_regions_ranked"),
        }
        return frame, columns


# --- summary cards, pillar bars, secretariats ---------------------------------------------------
def summary_cards(
    trend: pd.DataFrame,
    pillars: pd.DataFrame,
    language: str,
    *,
    month: str,
    ranked: bool,
) -> list[Html]:
    """The cards above the table: the composite (status band, change since last month, partial
    when a pillar had no score), the rank among regions when `ranked` (a region, every
    secretariat) and the month has one, and one card per pillar with its KPIs by status."""
    this_month = trend[trend["month"] == month]
    previous = trend[trend["month"] < month].tail(1)
    composite = this_month["composite_score"].iloc[0] if not this_month.empty else None
    before = previous["composite_score"].iloc[0] if not previous.empty else None
    change = None if fmt.missing(composite) or fmt.missing(before) else composite - before
    partial = (
        bool(this_month["is_partial"].iloc[0])
        if not this_month.empty and not fmt.missing(composite)
        else False
    )
    with speaking(language):
        items = [
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
        if ranked and not this_month.empty and not fmt.missing(this_month["rank"].iloc[0]):
            rank = int(this_month["rank"].iloc[0])
            of = int(this_month["regions_ranked"].iloc[0])
            rank_before = previous["rank"].iloc[0] if not previous.empty else None
            moved = None if fmt.missing(rank_before) else int(rank_before) - rank
            items.append(
                card(
                    t("col_rank"),
                    Html(f"{ltr(rank)} <small>/ {ltr(of)}</small>"),
                    sub=Html(f"{esc(t('change_since_last_month'))}: {ltr(fmt.rank_change(moved))}"),
                )
            )
        for row in pillars.to_dict("records"):
            counts = status_counts(
                row["kpis_green"], row["kpis_amber"], row["kpis_red"], row["kpis_grey"]
            )
            items.append(
                card(
                    row[name_column("name")],
                    Html(f"{ltr(fmt.score(row['pillar_score']))} <small>/ 100</small>"),
                    sub=Html(
                        f"{chip(row['status'])} {ltr(fmt.signed(row['pillar_score_change']))}"
                        f"<br>{counts}"
                    ),
                )
            )
        return items


def trend_frame(trend: pd.DataFrame, language: str) -> pd.DataFrame:
    """The composite trend with each month's short label (`label`)."""
    with speaking(language):
        return trend.assign(
            label=trend[name_column("gregorian_label")].map(lambda v: month_tick(fmt.western(v)))
        )


def pillar_bars(pillars: pd.DataFrame, language: str) -> pd.DataFrame:
    """The pillar scores with their label and bar text ('● 86.1': icon and score)."""
    with speaking(language):
        return pillars.assign(
            label=pillars[name_column("name")],
            text=[
                f"{fmt.status_of(s).icon} {fmt.score(v)}"
                for s, v in zip(pillars["status"], pillars["pillar_score"], strict=True)
            ],
        )


def secretariat_table(
    breakdown: pd.DataFrame, pillars: pd.DataFrame, language: str, *, secretariat_label: str
) -> tuple[list[Col], list[list[object]], dict[str, str]]:
    """The secretariats of a region: columns, rows (all secretariats first, in bold) and the
    download's headers."""
    with speaking(language):
        pillar_names = dict(zip(pillars["pillar"], pillars[name_column("name")], strict=True))
        pillar_columns = [p for p in pillars["pillar"] if p in breakdown.columns]
        columns = [
            Col(secretariat_label),
            Col(t("col_composite")),
            Col(t("col_status")),
            *[Col(pillar_names[p], "num") for p in pillar_columns],
            Col(t("col_kpis_status"), "center"),
        ]
        rows: list[list[object]] = []
        for row in breakdown.to_dict("records"):
            label = (
                t("all_secretariats") if row["is_rollup"] else row[name_column("secretariat_name")]
            )
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
        headers = {
            "secretariat_code": t("col_code"),
            "label": secretariat_label,
            "composite_score": t("col_composite"),
            "status": t("col_status"),
            **{p: pillar_names[p] for p in pillar_columns},
            "kpis_green": t("rag_green"),
            "kpis_amber": t("rag_amber"),
            "kpis_red": t("rag_red"),
            "kpis_grey": t("rag_grey"),
        }
        return columns, rows, headers
