"""Community: initiatives by type (completed and still running), partners by type, the
initiatives table."""

from __future__ import annotations

import pandas as pd

from dashboards import fmt
from dashboards.i18n import code_label, speaking, t
from dashboards.tables import ltr


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
                ltr(
                    fmt.percent(row["budget_spent"] / row["budget_planned"])
                    if not fmt.missing(row["budget_planned"]) and row["budget_planned"]
                    else fmt.DASH
                ),
            ]
            for row in initiatives.to_dict("records")
        ]


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
