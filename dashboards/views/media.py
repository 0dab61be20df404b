"""Media: sentiment over time, key-message pull-through, coverage by outlet."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, fmt, ui
from dashboards.charts.base import BLUE, GREEN, GREY, ORANGE, VERMILLION, month_tick
from dashboards.data import operations, reference
from dashboards.i18n import code_label, is_rtl, name_column, t
from dashboards.pillar_view import kpi_cards, unit_picker
from dashboards.shell.context import context

ctx = context()
title_slot = st.container()
unit = unit_picker(ctx, "media")
with title_slot:
    ui.header(t("page_media_title"), ctx, subtitle=unit.name)
kpi_cards(ctx, unit, "media")

sentiment = operations.sentiment_trend(ctx.scope, unit.region, ctx.month, unit.secretariat)
if sentiment.empty:
    ui.empty(t("no_media", month=ctx.month_primary))
else:
    months = reference.months(ctx.scope).set_index("month")
    sentiment = sentiment.assign(
        x=sentiment["month"].map(
            lambda m: month_tick(fmt.western(months.loc[m, name_column("gregorian_label")]))
        )
    )
    order = list(dict.fromkeys(sentiment.sort_values("month")["x"]))
    ui.chart(
        charts.stacked_bars(
            sentiment,
            category="x",
            stack="sentiment",
            value="items",
            stacks=[
                ("positive", t("sentiment_positive"), GREEN),
                ("neutral", t("sentiment_neutral"), GREY),
                ("negative", t("sentiment_negative"), VERMILLION),
            ],
            categories=order,
            heading=t("sentiment_title"),
            subtitle=t("sentiment_subtitle", who=unit.name, date=ctx.as_of),
            axis_title=t("unit_items"),
            rtl=is_rtl(),
        ),
        key="sentiment",
    )
    ui.downloads(
        sentiment,
        name=f"sentiment-{ctx.month[:7]}",
        key="sentiment",
        columns={
            "month": t("month"),
            "sentiment": t("field_sentiment"),
            "items": t("unit_items"),
            "reach": t("field_reach"),
        },
    )

left, right = st.columns(2)
with left:
    messages = operations.key_messages(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if messages.empty:
        ui.empty(t("no_key_messages", month=ctx.month_primary))
    else:
        messages = messages.assign(
            label=messages["key_message"].map(lambda c: code_label("key_message", c)),
            text=[
                f"{fmt.percent(s)} · {fmt.number(n)}"
                for s, n in zip(messages["share"], messages["items"], strict=True)
            ],
        )
        ui.chart(
            charts.bars(
                messages,
                label="label",
                value="share",
                text="text",
                heading=t("key_messages_title"),
                subtitle=t("key_messages_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("share_of_items"),
                percent=True,
                rtl=is_rtl(),
                label_margin=90,
            ),
            key="key-messages",
        )
        ui.downloads(
            messages,
            name=f"key-messages-{ctx.month[:7]}",
            key="key-messages",
            columns={
                "key_message": t("field_key_messages"),
                "items": t("unit_items"),
                "share": t("share_of_items"),
            },
        )
with right:
    outlets = operations.coverage_by_outlet(ctx.scope, unit.region, ctx.month, unit.secretariat)
    if outlets.empty:
        ui.empty(t("no_media", month=ctx.month_primary))
    else:
        outlets = outlets.assign(
            label=outlets["outlet_type"].map(lambda c: code_label("outlet_type", c))
        )
        order = list(outlets.groupby("label")["items"].sum().sort_values(ascending=False).index)
        ui.chart(
            charts.stacked_bars(
                outlets,
                category="label",
                stack="owned_or_earned",
                value="items",
                stacks=[
                    ("earned", t("owned_or_earned_earned"), BLUE),
                    ("owned", t("owned_or_earned_owned"), ORANGE),
                ],
                categories=order,
                heading=t("outlets_title"),
                subtitle=t("outlets_subtitle", month=ctx.month_primary, date=ctx.as_of),
                axis_title=t("unit_items"),
                rtl=is_rtl(),
                horizontal=True,
                label_margin=110,
            ),
            key="outlets",
        )
        ui.downloads(
            outlets,
            name=f"outlets-{ctx.month[:7]}",
            key="outlets",
            columns={
                "label": t("field_outlet_type"),
                "owned_or_earned": t("field_owned_or_earned"),
                "items": t("unit_items"),
                "reach": t("field_reach"),
                "positive": t("sentiment_positive"),
                "negative": t("sentiment_negative"),
            },
        )
