"""Shared figure settings: font, palette, titles with units and data-as-of, right-to-left axes.

Plotly does not mirror for right-to-left pages, so in Arabic every figure is mirrored here:
titles and legends start at the right, value axes sit on the right, category and time axes run
from right to left (the first region or the oldest month on the right), and margins leave room
on the side the labels are on (automargin does not grow the right margin for a right-side axis).
"""

from __future__ import annotations

import plotly.graph_objects as go

FONT_STACK = "'Noto Sans Arabic', 'Noto Sans', sans-serif"

# Okabe–Ito: distinguishable with the common forms of colour-blindness.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#9E9E9E"
SERIES = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK)


MODEBAR_STRIP = 42  # px above every title, where Plotly's toolbar (modebar) sits


def wrap(text: str, width: int) -> str:
    """Break a long label onto lines of about `width` characters (Plotly labels take <br>)."""
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width=width)) or str(text)


def rtl_run(text: str, rtl: bool) -> str:
    """Text Plotly draws in its left-to-right SVG, kept in right-to-left order in Arabic (a
    right-to-left isolate, U+2067…U+2069): '95%' stays after 'حدود', a region's name before
    its words."""
    return f"\u2067{text}\u2069" if rtl else text


def title(text: str, subtitle: str, *, rtl: bool, height: int = 400) -> dict:
    return {
        "text": f"<b>{text}</b>",
        "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#4a5560"}},
        "x": 0.99 if rtl else 0.01,
        "xanchor": "right" if rtl else "left",
        "xref": "container",
        # below a strip at the top kept for Plotly's toolbar (the modebar), which would cover it
        "y": 1 - MODEBAR_STRIP / height,
        "yanchor": "top",
        "yref": "container",
        "font": {"size": 16},
    }


ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_tick(label: str) -> str:
    """'أكتوبر 2026' → 'أكتوبر<br>2026', 'September 2026' → 'Sep<br>2026': month axes stay
    legible with one short word per line (English month names, twice as wide as the Arabic
    ones, collide on a narrow chart otherwise)."""
    head, _, year = str(label).rpartition(" ")
    if head in ENGLISH_MONTHS:
        head = head[:3]
    return f"{head}<br>{year}" if head else str(label)


def layout(
    figure: go.Figure,
    *,
    heading: str,
    subtitle: str,
    rtl: bool,
    height: int,
    label_margin: int = 60,
    top: int = 90,
    bottom: int = 50,
    legend: bool = False,
) -> go.Figure:
    """Title, font, mirrored margins and legend. `label_margin` is the room for the category
    labels, on the right in Arabic."""
    figure.update_layout(
        title=title(heading, subtitle, rtl=rtl, height=height),
        font={"family": FONT_STACK, "size": 13, "color": "#1f2a33"},
        height=height,
        margin={
            "l": 30 if rtl else label_margin,
            "r": label_margin if rtl else 30,
            "t": top + MODEBAR_STRIP,
            "b": bottom,
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={
            "orientation": "h",
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
            "font": {"size": 12},
        },
        hoverlabel={"font": {"family": FONT_STACK}, "align": "right" if rtl else "left"},
        separators=".,",
    )
    return figure


def value_axis(
    *,
    rtl: bool,
    title: str,
    percent: bool = False,
    range_: list | None = None,
    vertical: bool = True,
) -> dict:
    axis = {
        # A right-hand axis title overlaps its tick labels (Plotly's automargin does not grow the
        # right margin): in Arabic the unit is in the chart's subtitle only.
        "title": {"text": "" if rtl and vertical else title},
        "gridcolor": "#e6e9ed",
        "zerolinecolor": "#c9d0d8",
        "tickformat": ".0%" if percent else ",",
        "automargin": True,
        "title_standoff": 8,
    }
    if range_ is not None:
        axis["range"] = range_
    return axis


def sparse_ticks(labels, most: int = 6) -> dict:
    """Tick values for a category axis of months: at most `most` labels, the newest included."""
    values = list(dict.fromkeys(labels))
    if len(values) <= most:
        return {}
    step = -(-len(values) // most)
    shown = values[::-1][::step][::-1]
    return {"tickmode": "array", "tickvals": shown, "ticktext": shown}


def mirrored(rtl: bool) -> dict:
    """Axis settings that run right to left in Arabic."""
    return {"autorange": "reversed"} if rtl else {}
