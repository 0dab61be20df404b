"""Coordination: meetings by type and status, action items and directives overdue."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, ui
from dashboards.charts.base import BLUE, GREY, ORANGE, VERMILLION, YELLOW
from dashboards.data import explorer, operations
from dashboards.i18n import is_rtl, lang, plural, t
from dashboards.pillar_view import kpi_cards, kpi_trend, unit_picker
from dashboards.shell.context import context
from dashboards.viewmodels import coordination as vm
from dashboards.viewmodels.common import age_buckets, order_by_total, with_age_labels

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "coordination")
with title_slot:
    ui.header(t("page_coordination_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "coordination")

language = lang()
left, right = st.columns(2)
with left:
    ui.chart_section(
        operations.meetings_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_meetings", month=ctx.month_primary),
        key="meetings",
        label=lambda meetings: vm.meeting_bars(meetings, language),
        figure=lambda meetings: charts.stacked_bars(
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
            categories=order_by_total(meetings, "label", "meetings"),
            heading=t("meetings_title"),
            subtitle=t("meetings_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_meetings"),
            rtl=is_rtl(),
            horizontal=True,
            label_margin=130,
        ),
        download=f"meetings-{ctx.month[:7]}",
        columns=vm.meeting_columns(language),
    )
with right:
    ui.chart_section(
        operations.action_ageing(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_overdue_actions", month=ctx.month_primary),
        key="action-ageing",
        label=lambda ageing: with_age_labels(ageing, language),
        figure=lambda ageing: charts.stacked_bars(
            ageing,
            category="bucket_label",
            stack="origin",
            value="items",
            stacks=[
                ("meeting", t("origin_meeting"), ORANGE),
                ("directive", t("origin_directive"), VERMILLION),
            ],
            categories=age_buckets(language),
            heading=t("action_ageing_title"),
            subtitle=t("action_ageing_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_actions"),
            rtl=is_rtl(),
        ),
    )

st.subheader(t("overdue_actions_title"))
summary = explorer.drill_summary(
    ctx.scope, "ACT_OVERDUE_OPEN", unit.region, ctx.month, unit.secretariat
)
st.caption(
    t(
        "overdue_actions_caption",
        items=plural("n_action_items", summary["rows"]),
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
    shown = vm.overdue_table(
        overdue,
        language,
        region_label=ctx.region_label,
        secretariat_label=ctx.secretariat_label,
    )
    shown = ui.readable_dates(shown)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
    ui.downloads(
        lambda: ui.field_headers(
            operations.overdue_actions(
                ctx.scope, unit.region, ctx.month, unit.secretariat, limit=100_000
            )
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
