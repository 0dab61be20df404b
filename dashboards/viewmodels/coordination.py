"""Coordination: meetings by type and status, overdue action items."""

from __future__ import annotations

import pandas as pd

from dashboards.i18n import code_label, name_column, speaking, t

OVERDUE_COLUMNS = (
    "action_id",
    "origin",
    "title",
    "status",
    "issued_date",
    "due_date",
    "days_overdue",
    "region",
    "secretariat",
)


def meeting_bars(meetings: pd.DataFrame, language: str) -> pd.DataFrame:
    """Each meeting type labelled."""
    with speaking(language):
        return meetings.assign(
            label=meetings["meeting_type"].map(lambda c: code_label("meeting_type", c))
        )


def meeting_columns(language: str) -> dict[str, str]:
    with speaking(language):
        return {
            "label": t("field_meeting_type"),
            "status": t("field_status"),
            "meetings": t("unit_meetings"),
            "attended": t("field_attended"),
            "decisions": t("field_decisions"),
        }


def overdue_table(
    overdue: pd.DataFrame, language: str, *, region_label: str, secretariat_label: str
) -> pd.DataFrame:
    """The overdue action items as shown: codes and names in the language, the columns
    headed in the language (`region_label`, `secretariat_label` from the profile)."""
    with speaking(language):
        shown = overdue.assign(
            region=overdue[name_column("region_name")],
            secretariat=overdue[name_column("secretariat_name")],
            origin=overdue["origin"].map(lambda c: code_label("origin", c)),
            status=overdue["status"].map(lambda c: code_label("status", c)),
        )[list(OVERDUE_COLUMNS)]
        shown = shown.rename(
            columns={
                "region": region_label,
                "secretariat": secretariat_label,
                "days_overdue": t("days_overdue"),
            }
        )
        return shown.rename(columns=lambda c: code_label("field", c))
