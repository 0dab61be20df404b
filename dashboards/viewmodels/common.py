"""Labels several pages share: month ticks, 'share · count' bar texts, age buckets."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboards import fmt
from dashboards.charts.base import month_tick
from dashboards.data import operations
from dashboards.i18n import name_column, speaking, t


def share_texts(shares: Iterable, counts: Iterable) -> list[str]:
    """'83.4% · 1,204' for each share and count (a bar's text)."""
    return [f"{fmt.percent(s)} · {fmt.number(n)}" for s, n in zip(shares, counts, strict=True)]


def month_ticks(frame: pd.DataFrame, months: pd.DataFrame, language: str) -> pd.Series:
    """The short Gregorian label of each row's `month` (Western digits), for a time axis;
    `months` is `reference.months` (one row per `month`)."""
    with speaking(language):
        labels = months.set_index("month")[name_column("gregorian_label")]
        return frame["month"].map(lambda m: month_tick(fmt.western(labels.loc[m])))


def age_buckets(language: str) -> list[str]:
    """The labels of the age buckets (`operations.AGE_BUCKETS`), in bucket order."""
    with speaking(language):
        return [t(f"age_{i}") for i in range(len(operations.AGE_BUCKETS))]


def with_age_labels(ageing: pd.DataFrame, language: str) -> pd.DataFrame:
    """The ageing frame with each bucket's label in the language (`bucket_label`)."""
    buckets = age_buckets(language)
    return ageing.assign(bucket_label=ageing["bucket"].map(lambda i: buckets[int(i)]))


def order_by_total(frame: pd.DataFrame, category: str, value: str) -> list[str]:
    """The categories, largest total of `value` first (a bar chart's category order)."""
    return list(frame.groupby(category)[value].sum().sort_values(ascending=False).index)
