"""HTML tables, status chips and sparklines: what Streamlit's data grid cannot do right to left
(mirrored column order, Arabic alignment, chips with icon and word, printing on A4).

Every value is escaped here; callers pass plain text, or `Html` for markup they built with the
helpers of this module.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dashboards import fmt, scoring
from dashboards.i18n import is_rtl, t

_ARABIC = re.compile("[\u0600-\u06ff]")


class Html(str):
    """Markup that is already safe (built by this module)."""


def esc(text: object) -> Html:
    return text if isinstance(text, Html) else Html(html.escape(str(text)))


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "text"  # text | num | center


@dataclass(frozen=True)
class Group:
    label: str


def chip(status_code: object, word: str | None = None) -> Html:
    """A status chip: icon + word on a tinted background — never colour alone."""
    status = fmt.status_of(status_code)
    label = word if word is not None else fmt.status_word(status_code)
    if status.code == "none":
        # informational KPIs and KPIs without a target have no status: no chip at all
        return Html(f'<span class="mz-note" title="{esc(label)}" data-status="none">–</span>')
    return Html(
        f'<span class="mz-chip mz-{status.code}" data-status="{status.code}">'
        f'<span class="mz-icon" aria-hidden="true">{status.icon}</span>{esc(label)}</span>'
    )


def status_chip(code: str, icon: str, word: str) -> Html:
    return Html(
        f'<span class="mz-chip mz-{esc(code)}" data-status="{esc(code)}">'
        f'<span class="mz-icon" aria-hidden="true">{esc(icon)}</span>{esc(word)}</span>'
    )


def ltr(text: object) -> Html:
    """A number or code kept left to right inside right-to-left text. Text that holds Arabic
    words (a number with its unit) is only isolated: `fmt` isolates the number inside it."""
    css = "mz-iso" if _ARABIC.search(str(text)) else "mz-ltr"
    return Html(f'<span class="{css}">{esc(text)}</span>')


def arrow(delta: object, text: str) -> Html:
    if fmt.missing(delta) or float(delta) == 0:
        return ltr(text)
    css = "mz-up" if float(delta) > 0 else "mz-down"
    kind = "mz-iso" if _ARABIC.search(text) else "mz-ltr"
    return Html(f'<span class="{kind} {css}">{esc(text)}</span>')


def status_counts(green: object, amber: object, red: object, grey: object = None) -> Html:
    """KPI counts by status, each after its icon: '● 4 ▲ 0 ✖ 1 ○ 0'."""
    parts = [("green", green), ("amber", amber), ("red", red)]
    if grey is not None:
        parts.append(("grey", grey))
    items = "".join(
        f'<span class="mz-icon mz-icon-{code}" title="{esc(t(f"rag_{code}"))}">'
        f"{fmt.STATUSES[code].icon}</span>{int(count)} "
        for code, count in parts
    )
    return Html(f'<span class="mz-counts mz-ltr">{items.strip()}</span>')


def score_bar(score: object) -> Html:
    if fmt.missing(score):
        return Html(fmt.DASH)
    width = max(0.0, min(100.0, float(score)))
    colour = fmt.status_of(scoring.band(float(score))).colour
    return Html(
        f'<span class="mz-nowrap"><span class="mz-bar-track" aria-hidden="true"><span class="mz-bar" '
        f'style="width:{width:.0f}%;background:{colour}"></span></span>{ltr(fmt.score(score))}</span>'
    )


def sparkline(
    values: Sequence[float | None], last_status: object = None, *, width: int = 96, height: int = 24
) -> Html:
    """An inline SVG line of the values (oldest to newest, mirrored right to left in Arabic);
    gaps where a month has no value; the newest point marked in its status colour."""
    points = [(i, float(v)) for i, v in enumerate(values) if not fmt.missing(v)]
    if len(values) < 2 or not points:
        return Html(f'<span class="mz-note">{esc(t("no_trend"))}</span>')
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = high - low or 1.0
    step = (width - 6) / (len(values) - 1)

    def x(i: int) -> float:
        offset = 3 + i * step
        return width - offset if is_rtl() else offset

    def y(v: float) -> float:
        return 3 + (height - 6) * (1 - (v - low) / span)

    segments: list[list[str]] = [[]]
    previous = None
    for i, v in points:
        if previous is not None and i != previous + 1:
            segments.append([])
        segments[-1].append(f"{x(i):.1f},{y(v):.1f}")
        previous = i
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="#0072B2" stroke-width="1.5"/>'
        for s in segments
        if len(s) > 1
    )
    last_i, last_v = points[-1]
    colour = fmt.status_of(last_status).colour if last_status else "#0072B2"
    if colour == "#FFFFFF":
        colour = "#0072B2"
    dot = f'<circle cx="{x(last_i):.1f}" cy="{y(last_v):.1f}" r="2.6" fill="{colour}" stroke="#333" stroke-width="0.5"/>'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{lines}{dot}</svg>'
    )
    # st.html sanitises inline SVG away; an image with a data URI survives (and prints).
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Html(
        f'<img class="mz-spark" width="{width}" height="{height}" alt="{esc(t("trend_12_months"))}" '
        f'src="data:image/svg+xml;base64,{data}">'
    )


def table(
    columns: Sequence[Col],
    rows: Sequence[Sequence[object] | Group],
    *,
    table_id: str,
    caption: str | None = None,
    row_classes: Sequence[str] | None = None,
    scroll_cue: str | None = None,
) -> Html:
    """A table in document order (the page direction mirrors it for Arabic). On a narrow
    screen its first column stays in place while the others scroll sideways, and
    `scroll_cue` (shown there only) says that more columns are to be had."""
    head = "".join(
        f'<th class="mz-{c.kind}" scope="col">{esc(c.header)}</th>'
        if c.kind != "text"
        else f'<th scope="col">{esc(c.header)}</th>'
        for c in columns
    )
    body: list[str] = []
    data_index = 0
    for row in rows:
        if isinstance(row, Group):
            body.append(
                f'<tr class="mz-group"><th colspan="{len(columns)}" scope="colgroup">'
                f"{esc(row.label)}</th></tr>"
            )
            continue
        css = row_classes[data_index] if row_classes else ""
        data_index += 1
        cells = "".join(
            f'<td class="mz-{c.kind}">{esc(v)}</td>' if c.kind != "text" else f"<td>{esc(v)}</td>"
            for c, v in zip(columns, row, strict=True)
        )
        body.append(f'<tr class="mz-row {css}">{cells}</tr>')
    caption_html = f"<caption>{esc(caption)}</caption>" if caption else ""
    cue = f'<p class="mz-scroll-cue" aria-hidden="true">{esc(scroll_cue)}</p>' if scroll_cue else ""
    return Html(
        f'{cue}<div class="mz-table-wrap"><table class="mz-table" id="{esc(table_id)}">'
        f"{caption_html}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def drill_link(content: object, href: str, title: str) -> Html:
    """A value that opens the rows behind it (`dashboards.links.drill_href`)."""
    return Html(
        f'<a class="mz-drill" href="{esc(href)}" target="_self" title="{esc(title)}">'
        f"{esc(content)}</a>"
    )


def inline_status(status_code: object) -> Html:
    """The status chip beside a row's name, shown on narrow screens only (where the status
    column is scrolled out of view); nothing for a KPI without a status."""
    if fmt.status_of(status_code).code == "none":
        return Html("")
    return Html(f'<span class="mz-inline-status">{chip(status_code)}</span>')


def cards(items: Sequence[Html]) -> Html:
    return Html(f'<div class="mz-cards">{"".join(items)}</div>')


def card(label: str, value: object, *, sub: object = "", extra: object = "") -> Html:
    """A summary card: label, a big value, then a line of detail."""
    sub_html = f'<div class="mz-sub">{esc(sub)}</div>' if sub else ""
    extra_html = esc(extra) if extra else ""
    return Html(
        f'<div class="mz-card"><div class="mz-label">{esc(label)}</div>'
        f'<div class="mz-value">{esc(value)}</div>{sub_html}{extra_html}</div>'
    )
