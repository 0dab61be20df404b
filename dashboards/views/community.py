"""Community: initiatives and events by type, partners by type, beneficiaries and budget."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import BLUE, SKY
from dashboards.data import operations
from dashboards.i18n import code_label, is_rtl, t
from dashboards.pillar_view import kpi_cards, kpi_trend, unit_picker
from dashboards.shell.context import context
from dashboards.tables import Col, ltr, table

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "community")
with title_slot:
    ui.header(t("page_community_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "community")

initiatives = operations.initiatives_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat)
left, right = st.columns(2)
with left:
    if initiatives.empty:
        ui.empty(t("no_initiatives", month=ctx.month_primary))
    else:
        by_type = initiatives.assign(
            label=initiatives["initiative_type"].map(lambda c: code_label("initiative_type", c)),
            still_running=initiatives["running"]
            - initiatives["completed"].clip(upper=initiatives["running"]),
        )
        long = by_type.melt(
            id_vars=["label"],
            value_vars=["completed", "still_running"],
            var_name="state",
            value_name="count",
        )
        ui.chart(
            charts.stacked_bars(
                long,
                category="label",
                stack="state",
                value="count",
                stacks=[
                    ("completed", t("initiatives_completed"), BLUE),
                    ("still_running", t("initiatives_running"), SKY),
                ],
                categories=list(by_type["label"]),
                heading=t("initiatives_title"),
                subtitle=t("initiatives_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("unit_initiatives"),
                rtl=is_rtl(),
                horizontal=True,
                label_margin=130,
            ),
            key="initiatives",
        )
with right:
    partners = operations.partners_by_type(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if partners.empty:
        ui.empty(t("no_partners", month=ctx.month_primary))
    else:
        partners = partners.assign(
            label=partners["partner_type"].map(lambda c: code_label("partner_type", c)),
            text=partners["partners"].map(fmt.number),
        )
        ui.chart(
            charts.bars(
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
            key="partners",
        )
        ui.downloads(
            partners,
            name=f"partners-{ctx.month[:7]}",
            key="partners",
            columns={
                "label": t("field_partner_type"),
                "partners": t("unit_partners"),
                "initiatives": t("unit_initiatives"),
            },
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
    rows = [
        [
            code_label("initiative_type", row["initiative_type"]),
            ltr(fmt.number(row["completed"])),
            ltr(fmt.percent(row["on_time"] / row["completed"]) if row["completed"] else fmt.DASH),
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
    ui.html(
        table(
            columns,
            rows,
            table_id="initiatives-table",
            caption=t("currency_note", currency=fmt.unit_label("currency", currency=ctx.currency)),
        )
    )
    ui.downloads(
        initiatives,
        name=f"initiatives-{ctx.month[:7]}",
        key="initiatives",
        columns={
            "initiative_type": t("field_initiative_type"),
            "completed": t("initiatives_completed"),
            "on_time": t("on_time"),
            "running": t("initiatives_running_all"),
            "beneficiaries": t("field_beneficiaries"),
            "attendees": t("field_attendees"),
            "budget_planned": t("field_budget_planned"),
            "budget_spent": t("field_budget_spent"),
        },
    )

kpi_trend(
    ctx, unit, kpis, ["INI_ON_TIME"], heading=t("community_trend_title"), key="community-trend"
)
