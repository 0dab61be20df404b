"""Responsiveness: SLA attainment by channel and category, backlog ageing, volumes over time."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import SKY, VERMILLION
from dashboards.data import operations
from dashboards.i18n import is_rtl, name_column, t
from dashboards.pillar_view import kpi_cards, kpi_trend, label_age_buckets, unit_picker
from dashboards.shell.context import context

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "responsiveness")
with title_slot:
    ui.header(t("page_responsiveness_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "responsiveness")
targets = kpis.set_index("kpi_code")["target"]
amber = 0.9
hours = t("unit_hours_short")


def target_of(code: str) -> float | None:
    value = targets.get(code)
    return None if fmt.missing(value) else float(value)


left, right = st.columns(2)
with left:
    channels = operations.sla_by_channel(ctx.scope, unit.region, ctx.month, unit.secretariat)
    channels = channels[channels["received"] > 0]
    if channels.empty:
        ui.empty(t("no_tickets_received", month=ctx.month_primary))
    else:
        channels = channels.assign(
            label=channels[name_column("name")]
            + channels["sla_hours"].map(lambda h: f" ({h:g} {hours})"),
            text=[
                f"{fmt.percent(s)} · {fmt.number(n)}"
                for s, n in zip(channels["share_within_sla"], channels["received"], strict=True)
            ],
        )
        ui.chart(
            charts.share_bars(
                channels,
                label="label",
                share="share_within_sla",
                text="text",
                heading=t("sla_channel_title"),
                subtitle=t("sla_channel_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("share_within_sla"),
                target=target_of("CMP_FIRST_RESPONSE_SLA"),
                target_label=t("col_target"),
                amber_ratio=amber,
                rtl=is_rtl(),
            ),
            key="sla-channel",
        )
        ui.downloads(
            channels,
            name=f"sla-channel-{ctx.month[:7]}",
            key="sla-channel",
            columns={
                "channel": t("col_code"),
                name_column("name"): t("field_channel"),
                "sla_hours": t("sla_hours"),
                "received": t("tickets_received"),
                "within_sla": t("within_sla"),
                "share_within_sla": t("share_within_sla"),
                "median_hours": t("median_hours"),
            },
        )
with right:
    categories = operations.sla_by_category(ctx.scope, unit.region, ctx.month, unit.secretariat)
    categories = categories[categories["resolved"] > 0]
    if categories.empty:
        ui.empty(t("no_tickets_resolved", month=ctx.month_primary))
    else:
        categories = categories.assign(
            label=categories[name_column("name")]
            + categories["sla_hours"].map(lambda h: f" ({h:g} {hours})"),
            text=[
                f"{fmt.percent(s)} · {fmt.number(n)}"
                for s, n in zip(categories["share_within_sla"], categories["resolved"], strict=True)
            ],
        )
        ui.chart(
            charts.share_bars(
                categories,
                label="label",
                share="share_within_sla",
                text="text",
                heading=t("sla_category_title"),
                subtitle=t("sla_category_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("share_within_sla"),
                target=target_of("CMP_RESOLVED_SLA"),
                target_label=t("col_target"),
                amber_ratio=amber,
                rtl=is_rtl(),
            ),
            key="sla-category",
        )
        ui.downloads(
            categories,
            name=f"sla-category-{ctx.month[:7]}",
            key="sla-category",
            columns={
                "category": t("col_code"),
                name_column("name"): t("field_category"),
                "sla_hours": t("sla_hours"),
                "resolved": t("tickets_resolved"),
                "within_sla": t("within_sla"),
                "share_within_sla": t("share_within_sla"),
                "median_hours": t("median_hours"),
            },
        )

left, right = st.columns(2)
with left:
    ageing = operations.backlog_ageing(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if ageing.empty:
        ui.empty(t("no_backlog", month=ctx.month_primary))
    else:
        ageing, buckets = label_age_buckets(ageing)
        ui.chart(
            charts.stacked_bars(
                ageing,
                category="bucket_label",
                stack="overdue",
                value="tickets",
                stacks=[(False, t("within_sla"), SKY), (True, t("past_sla"), VERMILLION)],
                categories=buckets,
                heading=t("backlog_title"),
                subtitle=t("backlog_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("unit_tickets"),
                rtl=is_rtl(),
            ),
            key="backlog",
        )
        ui.downloads(
            ageing,
            name=f"backlog-{ctx.month[:7]}",
            key="backlog",
            columns={
                "bucket_label": t("age_days"),
                "overdue": t("past_sla"),
                "tickets": t("unit_tickets"),
            },
        )
with right:
    kpi_trend(
        ctx,
        unit,
        kpis,
        ["CMP_FIRST_RESPONSE_SLA", "CMP_RESOLVED_SLA", "CMP_CSAT"],
        heading=t("responsiveness_trend_title"),
        key="responsiveness-trend",
    )
