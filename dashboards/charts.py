"""Plotly figures, one small function per chart: a frame and a language in, a figure out.

Plotly does not mirror for right-to-left pages, so category order and axis sides are set here
deliberately: in Arabic the value axis sits on the right and the largest bar reads first.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.shell import FONT_STACK

# Okabe–Ito: distinguishable by readers with the common forms of colour-blindness.
BLUE = "#0072B2"


def region_bar(
    frame: pd.DataFrame, *, value: str, label: str, title: str, axis_title: str, rtl: bool
) -> go.Figure:
    ordered = frame.sort_values(value, ascending=True)
    fig = go.Figure(
        go.Bar(
            x=ordered[value],
            y=ordered[label],
            orientation="h",
            marker_color=BLUE,
            text=ordered[value].map(lambda v: f"{v:,.0f}"),
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        title={"text": title, "x": 1.0 if rtl else 0.0, "xanchor": "right" if rtl else "left"},
        font={"family": FONT_STACK, "size": 14},
        height=max(360, 26 * len(ordered) + 120),
        # Region names sit on the right in Arabic: leave them room there (automargin alone
        # does not grow the right margin when the axis is mirrored).
        margin={"l": 170 if not rtl else 40, "r": 170 if rtl else 40, "t": 60, "b": 50},
        xaxis={"title": axis_title, "autorange": "reversed" if rtl else True},
        yaxis={"side": "right" if rtl else "left", "automargin": True},
        plot_bgcolor="white",
    )
    return fig
