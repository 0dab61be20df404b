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


# Links to the rows behind a value (`dashboards.links`: `a.mz-drill` in HTML tables, and a
# Plotly figure's point whose customdata holds an `explorer?…` link, e.g. a heatmap cell) are
# followed inside the session: the URL is pushed and Streamlit told of it (the popstate its
# router listens to for the back button), so it runs the explorer with the link's query —
# without reloading the page, which would start a new session and ask for a new sign-in.
LINK_SCRIPT = """
if (!parentWindow.mizanFollow) {
  const doc = parentWindow.document;
  parentWindow.mizanFollow = function (href) {
    const url = new URL(href, parentWindow.location.href);
    parentWindow.history.pushState({}, '', url.pathname + url.search);
    parentWindow.dispatchEvent(new PopStateEvent('popstate'));
    parentWindow.scrollTo(0, 0);
  };
  doc.addEventListener('click', function (event) {
    const link = event.target.closest ? event.target.closest('a.mz-drill') : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    parentWindow.mizanFollow(link.getAttribute('href'));
  }, true);
  const wire = function () {
    doc.querySelectorAll('.js-plotly-plot').forEach(function (plot) {
      if (plot.mizanWired || typeof plot.on !== 'function') return;
      plot.mizanWired = true;
      plot.on('plotly_click', function (data) {
        const point = data && data.points && data.points[0];
        const values = point ? [].concat(point.customdata) : [];
        const href = values.find(v => typeof v === 'string' && v.startsWith('explorer?'));
        if (href) parentWindow.mizanFollow(href);
      });
    });
  };
  new parentWindow.MutationObserver(wire).observe(doc.body, {childList: true, subtree: true});
  wire();
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
        const parentWindow = window.parent;
        {PRINT_SCRIPT}
        {LINK_SCRIPT}
        </script>""",
        height=1,
    )
