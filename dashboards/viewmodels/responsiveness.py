"""Responsiveness: SLA bars by channel and category, backlog ageing."""

from __future__ import annotations

import pandas as pd

from dashboards.i18n import name_column, speaking, t
from dashboards.viewmodels.common import share_texts

# what each SLA breakdown counts: tickets received (first response) or resolved
SLA_COUNTS = {"channel": "received", "category": "resolved"}


def sla_rows(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The channels (or categories) with any ticket received (resolved) in the month."""
    count = SLA_COUNTS[kind]
    return frame[frame[count] > 0]


def sla_bars(frame: pd.DataFrame, kind: str, language: str) -> pd.DataFrame:
    """Each row labelled 'name (48 h)' (its SLA) with 'share · tickets' as the bar's text."""
    count = SLA_COUNTS[kind]
    with speaking(language):
        hours = t("unit_hours_short")
        return frame.assign(
            label=frame[name_column("name")]
            + frame["sla_hours"].map(lambda h: f" ({h:g} {hours})"),
            text=share_texts(frame["share_within_sla"], frame[count]),
        )


def sla_columns(kind: str, language: str) -> dict[str, str]:
    """The download's columns of an SLA breakdown, with their headers."""
    count = SLA_COUNTS[kind]
    with speaking(language):
        return {
            kind: t("col_code"),
            name_column("name"): t(f"field_{kind}"),
            "sla_hours": t("sla_hours"),
            count: t(f"tickets_{count}"),
            "within_sla": t("within_sla"),
            "share_within_sla": t("share_within_sla"),
            "median_hours": t("median_hours"),
        }


def backlog_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "bucket_label": t("age_days"),
            "overdue": t("past_sla"),
            "tickets": t("unit_tickets"),
        }
