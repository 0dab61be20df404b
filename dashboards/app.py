"""Entry point of the dashboards: `streamlit run dashboards/app.py` (or `mizan serve`)."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.shell import setup_page

setup_page()
page = st.navigation(
    [st.Page("pages/overview.py", title=t("page_overview"), icon="📊", default=True)]
)
page.run()
