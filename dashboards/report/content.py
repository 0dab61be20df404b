"""What the pack says about one region and month, gathered through the dashboards' data layer
(the same queries, scoped to everything: who may receive a pack is decided before, by the
caller) and shaped by the scorecard's view-models."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.data import reference, review, scores
from dashboards.i18n import name_column, speaking
from dashboards.scope import ORGANISATION, UNRESTRICTED
from dashboards.viewmodels import scorecard
from mizan.review.comments import comments
from mizan.settings import Settings


@dataclass(frozen=True)
class RegionContent:
    region: str
    region_name: str
    month: str
    month_label: str
    review: pd.DataFrame  # sentences of marts.fct_month_review
    kpis: pd.DataFrame  # marts.fct_kpi_monthly rows with the KPIs' names (all secretariats)
    table: scorecard.KpiTable
    comments: list[dict]


def month_row(month: str) -> dict:
    months = reference.months(UNRESTRICTED)
    rows = months[months["month"].astype(str).str[:10] == month]
    if rows.empty:
        raise LookupError(f"the snapshot holds no month {month[:7]}")
    return rows.iloc[0].to_dict()


def region_names(language: str) -> dict[str, str]:
    with speaking(language):
        frame = reference.regions(UNRESTRICTED, with_organisation=True)
        return dict(zip(frame["region_code"], frame[name_column("region_name")], strict=True))


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
        return RegionContent(
            region=region,
            region_name=names.get(region, region),
            month=month,
            month_label=month_label(month_row(month), hijri_first=False),
            review=review.month_review(UNRESTRICTED, region, month),
            kpis=kpis,
            table=table,
            comments=[]
            if region == ORGANISATION
            else comments(settings, None, region=region, month=month),
        )
