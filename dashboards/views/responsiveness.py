"""Responsiveness: SLA attainment by channel and category, backlog ageing, volumes over time."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import SKY, VERMILLION
from dashboards.data import operations
from dashboards.i18n import is_rtl, lang, t
from dashboards.pillar_view import kpi_cards, kpi_trend, unit_picker
from dashboards.shell.context import context
from dashboards.viewmodels import responsiveness as vm
from dashboards.viewmodels.common import age_buckets, with_age_labels

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "responsiveness")
with title_slot:
    ui.header(t("page_responsiveness_title"), ctx, subtitle=unit.name)
kpis = kpi_cards(ctx, unit, "responsiveness")
targets = kpis.set_index("kpi_code")["target"]
language = lang()


def target_of(code: str) -> float | None:
    value = targets.get(code)
    return None if fmt.missing(value) else float(value)


def sla_section(kind: str, empty_key: str, target_code: str) -> None:
    """SLA attainment by channel or category, against the KPI's target."""
    frame = getattr(operations, f"sla_by_{kind}")(
        ctx.scope, unit.region, ctx.month, unit.secretariat
    )
    ui.chart_section(
        vm.sla_rows(frame, kind),
        when_empty=t(empty_key, month=ctx.month_primary),
        key=f"sla-{kind}",
        label=lambda rows: vm.sla_bars(
            rows, kind, language, target=target_of(target_code), amber_ratio=0.9
        ),
        figure=lambda bars: charts.share_bars(
            bars,
            label="label",
            share="share_within_sla",
            text="text",
            heading=t(f"sla_{kind}_title"),
            subtitle=t(f"sla_{kind}_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("share_within_sla"),
            target=target_of(target_code),
            target_label=t("col_target"),
            amber_ratio=0.9,
            rtl=is_rtl(),
        ),
        download=f"sla-{kind}-{ctx.month[:7]}",
        columns=vm.sla_columns(kind, language),
    )


left, right = st.columns(2)
with left:
    sla_section("channel", "no_tickets_received", "CMP_FIRST_RESPONSE_SLA")
with right:
    sla_section("category", "no_tickets_resolved", "CMP_RESOLVED_SLA")

left, right = st.columns(2)
with left:
    ui.chart_section(
        operations.backlog_ageing(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_backlog", month=ctx.month_primary),
        key="backlog",
        label=lambda ageing: with_age_labels(ageing, language),
        figure=lambda ageing: charts.stacked_bars(
            ageing,
            category="bucket_label",
            stack="overdue",
            value="tickets",
            stacks=[(False, t("within_sla"), SKY), (True, t("past_sla"), VERMILLION)],
            categories=age_buckets(language),
            heading=t("backlog_title"),
            subtitle=t("backlog_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_tickets"),
            rtl=is_rtl(),
        ),
        download=f"backlog-{ctx.month[:7]}",
        columns=vm.backlog_columns(language),
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
