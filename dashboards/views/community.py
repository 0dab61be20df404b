"""Community: initiatives and events by type, partners by type, beneficiaries and budget."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import BLUE, SKY
from dashboards.data import operations
from dashboards.i18n import is_rtl, lang, t
from dashboards.pillar_view import kpi_cards, kpi_trend, unit_picker
from dashboards.shell.context import context
from dashboards.tables import Col, table
from dashboards.viewmodels import community as vm

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "community")
with title_slot:
    ui.header(t("page_community_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "community")

language = lang()
initiatives = operations.initiatives_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat)
left, right = st.columns(2)
with left:
    ui.chart_section(
        initiatives,
        when_empty=t("no_initiatives", month=ctx.month_primary),
        key="initiatives",
        label=lambda frame: vm.initiative_states(frame, language),
        figure=lambda states: charts.stacked_bars(
            states,
            category="label",
            stack="state",
            value="count",
            stacks=[
                ("completed", t("initiatives_completed"), BLUE),
                ("still_running", t("initiatives_running"), SKY),
            ],
            categories=list(dict.fromkeys(states["label"])),
            heading=t("initiatives_title"),
            subtitle=t("initiatives_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_initiatives"),
            rtl=is_rtl(),
            horizontal=True,
            label_margin=130,
        ),
    )
with right:
    ui.chart_section(
        operations.partners_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_partners", month=ctx.month_primary),
        key="partners",
        label=lambda partners: vm.partner_bars(partners, language),
        figure=lambda partners: charts.bars(
            partners,
            label="label",
            value="partners",
            text="text",
            heading=t("partners_title"),
            subtitle=t("partners_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_partners"),
            rtl=is_rtl(),
            label_margin=110,
        ),
        download=f"partners-{ctx.month[:7]}",
        columns=vm.partner_columns(language),
    )

if not initiatives.empty:
    st.subheader(t("initiatives_table_title"))
    columns = [
        Col(t("field_initiative_type")),
        Col(t("initiatives_completed"), "num"),
        Col(t("on_time"), "num"),
        Col(t("initiatives_running_all"), "num"),
        Col(t("field_beneficiaries"), "num"),
        Col(t("field_attendees"), "num"),
        Col(t("field_budget_planned"), "num"),
        Col(t("field_budget_spent"), "num"),
        Col(t("budget_execution"), "num"),
    ]
    ui.html(
        table(
            columns,
            vm.initiative_table_rows(initiatives, language),
            table_id="initiatives-table",
            caption=t("currency_note", currency=fmt.unit_label("currency", currency=ctx.currency)),
        )
    )
    if vm.over_budget(initiatives):
        st.caption(t("budget_over_note"))
    ui.downloads(
        initiatives,
        name=f"initiatives-{ctx.month[:7]}",
        key="initiatives",
        columns=vm.initiative_columns(language),
    )

kpi_trend(
    ctx, unit, kpis, ["INI_ON_TIME"], heading=t("community_trend_title"), key="community-trend"
)
