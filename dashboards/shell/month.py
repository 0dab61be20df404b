"""The sidebar's calendar order and month, shared by every page: the month is kept in the
session and mirrored to the URL (`?month=2026-10-01`)."""

from __future__ import annotations

import streamlit as st

from dashboards import fmt
from dashboards.data import NoSnapshot, reference, snapshot_version
from dashboards.i18n import t
from dashboards.scope import Scope

CALENDARS = ("gregorian", "hijri")


def hijri_first() -> bool:
    return st.session_state.get("calendar") == "hijri"


def month_picker(scope: Scope) -> None:
    """The calendar order and the month (nothing when no snapshot or month is published)."""
    if snapshot_version() is None:
        return
    try:
        months = reference.months(scope)
    except NoSnapshot:
        return
    with st.sidebar:
        # labels are resolved now: a format_func must not read the session later
        calendars = {code: t(f"calendar_{code}") for code in CALENDARS}
        st.radio(
            t("calendar_first"),
            options=list(CALENDARS),
            format_func=calendars.__getitem__,
            key="calendar",
            horizontal=True,
        )
        if months.empty:
            return
        labels = {
            row["month"]: fmt.month_label(row, hijri_first=hijri_first())
            for row in months.to_dict("records")
        }
        wanted = st.query_params.get("month")
        # a link that changed ?month= (a drill-down link, the back button) moves the month; the
        # URL only ever differs from what the last run wrote when something outside changed it
        followed = wanted in labels and wanted != st.session_state.get("_url_month", wanted)
        if st.session_state.get("month") not in labels or followed:
            st.session_state["month"] = wanted if wanted in labels else next(iter(labels))
        st.selectbox(t("month"), options=list(labels), format_func=labels.__getitem__, key="month")
        st.query_params["month"] = st.session_state["month"]
        st.session_state["_url_month"] = st.session_state["month"]
        st.caption(t("sidebar_note"))
