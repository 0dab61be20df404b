"""Media: sentiment over time, key-message pull-through, coverage by outlet."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, ui
from dashboards.charts.base import BLUE, GREEN, GREY, ORANGE, VERMILLION
from dashboards.data import operations, reference
from dashboards.i18n import is_rtl, lang, t
from dashboards.pillar_view import kpi_cards, unit_picker
from dashboards.shell.context import context
from dashboards.viewmodels import media as vm
from dashboards.viewmodels.common import order_by_total

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "media")
with title_slot:
    ui.header(t("page_media_title"), ctx, subtitle=unit.name)
kpi_cards(ctx, unit, "media")
language = lang()

ui.chart_section(
    operations.sentiment_trend(ctx.scope, unit.region, ctx.month, unit.secretariat),
    when_empty=t("no_media", month=ctx.month_primary),
    key="sentiment",
    label=lambda sentiment: vm.sentiment_months(sentiment, reference.months(ctx.scope), language),
    figure=lambda sentiment: charts.stacked_bars(
        sentiment,
        category="x",
        stack="sentiment",
        value="items",
        stacks=[
            ("positive", t("sentiment_positive"), GREEN),
            ("neutral", t("sentiment_neutral"), GREY),
            ("negative", t("sentiment_negative"), VERMILLION),
        ],
        categories=vm.month_order(sentiment),
        heading=t("sentiment_title"),
        subtitle=t("sentiment_subtitle", who=unit.name, date=ctx.as_of),
        axis_title=t("unit_items"),
        rtl=is_rtl(),
    ),
    download=f"sentiment-{ctx.month[:7]}",
    columns=vm.sentiment_columns(language),
)

left, right = st.columns(2)
with left:
    ui.chart_section(
        operations.key_messages(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_key_messages", month=ctx.month_primary),
        key="key-messages",
        label=lambda messages: vm.key_message_bars(messages, language, ctx.key_messages),
        figure=lambda messages: charts.bars(
            messages,
            label="axis_label",
            value="share",
            text="text",
            heading=t("key_messages_title"),
            subtitle=t("key_messages_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("share_of_items"),
            percent=True,
            rtl=is_rtl(),
            label_margin=175,
        ),
        download=f"key-messages-{ctx.month[:7]}",
        columns=vm.key_message_columns(language),
    )
with right:
    ui.chart_section(
        operations.coverage_by_outlet(ctx.scope, unit.region, ctx.month, unit.secretariat),
        when_empty=t("no_media", month=ctx.month_primary),
        key="outlets",
        label=lambda outlets: vm.outlet_bars(outlets, language),
        figure=lambda outlets: charts.stacked_bars(
            outlets,
            category="label",
            stack="owned_or_earned",
            value="items",
            stacks=[
                ("earned", t("owned_or_earned_earned"), BLUE),
                ("owned", t("owned_or_earned_owned"), ORANGE),
            ],
            categories=order_by_total(outlets, "label", "items"),
            heading=t("outlets_title"),
            subtitle=t("outlets_subtitle", month=ctx.month_primary, date=ctx.as_of),
            axis_title=t("unit_items"),
            rtl=is_rtl(),
            horizontal=True,
            label_margin=110,
        ),
        download=f"outlets-{ctx.month[:7]}",
        columns=vm.outlet_columns(language),
    )
