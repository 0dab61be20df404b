"""The app shell: page config, language switch, and right-to-left layout for Arabic.

Streamlit has no RTL mode (its issue #552): the shell sets `dir`/`lang` on the document and
injects one stylesheet that mirrors the layout for Arabic, keeping numbers and charts readable.
"""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import DEFAULT_LANG, is_rtl, lang, t

FONT_STACK = "'Noto Sans Arabic', 'Noto Sans', sans-serif"

BASE_CSS = """
<style>
.st-key-mizan-direction { display: none; }
</style>
"""

RTL_CSS = """
<style>
.stApp, [data-testid="stSidebar"], [data-testid="stHeader"] { direction: rtl; }
.stApp h1, .stApp h2, .stApp h3, .stApp p, .stApp li, .stApp label,
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] { text-align: right; }
/* Plotly lays its SVG out left-to-right; the chart's own text is mirrored by the figure. */
.js-plotly-plot, .plot-container { direction: ltr; }
</style>
"""


def _set_document_direction(rtl: bool) -> None:
    direction, language = ("rtl", "ar") if rtl else ("ltr", "en")
    # A same-origin iframe is the only place Streamlit runs a script; it reaches the app's document.
    # Its container is hidden (a hidden iframe still runs its script).
    st.container(key="mizan-direction").iframe(
        f"""<script>
        const root = window.parent.document.documentElement;
        root.setAttribute('dir', '{direction}');
        root.setAttribute('lang', '{language}');
        </script>""",
        height=1,
    )


def setup_page() -> None:
    st.set_page_config(page_title=t("app_title"), page_icon="⚖️", layout="wide")
    if "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang", DEFAULT_LANG)
    with st.sidebar:
        st.radio(
            t("language"),
            options=["ar", "en"],
            format_func=lambda code: {"ar": "العربية", "en": "English"}[code],
            key="lang",
            horizontal=True,
        )
    st.query_params["lang"] = lang()
    st.markdown(BASE_CSS + (RTL_CSS if is_rtl() else ""), unsafe_allow_html=True)
    _set_document_direction(is_rtl())
