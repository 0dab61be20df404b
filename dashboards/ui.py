"""Building blocks the pages share: page header, control rows, downloads, charts, empty states.

Containers keyed `controls-*`, `downloads-*` and `noprint-*` are hidden when printing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import auth, export, fmt, tables
from dashboards.i18n import LANGUAGES, code_label, is_rtl, lang, name_column, t
from dashboards.shell.context import Context
from mizan.access import audit

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
}


def header(title: str, ctx: Context, *, subtitle: str = "") -> None:
    st.title(title)
    lines = [ctx.month_label]
    if subtitle:
        lines.insert(0, subtitle)
    st.caption(" · ".join(lines))
    zone = f" ({t('times_in_zone', zone=fmt.isolate(ctx.zone_label))})" if ctx.zone_label else ""
    st.caption(
        t("data_as_of", date=ctx.as_of) + zone + (f" · {ctx.org_name}" if ctx.org_name else "")
    )


def controls(key: str, count: int) -> list:
    """A row of `count` columns for a page's filters (hidden when printing)."""
    return st.container(key=f"controls-{key}").columns(count)


def html(markup: tables.Html) -> None:
    st.html(markup)


def chart(figure: go.Figure, *, key: str) -> None:
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key=key)


def empty(message: str) -> None:
    """An empty or no-data state that says why, instead of a blank chart or an error."""
    st.info(message, icon=":material/info:")


def chart_section(
    frame: pd.DataFrame,
    *,
    when_empty: str,
    key: str,
    figure: Callable[[pd.DataFrame], go.Figure],
    label: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    download: str | None = None,
    columns: dict[str, str] | None = None,
) -> None:
    """The block the pages repeat: an empty frame says why (`when_empty`); otherwise the frame
    is labelled (`label`, a view-model function), drawn (`figure`) and, when `download` names
    the file, offered as CSV and Excel (`columns` renames and selects the columns). The chart
    and its buttons share `key`."""
    if frame.empty:
        empty(when_empty)
        return
    shown = label(frame) if label is not None else frame
    chart(figure(shown), key=key)
    if download is not None:
        downloads(shown, name=download, key=key, columns=columns)


def downloads(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    name: str,
    key: str,
    columns: dict[str, str] | None = None,
) -> None:
    """CSV and Excel buttons for the current view. `frame` may be a function (large row sets
    are only queried when a button is pressed); `columns` renames and selects the columns. The
    rows are the page's, already scoped; each file built is written to the audit log. Excel
    sheets read right to left on an Arabic page."""

    session = st.session_state.get(auth.SESSION_KEY) or {}
    who, log_path = session.get("user", "anonymous"), auth.settings().audit_path

    def prepared(fmt: str) -> pd.DataFrame:
        data = frame() if callable(frame) else frame
        if columns:
            data = data[[c for c in columns if c in data.columns]].rename(columns=columns)
        # the file is built when the button is pressed: that is the export to log
        audit.record(log_path, "export", who, via="app", name=name, format=fmt, rows=len(data))
        return data

    rtl = is_rtl()  # resolved now: the button's callback must not read the session later
    row = st.container(key=f"downloads-{key}", horizontal=True, gap="small")
    row.download_button(
        t("download_csv"),
        data=lambda: export.csv_bytes(prepared("csv")),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        t("download_excel"),
        data=lambda: export.excel_bytes(prepared("xlsx"), sheet=name, right_to_left=rtl),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{key}",
        icon=":material/table:",
        on_click="ignore",
    )


def field_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a fact table with headers in the page's language, for a download: of the
    `<stem>_ar`/`<stem>_en` pairs only the page's language is kept, and every column with a
    label in the catalogue (`field_<name>`) is named by it."""
    language = lang()
    others = tuple(f"_{other}" for other in LANGUAGES if other != language)
    kept = [c for c in frame.columns if not str(c).endswith(others)]

    def header(column: str) -> str:
        stem = column.removesuffix(f"_{language}")
        return code_label("field", stem)

    return frame[kept].rename(columns=lambda c: header(str(c)))


def page_picker(key: str):
    """A narrow slot for a page-number input (hidden when printing)."""
    return st.container(key=key).columns([1, 4])[0]


def pin_first(frame: pd.DataFrame) -> dict:
    """Streamlit's data grid draws left to right on a canvas, in Arabic too: its columns keep
    their order and the identifying first column is pinned, so that a wide grid never scrolls
    it out of view (reversing the columns would start an Arabic reader on the last ones)."""
    if frame.empty or not len(frame.columns):
        return {}
    return {frame.columns[0]: st.column_config.Column(pinned=True)}


def readable_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as 'YYYY-MM-DD HH:MM', dates (midnight) as 'YYYY-MM-DD'."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            times = series.dropna()
            midnight = bool(len(times)) and (times == times.dt.normalize()).all()
            out[column] = series.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M")
        elif (
            series.dtype == object
            and len(series.dropna())
            and all(hasattr(v, "isoformat") for v in series.dropna().head(5))
        ):
            out[column] = series.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
    return out


def print_button() -> None:
    """A button that opens the browser's print dialog (the page prints as an A4 report)."""
    st.container(key="noprint-print").iframe(
        f"""<button onclick="window.parent.print()" style="font: 14px 'Noto Sans Arabic', sans-serif;
        padding: 4px 12px; border: 1px solid #c9d0d8; border-radius: 6px; background: #fff;
        cursor: pointer;">🖨 {t("print_a4")}</button>""",
        height=48,
    )


def legend_statuses() -> tables.Html:
    """The status key: every chip with its meaning."""
    items = [
        tables.chip(code)
        + tables.Html(f' <span class="mz-note">{tables.esc(t(f"rag_{code}_means"))}</span>')
        for code in ("green", "amber", "red", "grey", "none", "not_reported", "small_sample")
    ]
    return tables.Html('<div class="mz-note">' + " &nbsp; ".join(items) + "</div>")


def select_code(
    label: str,
    options: Sequence[str],
    labels: dict[str, str],
    *,
    key: str,
    index: int = 0,
) -> str:
    """A selectbox over codes shown by label; a stale value falls back to the first option."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    return st.selectbox(
        label, options=list(options), format_func=lambda c: labels.get(c, c), key=key, index=index
    )


def select_secretariat(ctx: Context, secretariats: pd.DataFrame, *, key: str) -> str:
    """The secretariat picker of the scorecard pages (codes shown by name in the language)."""
    codes = list(secretariats["secretariat_code"])
    names = dict(zip(codes, secretariats[name_column("secretariat_name")], strict=True))
    return select_code(ctx.secretariat_label, codes, names, key=key)
