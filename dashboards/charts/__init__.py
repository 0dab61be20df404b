"""Plotly figures, one small function per chart: a frame and the page's strings in, a figure
out. No queries here; every figure is titled, with units and data-as-of in its subtitle."""

from dashboards.charts.base import FONT_STACK
from dashboards.charts.operations import bars, share_bars, stacked_bars
from dashboards.charts.scores import (
    composite_trend,
    funnel_plot,
    kpi_lines,
    score_bars,
    status_heatmap,
)

__all__ = [
    "FONT_STACK",
    "bars",
    "composite_trend",
    "funnel_plot",
    "kpi_lines",
    "score_bars",
    "share_bars",
    "stacked_bars",
    "status_heatmap",
]
