"""Responsiveness: SLA bars by channel and category, backlog ageing."""

from __future__ import annotations

import pandas as pd

from dashboards import fmt
from dashboards.i18n import name_column, speaking, t
from dashboards.viewmodels.common import share_texts

# what each SLA breakdown counts: tickets received (first response) or resolved
SLA_COUNTS = {"channel": "received", "category": "resolved"}


def sla_rows(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The channels (or categories) with any ticket received (resolved) in the month."""
    count = SLA_COUNTS[kind]
    return frame[frame[count] > 0]


def sla_status(share: object, target: float | None, amber_ratio: float) -> str:
    """A share's status against the target: green when met, amber within `amber_ratio` of it,
    red below; `none` without a target, `grey` without a share."""
    if target is None:
        return "none"
    if fmt.missing(share):
        return "grey"
    value = float(share)  # type: ignore[arg-type]
    if value >= target:
        return "green"
    return "amber" if value >= target * amber_ratio else "red"


def sla_bars(
    frame: pd.DataFrame,
    kind: str,
    language: str,
    *,
    target: float | None = None,
    amber_ratio: float = 0.9,
) -> pd.DataFrame:
    """Each row labelled 'name (48 h)' (its SLA), its `status` against the target, and
    '● Green · share · tickets' as the bar's text: the status by icon and word, never by the
    bar's colour alone."""
    count = SLA_COUNTS[kind]
    with speaking(language):
        hours = t("unit_hours_short")
        statuses = [sla_status(v, target, amber_ratio) for v in frame["share_within_sla"]]
        texts = share_texts(frame["share_within_sla"], frame[count])
        return frame.assign(
            label=frame[name_column("name")]
            + frame["sla_hours"].map(lambda h: f" ({h:g} {hours})"),
            status=statuses,
            text=[
                bar_text(status, text, language)
                for status, text in zip(statuses, texts, strict=True)
            ],
        )


def bar_text(status: str, text: str, language: str) -> str:
    """'● Green · 83.1% · 1,204'. Plotly draws text left to right: in Arabic the order is
    turned, so that a reader starting at the bar reads '● أخضر · 83.1% · 1,204' from the right,
    icon beside word and the '%' after its number."""
    if status == "none":
        return text
    icon, word = fmt.status_of(status).icon, fmt.status_word(status)
    return f"{text} · {word} {icon}" if language == "ar" else f"{icon} {word} · {text}"


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
