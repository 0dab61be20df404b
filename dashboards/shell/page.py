"""Setting up every run: the page config, the language switch, the document's styles and
direction."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import is_rtl, t
from dashboards.shell.document import style_document
from dashboards.shell.language import language_switch


def setup_page() -> None:
    # "auto": open on a desktop, closed on a phone (where it would cover the page, the sign-in
    # form first); the sidebar's button opens it
    st.set_page_config(
        page_title=t("app_title"), page_icon="⚖️", layout="wide", initial_sidebar_state="auto"
    )
    language_switch()
    style_document(rtl=is_rtl())
