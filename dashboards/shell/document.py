"""The document around the app: stylesheets, direction and language, print preparation.

Streamlit has no RTL mode (its issue #552): `style_document` sets `dir`/`lang` on the document
and injects `styles/base.css` (always) and `styles/rtl.css` (Arabic), which mirror the layout
and keep numbers, codes and charts readable. `styles/base.css` also holds the A4 print
stylesheet.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

STYLES = Path(__file__).resolve().parents[1] / "styles"

# Printing: the page keeps its screen layout and is scaled to the A4 width (190 mm between the
# margins of styles/base.css = 718 CSS px), so that charts drawn at screen size fit the page.
# The zoom is measured just before printing (Ctrl+P or the print button both fire beforeprint).
PRINT_SCRIPT = """
const parentWindow = window.parent;
if (!parentWindow.mizanPreparePrint) {
  parentWindow.mizanPreparePrint = function () {
    const main = parentWindow.document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    const style = parentWindow.getComputedStyle(main);
    const width = main.getBoundingClientRect().width
      - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const zoom = Math.min(1, 718 / Math.max(width, 1));
    parentWindow.document.documentElement.style.setProperty('--mz-print-zoom', zoom.toFixed(3));
  };
  parentWindow.addEventListener('beforeprint', parentWindow.mizanPreparePrint);
}
"""


@cache
def _css(name: str) -> str:
    return (STYLES / name).read_text(encoding="utf-8")


def stylesheet(*, rtl: bool) -> str:
    """The app's CSS: `base.css`, and `rtl.css` for a right-to-left page."""
    return _css("base.css") + (_css("rtl.css") if rtl else "")


def style_document(*, rtl: bool) -> None:
    st.markdown(f"<style>{stylesheet(rtl=rtl)}</style>", unsafe_allow_html=True)
    _set_document_direction(rtl)


def _set_document_direction(rtl: bool) -> None:
    direction, language = ("rtl", "ar") if rtl else ("ltr", "en")
    # A same-origin iframe is the only place Streamlit runs a script; it reaches the app's
    # document. Its container is hidden (a hidden iframe still runs its script).
    st.container(key="mizan-direction").iframe(
        f"""<script>
        const root = window.parent.document.documentElement;
        root.setAttribute('dir', '{direction}');
        root.setAttribute('lang', '{language}');
        {PRINT_SCRIPT}
        </script>""",
        height=1,
    )
