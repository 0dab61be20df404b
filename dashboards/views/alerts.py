"""Alerts: what the rules (seed alert_rules) raised after each publish for the user's regions —
new ones first — with whom they were e-mailed to, and a button to acknowledge each (written to
the review store and the audit log). A regional user sees their own regions' alerts, a steward
those of the rules that concern stewards (missing files)."""

from __future__ import annotations

import streamlit as st

from dashboards import auth, ui
from dashboards.data import alerts
from dashboards.i18n import lang, plural, t
from dashboards.shell.context import context, local_time
from dashboards.shell.user import current_user, require_page
from dashboards.tables import Html, card, cards, esc, ltr, status_chip
from mizan.review.alerts import acknowledge

PAGE_SIZE = 60
READ_ONLY_ROLES = ("analyst",)  # analysts read every dashboard, acknowledge nothing

require_page("alerts")
ctx = context()
user = current_user()
assert user is not None  # require_page stops a run without one
ui.header(t("page_alerts_title"), ctx)
st.caption(t("alerts_caption"))

frame = alerts.raised_alerts(ctx.scope, user.role)
if frame.empty:
    ui.empty(t("alerts_none"))
    st.stop()

new = frame["acknowledged_at"].isna() & frame["cleared_at"].isna()
acknowledged = frame["acknowledged_at"].notna()
cleared = frame["cleared_at"].notna() & ~acknowledged
ui.html(
    cards(
        [
            card(t("alerts_new"), ltr(int(new.sum()))),
            card(t("alerts_acknowledged"), ltr(int(acknowledged.sum()))),
            card(t("alerts_cleared"), ltr(int(cleared.sum())), sub=t("alerts_cleared_note")),
        ]
    )
)
with st.container(key="controls-alerts"):
    show_all = st.toggle(t("alerts_show_all"), key="alerts_show_all")
shown = frame if show_all else frame[new]
if shown.empty:
    ui.empty(t("alerts_nothing_new"))


def given(value: object) -> bool:
    """A time the store holds (None, or NaN after a merge, when it holds none)."""
    return isinstance(value, str) and bool(value)


def status_of(row) -> Html:
    if given(row["acknowledged_at"]):
        return status_chip("green", "✔", t("alert_status_acknowledged"))
    if given(row["cleared_at"]):
        return status_chip("grey", "○", t("alert_status_cleared"))
    return status_chip("red", "✖", t("alert_status_new"))


language = lang()
may_acknowledge = user.role not in READ_ONLY_ROLES
for row in shown.head(PAGE_SIZE).to_dict("records"):
    with st.container(border=True, key=f"alert-{row['alert_id']}"):
        region = row.get(f"region_name_{language}") or row["region_code"]
        ui.html(
            Html(
                f"<div>{status_of(row)} <b>{esc(row[f'rule_name_{language}'])}</b> · "
                f"{esc(region)} · {ltr(str(row['month_start'])[:7])}</div>"
                f"<div>{esc(row[f'text_{language}'])}</div>"
            )
        )
        meta = [t("alert_raised_at", at=local_time(row["first_raised_at"], ctx.timezone))]
        if row["sent_to"]:
            meta.append(t("alert_sent_to", people=plural("n_recipients", int(row["sent_to"]))))
        if row["not_sent_to"]:
            meta.append(t("alert_not_sent", people=plural("n_recipients", int(row["not_sent_to"]))))
        if given(row["acknowledged_at"]):
            meta.append(
                t(
                    "alert_acknowledged_by",
                    user=row["acknowledged_by"],
                    at=local_time(row["acknowledged_at"], ctx.timezone),
                )
            )
        st.caption(" · ".join(meta))
        if (
            may_acknowledge
            and not given(row["acknowledged_at"])
            and st.button(t("alert_acknowledge"), key=f"ack-{row['alert_id']}")
        ):
            try:
                acknowledge(auth.settings(), row["alert_id"], user)
            except PermissionError:
                st.error(t("alert_out_of_scope"))
            else:
                st.rerun()
if len(shown) > PAGE_SIZE:
    st.caption(t("alerts_more", shown=PAGE_SIZE, total=len(shown)))
