"""KPI values as the scorecard, the overview and the explorer show them: never 0 and never a RAG
colour where the value was not reported, and a small sample shown with its denominator and no
colour (fct_kpi_monthly.value_status). Pure functions of rows and a language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboards import fmt
from dashboards.i18n import plural, speaking, t
from dashboards.tables import Html, arrow, card, chip, esc, ltr

# value_status codes shown instead of the RAG status (neither is a RAG colour)
TRUST_STATES = ("not_reported", "small_sample")


def display_status(rag: Any, value_status: Any) -> str:
    """What a cell's chip says: 'not_reported' or 'small_sample' (value_status), else the RAG
    status ('green', 'amber', 'red', 'grey' for no data, 'none' without a status)."""
    if value_status in TRUST_STATES:
        return str(value_status)
    return fmt.status_of(rag).code


def sample_text(sample_size: Any, language: str) -> str:
    """'3 records' / '3 سجلات': the denominator a small sample is computed on."""
    if fmt.missing(sample_size):
        return ""
    with speaking(language):
        return plural("n_records", int(sample_size))


def value_text(
    row: Mapping[str, Any],
    unit: str,
    language: str,
    *,
    column: str = "value",
    per_100k: bool = False,
    compact: bool = False,
) -> str:
    """A KPI value as text: 'لم يُبلَّغ' when not reported (never 0), the value with 'small
    sample, n records' when it is one, '—' without data, else the value in its unit."""
    status = row.get("value_status")
    with speaking(language):
        if status == "not_reported":
            return t("status_not_reported")
        number = (fmt.compact if compact else fmt.value)(row.get(column), unit, per_100k=per_100k)
        if status == "small_sample":
            return t(
                "small_sample_value",
                value=number,
                sample=sample_text(row.get("sample_size"), language),
            )
        return number


def cell_text(row: Mapping[str, Any], unit: str, language: str, **options: Any) -> str:
    """A matrix or heatmap cell: status icon and value; no data says so in words."""
    shown = display_status(row.get("rag"), row.get("value_status"))
    with speaking(language):
        if shown == "not_reported":
            return f"{fmt.STATUSES['not_reported'].icon} {t('status_not_reported')}"
        if shown == "grey":
            return f"{fmt.STATUSES['grey'].icon} {t('rag_grey')}"
        if shown == "small_sample" and options.get("compact"):
            # a cell is short: the value and its n
            number = fmt.compact(row.get(options.get("column", "value")), unit,
                                 per_100k=options.get("per_100k", False))  # fmt: skip
            sample = row.get("sample_size")
            n = t("sample_n", n=int(sample)) if not fmt.missing(sample) else ""
            return f"{fmt.STATUSES[shown].icon} {number} ({n})"
        text = value_text(row, unit, language, **options)
        icon = fmt.STATUSES[shown].icon if shown != "none" else ""
        return f"{icon} {text}".strip()


def hover_text(
    row: Mapping[str, Any], unit: str, language: str, *, title: str, per_100k: bool = False
) -> str:
    """A heatmap cell's hover: where, value (or why none), target, and the status in words."""
    shown = display_status(row.get("rag"), row.get("value_status"))
    column = "value_scored"
    with speaking(language):
        lines = [
            title,
            f"{t('col_value')}: {value_text(row, unit, language, column=column, per_100k=per_100k)}",
            f"{t('col_target')}: {fmt.value(row.get('target'), unit, per_100k=per_100k)}",
            f"{fmt.STATUSES[shown].icon} {t(f'rag_{shown}')}",
        ]
        return "<br>".join(lines)


def with_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `status` (display_status of rag and value_status): what colours a cell.
    Not reported and small samples have their own neutral states, never a RAG colour."""
    statuses = [
        display_status(rag, status)
        for rag, status in zip(
            frame["rag"],
            frame["value_status"] if "value_status" in frame else [None] * len(frame),
            strict=True,
        )
    ]
    return frame.assign(status=statuses)


def not_reported_note(
    frame: pd.DataFrame, language: str, *, label: str, month_label: str
) -> str | None:
    """'Not reported (the files sent lacked the columns this KPI needs): Cairo — Mar 2025, Apr
    2025; …' for the rows of `frame` that are not reported; None when there are none.
    `label` and `month_label` name the columns holding the region's and the month's labels."""
    missing = frame[frame["value_status"] == "not_reported"]
    if missing.empty:
        return None
    with speaking(language):
        parts = [
            f"{region}: {'، '.join(group[month_label]) if language == 'ar' else ', '.join(group[month_label])}"
            for region, group in missing.groupby(label, sort=False)
        ]
        return t(
            "not_reported_note", cells="؛ ".join(parts) if language == "ar" else "; ".join(parts)
        )


def kpi_card(row: Mapping[str, Any], language: str) -> str:
    """A KPI card of a pillar page: name, value (large counts shortened; 'not reported' in words,
    never 0), the status chip (not reported and small samples their own, colourless), the change
    since last month (none when not reported) and the target."""
    with speaking(language):
        status = row.get("value_status")
        if status == "not_reported":
            value: object = Html(
                f'<span class="mz-unreported">{esc(t("status_not_reported"))}</span>'
            )
        else:
            number = (
                fmt.big(row["value"])
                if row["unit"] in ("count", "people") and not fmt.missing(row["value"])
                else fmt.value(row["value"], row["unit"])
            )
            value = ltr(number)
        change = fmt.change(row["mom_change"], row["unit"])
        good = None
        if not fmt.missing(row["mom_change"]) and row["direction"] != "informational":
            good = row["mom_change"] if row["direction"] == "higher_better" else -row["mom_change"]
        moved = (
            Html(fmt.DASH)
            if status == "not_reported"
            else (arrow(good, change) if good is not None else ltr(change))
        )
        per_100k = row["score_basis"] == "per_100k"
        target = ltr(fmt.value(row["target"], row["unit"], per_100k=per_100k))
        sample = (
            f"<br><span class='mz-note'>{esc(t('rag_small_sample'))}: "
            f"{esc(sample_text(row.get('sample_size'), language))}</span>"
            if status == "small_sample"
            else ""
        )
        return card(
            row[f"name_{language}"],
            value,
            sub=Html(
                f"{chip(display_status(row['rag'], status))} {moved}{sample}"
                f"<br><span class='mz-note'>{esc(t('col_target'))}: {target}"
                + (
                    f" {esc(t('per_100k_short'))}"
                    if per_100k and not fmt.missing(row["target"])
                    else ""
                )
                + "</span>"
            ),
        )
