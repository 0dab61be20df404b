"""Charts of the operational views: shares against a target, stacked counts, plain bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.base import BLUE, layout, mirrored, value_axis, wrap
from dashboards.fmt import STATUSES


def share_bars(
    frame: pd.DataFrame,
    *,
    label: str,
    share: str,
    text: str,
    heading: str,
    subtitle: str,
    axis_title: str,
    target: float | None,
    target_label: str,
    amber_ratio: float,
    rtl: bool,
) -> go.Figure:
    """Horizontal bars of shares (0–1), coloured against the target when there is one (with
    the status icon in the text), in the page's reading direction."""

    def colour(value: float) -> str:
        if target is None or pd.isna(value):
            return BLUE
        if value >= target:
            return STATUSES["green"].colour
        return STATUSES["amber" if value >= target * amber_ratio else "red"].colour

    # the status the view-model gave each bar (its text says it by icon and word), else the
    # share against the target
    colours = (
        [BLUE if s in ("none", "grey") else STATUSES[s].colour for s in frame["status"]]
        if "status" in frame.columns
        else [colour(v) for v in frame[share]]
    )

    figure = go.Figure(
        go.Bar(
            x=frame[share].fillna(0),
            y=frame[label],
            orientation="h",
            marker={
                "color": colours,
                "line": {"color": "#333", "width": 0.5},
            },
            text=frame[text],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1%}<extra></extra>",
        )
    )
    if target is not None:
        figure.add_vline(
            x=target,
            line={"color": "#6b7680", "dash": "dot", "width": 1},
            layer="below",
            annotation_text=target_label,
            annotation_position="top",
            annotation_font={"size": 11, "color": "#4a5560"},
        )
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=max(260, 34 * len(frame) + 150),
        label_margin=200,
        top=105,
    )
    upper = 1.75  # room for the text beside a full bar: status icon and word, share, count
    figure.update_xaxes(
        **value_axis(
            vertical=False,
            rtl=rtl,
            title=axis_title,
            percent=True,
            range_=[upper, 0] if rtl else [0, upper],
        )
    )
    figure.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    return figure


def stacked_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    stack: str,
    value: str,
    stacks: list[tuple[object, str, str]],
    heading: str,
    subtitle: str,
    axis_title: str,
    rtl: bool,
    horizontal: bool = False,
    categories: list[str] | None = None,
    label_margin: int = 70,
) -> go.Figure:
    """Counts per category, stacked by `stack`; `stacks` = (stack value, name, colour) in
    stacking order. Categories keep the order given (or of the frame)."""
    order = categories or list(dict.fromkeys(frame[category]))
    figure = go.Figure()
    for code, name, colour in stacks:
        part = frame[frame[stack] == code].set_index(category)[value].reindex(order).fillna(0)
        bar = {
            "name": name,
            "marker": {"color": colour, "line": {"color": "#333", "width": 0.4}},
            "hovertemplate": "%{"
            + ("y" if horizontal else "x")
            + "}: %{"
            + ("x" if horizontal else "y")
            + ":,}<extra>"
            + name
            + "</extra>",
        }
        if horizontal:
            figure.add_trace(go.Bar(x=part.values, y=order, orientation="h", **bar))
        else:
            figure.add_trace(go.Bar(x=order, y=part.values, **bar))
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        legend=True,
        top=115,
        height=max(320, 32 * len(order) + 170) if horizontal else 380,
        label_margin=label_margin if horizontal else 70,
        bottom=60 if horizontal else 90,
    )
    figure.update_layout(barmode="stack")
    if horizontal:
        figure.update_xaxes(
            **value_axis(vertical=False, rtl=rtl, title=axis_title), **mirrored(rtl)
        )
        figure.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    else:
        figure.update_xaxes(
            type="category",
            tickangle=0,
            tickvals=order,
            ticktext=[label if "<br>" in str(label) else wrap(label, 10) for label in order],
            **mirrored(rtl),
        )
        figure.update_yaxes(
            **value_axis(rtl=rtl, title=axis_title), side="right" if rtl else "left"
        )
    return figure


def bars(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    text: str,
    heading: str,
    subtitle: str,
    axis_title: str,
    rtl: bool,
    percent: bool = False,
    label_margin: int = 160,
) -> go.Figure:
    """Plain horizontal bars, largest first, values printed beside them."""
    upper = float(frame[value].max() or 0) * 1.25 or 1.0
    figure = go.Figure(
        go.Bar(
            x=frame[value],
            y=frame[label],
            orientation="h",
            marker={"color": BLUE},
            text=frame[text],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x" + (":.1%" if percent else ":,") + "}<extra></extra>",
        )
    )
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=max(240, 32 * len(frame) + 140),
        label_margin=label_margin,
    )
    figure.update_xaxes(
        **value_axis(
            vertical=False,
            rtl=rtl,
            title=axis_title,
            percent=percent,
            range_=[upper, 0] if rtl else [0, upper],
        )
    )
    figure.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    return figure
