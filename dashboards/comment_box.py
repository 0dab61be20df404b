"""Comments on the scorecard: the notes written on the region's KPIs for the month (why a KPI
moved, what is done, who owns the corrective action and by when), and a box to write one for
users who may (national users anywhere, regional users on their own regions). Stored in the
review store, outside the snapshot (mizan.review.comments); every save is audit-logged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import auth
from dashboards.i18n import name_column, t
from dashboards.shell.context import Context, local_time
from dashboards.shell.user import current_user
from dashboards.tables import Html, esc, ltr
from mizan.review.comments import CommentError, add_comment, comments, may_comment


def comment_box(ctx: Context, region: str, kpis: pd.DataFrame) -> None:
    """The comments block of `region`'s scorecard for the month; `kpis` names the KPIs."""
    user = current_user()
    if user is None:
        return
    settings = auth.settings()
    written = comments(
        settings,
        None if ctx.scope.unrestricted else ctx.scope.regions,
        region=region,
        month=ctx.month,
    )
    names = dict(zip(kpis["kpi_code"], kpis[name_column("name")], strict=True))
    with st.expander(f"{t('comments_title')} ({len(written)})", expanded=bool(written)):
        for note in written:
            owner = (
                t("comment_owner", owner=note["owner"], due=note["due_date"] or "—")
                if note["owner"]
                else ""
            )
            st.html(
                Html(
                    f'<div class="mz-comment" data-kpi="{esc(note["kpi_code"])}">'
                    f"<b>{esc(names.get(note['kpi_code'], note['kpi_code']))}</b>: "
                    f"{esc(note['body'])}"
                    + (f"<br><span class='mz-note'>{esc(owner)}</span>" if owner else "")
                    + f"<br><span class='mz-note'>{esc(note['author'])} · "
                    f"{ltr(local_time(note['created_at'], ctx.timezone))}</span></div>"
                )
            )
        if not may_comment(user, region):
            st.caption(t("comments_read_only"))
            return
        # the box is hidden when printing (ui: containers keyed noprint-*); the comments print
        with (
            st.container(key="noprint-comment-form"),
            st.form(key="comment-form", clear_on_submit=True),
        ):
            kpi = st.selectbox(t("comment_kpi"), list(names), format_func=names.__getitem__)
            body = st.text_area(t("comment_body"), max_chars=2000, key="comment_body")
            left, right = st.columns(2)
            owner = left.text_input(t("comment_owner_field"), max_chars=120, key="comment_owner")
            due = right.date_input(t("comment_due"), value=None, key="comment_due")
            if st.form_submit_button(t("comment_save")):
                try:
                    add_comment(
                        settings,
                        user,
                        region=region,
                        kpi=str(kpi),
                        month=ctx.month,
                        body=body,
                        owner=owner,
                        due=due,
                    )
                except CommentError as error:
                    st.error(t("comment_invalid", reason=str(error)))
                except PermissionError:
                    st.error(t("comment_refused"))
                else:
                    st.rerun()
