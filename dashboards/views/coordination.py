"""Coordination: meetings by type and status, action items and directives overdue."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import BLUE, GREY, ORANGE, VERMILLION, YELLOW
from dashboards.data import explorer, operations
from dashboards.i18n import code_label, is_rtl, name_column, t
from dashboards.pillar_view import kpi_cards, kpi_trend, label_age_buckets, unit_picker
from dashboards.shell.context import context

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "coordination")
with title_slot:
    ui.header(t("page_coordination_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "coordination")

left, right = st.columns(2)
with left:
    meetings = operations.meetings_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if meetings.empty:
        ui.empty(t("no_meetings", month=ctx.month_primary))
    else:
        meetings = meetings.assign(
            label=meetings["meeting_type"].map(lambda c: code_label("meeting_type", c))
        )
        order = list(meetings.groupby("label")["meetings"].sum().sort_values(ascending=False).index)
        ui.chart(
            charts.stacked_bars(
                meetings,
                category="label",
                stack="status",
                value="meetings",
                stacks=[
                    ("held", t("status_held"), BLUE),
                    ("planned", t("status_planned"), YELLOW),
                    ("postponed", t("status_postponed"), ORANGE),
                    ("cancelled", t("status_cancelled"), GREY),
                ],
                categories=order,
                heading=t("meetings_title"),
                subtitle=t("meetings_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("unit_meetings"),
                rtl=is_rtl(),
                horizontal=True,
                label_margin=130,
            ),
            key="meetings",
        )
        ui.downloads(
            meetings,
            name=f"meetings-{ctx.month[:7]}",
            key="meetings",
            columns={
                "label": t("field_meeting_type"),
                "status": t("field_status"),
                "meetings": t("unit_meetings"),
                "attended": t("field_attended"),
                "decisions": t("field_decisions"),
            },
        )
with right:
    ageing = operations.action_ageing(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if ageing.empty:
        ui.empty(t("no_overdue_actions", month=ctx.month_primary))
    else:
        ageing, buckets = label_age_buckets(ageing)
        ui.chart(
            charts.stacked_bars(
                ageing,
                category="bucket_label",
                stack="origin",
                value="items",
                stacks=[
                    ("meeting", t("origin_meeting"), ORANGE),
                    ("directive", t("origin_directive"), VERMILLION),
                ],
                categories=buckets,
                heading=t("action_ageing_title"),
                subtitle=t("action_ageing_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("unit_actions"),
                rtl=is_rtl(),
            ),
            key="action-ageing",
        )

st.subheader(t("overdue_actions_title"))
summary = explorer.drill_summary(
    ctx.scope, "ACT_OVERDUE_OPEN", unit.region, ctx.month, unit.secretariat
)
st.caption(
    t(
        "overdue_actions_caption",
        count=fmt.isolate(fmt.number(summary["rows"])),
        month=ctx.month_primary,
    )
)
if summary["rows"] == 0:
    ui.empty(t("no_overdue_actions", month=ctx.month_primary))
else:
    pages = max(1, -(-summary["rows"] // 50))
    page_number = 1
    if pages > 1:
        page_number = ui.page_picker("controls-coordination-page").number_input(
            t("page_of", pages=pages),
            min_value=1,
            max_value=pages,
            value=1,
            step=1,
            key="overdue_page",
        )
    overdue = operations.overdue_actions(
        ctx.scope, unit.region, ctx.month, unit.secretariat, offset=(int(page_number) - 1) * 50
    )
    shown = overdue.assign(
        region=overdue[name_column("region_name")],
        secretariat=overdue[name_column("secretariat_name")],
        origin=overdue["origin"].map(lambda c: code_label("origin", c)),
        status=overdue["status"].map(lambda c: code_label("status", c)),
    )[
        [
            "action_id",
            "origin",
            "title",
            "status",
            "issued_date",
            "due_date",
            "days_overdue",
            "region",
            "secretariat",
        ]
    ]
    shown = shown.rename(
        columns={
            "region": ctx.region_label,
            "secretariat": ctx.secretariat_label,
            "days_overdue": t("days_overdue"),
        }
    ).rename(columns=lambda c: code_label("field", c))
    shown = ui.readable_dates(shown)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
    ui.downloads(
        lambda: operations.overdue_actions(
            ctx.scope, unit.region, ctx.month, unit.secretariat, limit=100_000
        ),
        name=f"overdue-actions-{ctx.month[:7]}",
        key="overdue-actions",
    )

kpi_trend(
    ctx,
    unit,
    kpis,
    ["ACT_ON_TIME", "DIR_ON_TIME", "MTG_PLAN_ADHERENCE"],
    heading=t("coordination_trend_title"),
    key="coordination-trend",
)
