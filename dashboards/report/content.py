"""What the pack says about one region and month, gathered through the dashboards' data layer
(the same queries, scoped to everything: who may receive a pack is decided before, by the
caller) and shaped by the scorecard's view-models."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards import fmt
from dashboards.data import reference, review, scores
from dashboards.i18n import name_column, speaking
from dashboards.scope import ORGANISATION, UNRESTRICTED
from dashboards.viewmodels import scorecard
from mizan.review.comments import comments
from mizan.settings import Settings


@dataclass(frozen=True)
class Commitment:
    """A corrective action written on last month's pack (a comment with an owner or a due date)
    and what its KPI did since: CitiStat's follow-up."""

    kpi_code: str
    kpi_name: str
    body: str
    owner: str
    due_date: str
    author: str
    status_then: str | None
    status_now: str | None
    value_then: object
    value_now: object
    change: object  # this month's value minus last month's (None when either is not reported)
    unit: str
    better: bool | None  # moved the right way (None: did not move, not reported, informational)


@dataclass(frozen=True)
class RegionContent:
    region: str
    region_name: str
    month: str
    month_label: str
    review: pd.DataFrame  # sentences of marts.fct_month_review
    kpis: pd.DataFrame  # marts.fct_kpi_monthly rows with the KPIs' names (all secretariats)
    table: scorecard.KpiTable
    summary: list  # the scorecard's cards: composite, rank, one per pillar
    comments: list[dict]
    commitments: list[Commitment]


def month_row(month: str) -> dict:
    months = reference.months(UNRESTRICTED)
    rows = months[months["month"].astype(str).str[:10] == month]
    if rows.empty:
        raise LookupError(f"the snapshot holds no month {month[:7]}")
    return rows.iloc[0].to_dict()


def previous_month(month: str) -> str:
    return (pd.Timestamp(month) - pd.DateOffset(months=1)).strftime("%Y-%m-%d")


def region_names(language: str) -> dict[str, str]:
    with speaking(language):
        frame = reference.regions(UNRESTRICTED, with_organisation=True)
        return dict(zip(frame["region_code"], frame[name_column("region_name")], strict=True))


def commitments(
    settings: Settings, region: str, month: str, kpis: pd.DataFrame, history: pd.DataFrame
) -> list[Commitment]:
    """Last month's comments that named an owner or a due date, each with its KPI's status and
    value then and now."""
    before = previous_month(month)
    then = history[history["month"] == before].set_index("kpi_code")
    now = kpis.set_index("kpi_code")
    found = []
    for c in comments(settings, None, region=region, month=before):
        if not (c.get("owner") or c.get("due_date")):
            continue
        code = c["kpi_code"] or ""
        row = now.loc[code] if code in now.index else None
        old = then.loc[code] if code in then.index else None
        value_now = None if row is None or not row["has_data"] else row["value"]
        value_then = None if old is None else old["value"]
        change = (
            None
            if fmt.missing(value_now) or fmt.missing(value_then)
            else float(value_now) - float(value_then)
        )
        direction = "informational" if row is None else row["direction"]
        good = scorecard.good_change(change, direction)
        found.append(
            Commitment(
                kpi_code=code,
                kpi_name=code if row is None else str(row[name_column("name")]),
                body=c["body"],
                owner=c.get("owner") or "",
                due_date=str(c["due_date"])[:10] if c.get("due_date") else "",
                author=c["author"],
                status_then=None if old is None or fmt.missing(old["rag"]) else old["rag"],
                status_now=None if row is None or fmt.missing(row["rag"]) else row["rag"],
                value_then=value_then,
                value_now=value_now,
                change=change,
                unit="" if row is None else str(row["unit"]),
                better=None if good is None or good == 0 else good > 0,
            )
        )
    return found


def region_content(
    settings: Settings, region: str, month: str, language: str, *, currency: str = ""
) -> RegionContent:
    from dashboards.fmt import month_label

    with speaking(language):
        names = region_names(language)
        kpis = scores.region_kpis(UNRESTRICTED, region, month)
        history = scores.kpi_history(UNRESTRICTED, region, month)
        table = scorecard.kpi_table(
            kpis, history, language, region=region, month=month, secretariat="ALL",
            currency=currency,
        )  # fmt: skip
        summary = scorecard.summary_cards(
            scores.composite_trend(UNRESTRICTED, region, month),
            scores.pillar_scores(UNRESTRICTED, region, month),
            language,
            month=month,
            ranked=region != ORGANISATION,
        )
        organisation = region == ORGANISATION
        return RegionContent(
            region=region,
            region_name=names.get(region, region),
            month=month,
            month_label=month_label(month_row(month), hijri_first=False),
            review=review.month_review(UNRESTRICTED, region, month),
            kpis=kpis,
            table=table,
            summary=summary,
            comments=[] if organisation else comments(settings, None, region=region, month=month),
            commitments=[] if organisation else commitments(settings, region, month, kpis, history),
        )
