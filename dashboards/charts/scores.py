"""Charts of scores: the status heatmap, composite trends, pillar scores, one KPI over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import scoring
from dashboards.charts.base import (
    BLUE,
    GREY,
    SERIES,
    layout,
    mirrored,
    rtl_run,
    sparse_ticks,
    value_axis,
)
from dashboards.fmt import STATUSES

# Heatmap cells: Okabe–Ito status colours lightened halfway to white so that the value and icon
# printed in each cell stay readable; the icon carries the status too.
CELL_COLOURS = {
    "none": "#FFFFFF",
    "grey": "#E3E3E3",
    "red": "#EAAE80",
    "amber": "#F2CF80",
    "green": "#80CEB9",
    # not reported and small samples: no RAG colour (white, like no status), said in the cell
    "not_reported": "#FFFFFF",
    "small_sample": "#FFFFFF",
}
STATUS_ORDER = ("none", "grey", "red", "amber", "green", "not_reported", "small_sample")


def status_heatmap(
    cells: pd.DataFrame,
    *,
    rows: list[str],
    columns: list[str],
    heading: str,
    subtitle: str,
    rtl: bool,
    row_margin: int = 250,
) -> go.Figure:
    """A grid coloured by status with the value (and status icon) in each cell.

    `cells`: row, column (labels as in `rows`/`columns`), status (green/amber/red/grey or
    none), text (shown in the cell) and hover (shown on hover); optionally link (the drill-down
    a click on the cell opens, `dashboards.links`, followed by the shell's script)."""
    index = {code: i for i, code in enumerate(STATUS_ORDER)}
    z = [[None] * len(columns) for _ in rows]
    text = [[""] * len(columns) for _ in rows]
    hover = [[["", ""] for _ in columns] for _ in rows]
    row_at = {label: i for i, label in enumerate(rows)}
    col_at = {label: j for j, label in enumerate(columns)}
    for cell in cells.itertuples(index=False):
        i, j = row_at.get(cell.row), col_at.get(cell.column)
        if i is None or j is None:
            continue
        z[i][j] = index.get(cell.status or "none", 0)
        text[i][j] = cell.text
        hover[i][j] = [cell.hover, getattr(cell, "link", "")]
    steps = len(STATUS_ORDER)
    colorscale = []
    for k, code in enumerate(STATUS_ORDER):
        colorscale += [[k / steps, CELL_COLOURS[code]], [(k + 1) / steps, CELL_COLOURS[code]]]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            text=text,
            customdata=hover,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertemplate="%{customdata[0]}<extra></extra>",
            colorscale=colorscale,
            zmin=-0.5,
            zmax=steps - 0.5,
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=max(320, 26 * len(rows) + 190),
        label_margin=row_margin,
        top=150,
        bottom=20,
    )
    figure.update_xaxes(side="top", tickangle=0, tickfont={"size": 11}, **mirrored(rtl))
    figure.update_yaxes(
        autorange="reversed", side="right" if rtl else "left", tickfont={"size": 11}
    )
    return figure


def composite_trend(
    frame: pd.DataFrame,
    *,
    x: str,
    series: list[tuple[str, str]],
    heading: str,
    subtitle: str,
    axis_title: str,
    target_label: str,
    amber_label: str,
    rtl: bool,
) -> go.Figure:
    """Composite scores by month: one line per (column, name) in `series`, with the bands at
    which a score turns green and amber."""
    figure = go.Figure()
    for k, (column, name) in enumerate(series):
        figure.add_trace(
            go.Scatter(
                x=frame[x],
                y=frame[column],
                name=name,
                mode="lines+markers",
                line={
                    "color": SERIES[k % len(SERIES)],
                    "width": 3 if k == 0 else 2,
                    "dash": "solid" if k == 0 else "dot",
                },
                marker={"size": 6 if k == 0 else 4},
                connectgaps=False,
                hovertemplate="%{x}: %{y:.1f}<extra>" + name + "</extra>",
            )
        )
    for level, label, colour in (
        (scoring.GREEN_FROM, target_label, STATUSES["green"].colour),
        (scoring.AMBER_FROM, amber_label, STATUSES["amber"].colour),
    ):
        # the bands are named in the legend (a line annotation would sit on the data)
        figure.add_trace(
            go.Scatter(
                x=[frame[x].iloc[0], frame[x].iloc[-1]] if len(frame) else [],
                y=[level, level],
                name=label,
                mode="lines",
                line={"color": colour, "dash": "dash", "width": 1},
                hoverinfo="skip",
            )
        )
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=360,
        label_margin=60,
        legend=True,
        top=110,
    )
    figure.update_xaxes(type="category", **mirrored(rtl), tickangle=0, **sparse_ticks(frame[x]))
    figure.update_yaxes(
        **value_axis(rtl=rtl, title=axis_title, range_=[0, 100]), side="right" if rtl else "left"
    )
    return figure


def score_bars(
    frame: pd.DataFrame,
    *,
    label: str,
    score: str,
    status: str,
    text: str,
    heading: str,
    subtitle: str,
    axis_title: str,
    rtl: bool,
) -> go.Figure:
    """Horizontal bars of scores 0–100 coloured by status, with icon and score as text."""
    colours = [STATUSES.get(s, STATUSES["grey"]).colour for s in frame[status]]
    figure = go.Figure(
        go.Bar(
            x=frame[score].fillna(0),
            y=frame[label],
            orientation="h",
            marker={"color": colours, "line": {"color": "#333", "width": 0.5}},
            text=frame[text],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    figure.add_vline(x=scoring.GREEN_FROM, line={"color": GREY, "dash": "dash", "width": 1})
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=max(240, 46 * len(frame) + 140),
        label_margin=120,
    )
    figure.update_xaxes(
        **value_axis(
            vertical=False, rtl=rtl, title=axis_title, range_=[115, 0] if rtl else [0, 115]
        )
    )
    figure.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    return figure


def kpi_lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    heading: str,
    subtitle: str,
    axis_title: str,
    percent: bool,
    target: float | pd.Series | None,
    target_label: str,
    rtl: bool,
    flag: str | None = None,
) -> go.Figure:
    """One KPI over time, one line per series (region), with its target when it has one: a
    constant target as a line across the chart, a phased one (a Series: x → target) as a dashed
    step line that follows it month by month. A value missing (no data, not reported) is a gap,
    never 0; where the `flag` column says 'small_sample' the point is an open circle."""
    figure = go.Figure()
    for k, (name, part) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y],
                name=str(name),
                mode="lines+markers",
                line={"color": SERIES[k % len(SERIES)], "width": 2.5 if k == 0 else 2},
                marker={
                    "size": 5
                    if flag is None
                    else [7 if f == "small_sample" else 5 for f in part[flag]],
                    "symbol": "circle"
                    if flag is None
                    else ["circle-open" if f == "small_sample" else "circle" for f in part[flag]],
                },
                connectgaps=False,
                hovertemplate="%{x}: %{y"
                + (":.1%" if percent else ":,.2f")
                + "}<extra>"
                + str(name)
                + "</extra>",
            )
        )
    if isinstance(target, pd.Series):
        phased = target.dropna()
        if phased.nunique() == 1:
            target = float(phased.iloc[0])
        elif not phased.empty:
            figure.add_trace(
                go.Scatter(
                    x=list(phased.index),
                    y=list(phased.values),
                    name=target_label,
                    mode="lines",
                    line={"color": BLUE, "dash": "dash", "width": 1.5, "shape": "hv"},
                    hovertemplate="%{x}: %{y"
                    + (":.1%" if percent else ":,.2f")
                    + "}<extra>"
                    + target_label
                    + "</extra>",
                )
            )
            target = None
        else:
            target = None
    if target is not None:
        figure.add_hline(
            y=target,
            line={"color": BLUE, "dash": "dash", "width": 1},
            annotation_text=target_label,
            annotation_position="top left" if rtl else "top right",
            annotation_font={"size": 11, "color": "#4a5560"},
        )
    layout(
        figure,
        heading=heading,
        subtitle=subtitle,
        rtl=rtl,
        height=380,
        label_margin=70,
        legend=True,
        top=110,
    )
    months = list(dict.fromkeys(frame[x]))  # callers pass the frame sorted by month
    figure.update_xaxes(
        type="category",
        tickangle=0,
        categoryorder="array",
        categoryarray=months,
        **mirrored(rtl),
        **sparse_ticks(months),
    )
    figure.update_yaxes(
        **value_axis(rtl=rtl, title=axis_title, percent=percent),
        side="right" if rtl else "left",
        rangemode="tozero",
    )
    return figure


def funnel_plot(
    curves: pd.DataFrame,
    points: pd.DataFrame,
    *,
    rate: float,
    heading: str,
    subtitle: str,
    axis_title: str,
    x_title: str,
    names: dict[str, str],
    rtl: bool,
) -> go.Figure:
    """A funnel plot (Spiegelhalter 2005): each region's share against its denominator, the
    organisation's rate across, and the 95 % and 99.8 % control limits narrowing as the
    denominator grows. `curves`: n and lower/upper_95/998 (viewmodels.explorer.funnel_curves);
    `points`: label, n, value, outside, small_sample, words, hover. A region outside the 95 %
    limits is named beside its point with where it lies in words; one inside is not named.
    `names`: rate, limits_95, limits_998, inside, outside, small_sample (legend entries)."""
    names = {key: rtl_run(name, rtl) for key, name in names.items()}
    figure = go.Figure()
    for key, dash, width in (("998", "dot", 1.5), ("95", "dash", 1.5)):
        for side in ("upper", "lower"):
            figure.add_trace(
                go.Scatter(
                    x=curves["n"].tolist(),
                    y=curves[f"{side}_{key}"].tolist(),
                    mode="lines",
                    name=names[f"limits_{key}"],
                    legendgroup=key,
                    showlegend=side == "upper",
                    line={
                        "color": GREY if key == "998" else "#5b6670",
                        "dash": dash,
                        "width": width,
                    },
                    hoverinfo="skip",
                )
            )
    figure.add_trace(
        go.Scatter(
            x=[float(curves["n"].min()), float(curves["n"].max())],
            y=[rate, rate],
            mode="lines",
            name=names["rate"],
            line={"color": BLUE, "width": 1.5},
            hoverinfo="skip",
        )
    )
    inside = points[~points["outside"]]
    outside = points[points["outside"]]
    for part, name, colour, symbol in (
        (inside, names["inside"], "#7f8b96", "circle"),
        (outside, names["outside"], STATUSES["red"].colour, "diamond"),
    ):
        if part.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=part["n"].tolist(),
                y=part["value"].tolist(),
                mode="markers+text" if part is outside else "markers",
                name=name,
                # the region's name above its point (where it lies: the list under the chart)
                text=[
                    rtl_run(f"{'▲' if p.endswith('above') else '▼'} {label}", rtl)
                    for label, p in zip(part["label"], part["position"], strict=True)
                ]
                if part is outside
                else None,
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "color": colour,
                    "size": 11 if part is outside else 8,
                    "symbol": [
                        f"{symbol}-open" if small else symbol for small in part["small_sample"]
                    ],
                    "line": {"color": "#1f2a33", "width": 0.6},
                },
                customdata=part["hover"].tolist(),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    layout(
        figure,
        heading=heading,
        subtitle=rtl_run(subtitle, rtl),
        rtl=rtl,
        height=520,
        label_margin=70,
        legend=True,
        top=60,
        bottom=170,
    )
    # five entries: below the axis, where wrapping onto several lines on a phone covers nothing
    figure.update_layout(legend={"y": -0.2, "yanchor": "top"})
    largest = float(curves["n"].max())
    ticks = [
        v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000) if v <= largest
    ]
    figure.update_xaxes(
        type="log",
        title={"text": rtl_run(x_title, rtl)},
        tickmode="array",
        tickvals=ticks,
        ticktext=[f"{v:,}" for v in ticks],
        gridcolor="#e6e9ed",
        automargin=True,
        **mirrored(rtl),
    )
    figure.update_yaxes(
        **value_axis(rtl=rtl, title=axis_title, percent=True, range_=[-0.04, 1.1]),
        side="right" if rtl else "left",
    )
    return figure
