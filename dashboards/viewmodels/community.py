"""Community: initiatives by type (completed and still running), partners by type, the
initiatives table."""

from __future__ import annotations

import pandas as pd

from dashboards import fmt
from dashboards.i18n import code_label, speaking, t
from dashboards.tables import Html, esc, ltr


def initiative_states(initiatives: pd.DataFrame, language: str) -> pd.DataFrame:
    """One row per initiative type and state (`completed`, `still_running`: running but not
    completed) with its `count`, the type labelled; types in the data layer's order."""
    with speaking(language):
        by_type = initiatives.assign(
            label=initiatives["initiative_type"].map(lambda c: code_label("initiative_type", c)),
            still_running=initiatives["running"]
            - initiatives["completed"].clip(upper=initiatives["running"]),
        )
    return by_type.melt(
        id_vars=["label"],
        value_vars=["completed", "still_running"],
        var_name="state",
        value_name="count",
    )


def partner_bars(partners: pd.DataFrame, language: str) -> pd.DataFrame:
    """Each partner type labelled, with its count as the bar's text."""
    with speaking(language):
        return partners.assign(
            label=partners["partner_type"].map(lambda c: code_label("partner_type", c)),
            text=partners["partners"].map(fmt.number),
        )


def partner_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "label": t("field_partner_type"),
            "partners": t("unit_partners"),
            "initiatives": t("unit_initiatives"),
        }


def initiative_table_rows(initiatives: pd.DataFrame, language: str) -> list[list]:
    """The cells of the initiatives table: type, completed, on time, running, beneficiaries,
    attendees, budget planned and spent, budget execution (a dash where it cannot be said)."""
    with speaking(language):
        return [
            [
                code_label("initiative_type", row["initiative_type"]),
                ltr(fmt.number(row["completed"])),
                ltr(
                    fmt.percent(row["on_time"] / row["completed"]) if row["completed"] else fmt.DASH
                ),
                ltr(fmt.number(row["running"])),
                ltr(fmt.number(row["beneficiaries"])),
                ltr(fmt.number(row["attendees"])),
                ltr(fmt.number(row["budget_planned"])),
                ltr(fmt.number(row["budget_spent"])),
                budget_execution(row["budget_spent"], row["budget_planned"]),
            ]
            for row in initiatives.to_dict("records")
        ]


def execution(spent: object, planned: object) -> float | None:
    """Budget spent over planned; None where it cannot be said (no or zero plan)."""
    if fmt.missing(planned) or not planned or fmt.missing(spent):
        return None
    return float(spent) / float(planned)  # type: ignore[arg-type]


def budget_execution(spent: object, planned: object) -> Html:
    """The share of the planned budget spent; over 100 % flagged by icon and word."""
    share = execution(spent, planned)
    if share is None:
        return ltr(fmt.DASH)
    if share > 1:
        return Html(
            f'<span class="mz-over" data-flag="over-budget">{ltr(fmt.percent(share))} '
            f'<span class="mz-chip mz-red"><span class="mz-icon" aria-hidden="true">▲</span>'
            f"{esc(t('budget_over'))}</span></span>"
        )
    return ltr(fmt.percent(share))


def over_budget(initiatives: pd.DataFrame) -> bool:
    """Whether any row spent more than it planned."""
    return any(
        (execution(s, p) or 0) > 1
        for s, p in zip(initiatives["budget_spent"], initiatives["budget_planned"], strict=True)
    )


def initiative_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "initiative_type": t("field_initiative_type"),
            "completed": t("initiatives_completed"),
            "on_time": t("on_time"),
            "running": t("initiatives_running_all"),
            "beneficiaries": t("field_beneficiaries"),
            "attendees": t("field_attendees"),
            "budget_planned": t("field_budget_planned"),
            "budget_spent": t("field_budget_spent"),
        }
