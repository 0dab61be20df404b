"""Entry point of the dashboards: `streamlit run dashboards/app.py` (or `mizan serve`)."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.shell import global_settings, setup_page

setup_page()
page = st.navigation(
    {
        t("nav_scorecards"): [
            st.Page(
                "views/overview.py",
                title=t("page_overview"),
                icon=":material/leaderboard:",
                default=True,
            ),
            st.Page("views/scorecard.py", title=t("page_scorecard"), icon=":material/assignment:"),
            st.Page("views/explorer.py", title=t("page_explorer"), icon=":material/query_stats:"),
        ],
        t("nav_operations"): [
            st.Page(
                "views/responsiveness.py",
                title=t("page_responsiveness"),
                icon=":material/support_agent:",
            ),
            st.Page("views/media.py", title=t("page_media"), icon=":material/newspaper:"),
            st.Page("views/community.py", title=t("page_community"), icon=":material/diversity_3:"),
            st.Page(
                "views/coordination.py", title=t("page_coordination"), icon=":material/handshake:"
            ),
        ],
        t("nav_data"): [
            st.Page("views/quality.py", title=t("page_quality"), icon=":material/fact_check:"),
        ],
    }
)
global_settings()
page.run()
