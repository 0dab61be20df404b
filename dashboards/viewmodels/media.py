"""Media: sentiment over time, key-message pull-through, coverage by outlet type."""

from __future__ import annotations

import pandas as pd

from dashboards.charts.base import wrap
from dashboards.i18n import code_label, speaking, t
from dashboards.viewmodels.common import month_ticks, share_texts


def sentiment_months(sentiment: pd.DataFrame, months: pd.DataFrame, language: str) -> pd.DataFrame:
    """Items by month and sentiment, with the month's tick label (`x`)."""
    return sentiment.assign(x=month_ticks(sentiment, months, language))


def month_order(frame: pd.DataFrame) -> list[str]:
    """The tick labels (`x`) oldest first."""
    return list(dict.fromkeys(frame.sort_values("month")["x"]))


def sentiment_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "month": t("month"),
            "sentiment": t("field_sentiment"),
            "items": t("unit_items"),
            "reach": t("field_reach"),
        }


def key_message_bars(
    messages: pd.DataFrame, language: str, texts: dict[str, str] | None = None
) -> pd.DataFrame:
    """Each key message by its text (`texts`: code → text, from the organisation profile; the
    code only when the profile does not say it), with 'share · items' as the bar's text."""
    known = texts or {}
    with speaking(language):
        labels = messages["key_message"].map(lambda c: known.get(c) or code_label("key_message", c))
        return messages.assign(
            label=labels,
            axis_label=labels.map(lambda text: wrap(text, 22)),  # the chart's, on lines
            text=share_texts(messages["share"], messages["items"]),
        )


def key_message_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "key_message": t("col_code"),
            "label": t("field_key_messages"),
            "items": t("unit_items"),
            "share": t("share_of_items"),
        }


def outlet_bars(outlets: pd.DataFrame, language: str) -> pd.DataFrame:
    """Each outlet type labelled."""
    with speaking(language):
        return outlets.assign(
            label=outlets["outlet_type"].map(lambda c: code_label("outlet_type", c))
        )


def outlet_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "label": t("field_outlet_type"),
            "owned_or_earned": t("field_owned_or_earned"),
            "items": t("unit_items"),
            "reach": t("field_reach"),
            "positive": t("sentiment_positive"),
            "negative": t("sentiment_negative"),
        }
