"""Entry point of the dashboards: `streamlit run dashboards/app.py` (or `mizan serve`).

Nobody sees anything before signing in (`shell.sign_in_gate`); the pages offered depend on the
role (`dashboards.roles`), and every query is scoped to the user's regions below the pages.
"""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from dashboards import auth, roles
from dashboards.i18n import t
from dashboards.scope import OutOfScope
from dashboards.shell import global_settings, refuse_region, setup_page, sign_in_gate

PAGES = {
    "overview": ("views/overview.py", "page_overview", ":material/leaderboard:"),
    "scorecard": ("views/scorecard.py", "page_scorecard", ":material/assignment:"),
    "explorer": ("views/explorer.py", "page_explorer", ":material/query_stats:"),
    "responsiveness": (
        "views/responsiveness.py",
        "page_responsiveness",
        ":material/support_agent:",
    ),
    "media": ("views/media.py", "page_media", ":material/newspaper:"),
    "community": ("views/community.py", "page_community", ":material/diversity_3:"),
    "coordination": ("views/coordination.py", "page_coordination", ":material/handshake:"),
    "quality": ("views/quality.py", "page_quality", ":material/fact_check:"),
    "sql": ("views/sql.py", "page_sql", ":material/terminal:"),
    "dictionary": ("views/dictionary.py", "page_dictionary", ":material/menu_book:"),
}
SECTIONS = {
    "nav_scorecards": ("overview", "scorecard", "explorer"),
    "nav_operations": ("responsiveness", "media", "community", "coordination"),
    "nav_data": ("quality", "sql", "dictionary"),
}


def st_page(name: str, *, default: bool = False) -> st.Page:
    path, title, icon = PAGES[name]
    return st.Page(path, title=t(title), icon=icon, default=default)


def refuse_requested_page(allowed: tuple[str, ...]) -> None:
    """A link to a page the role does not include (e.g. /sql for a regional user) opens the
    role's first page instead: say so once, and log it."""
    path = urlparse(str(st.context.url or "")).path.rstrip("/").rsplit("/", 1)[-1]
    if path in PAGES and path not in allowed and st.session_state.get("_page_refused") != path:
        st.session_state["_page_refused"] = path
        auth.log("page_refused", page=path, via_input="url")
        st.error(t("page_refused"), icon=":material/block:")


def main() -> None:
    setup_page()
    if auth.current_user() is None:
        # Before signing in, every page is registered but hidden, so that the page a link asked
        # for is the one shown after the login form (none runs before it).
        st.navigation(
            [st_page(name, default=name == "overview") for name in PAGES], position="hidden"
        )
    user = sign_in_gate()
    allowed = roles.pages_for(user.role)
    default = next(name for names in SECTIONS.values() for name in names if name in allowed)
    navigation = {
        t(section): [st_page(name, default=name == default) for name in names if name in allowed]
        for section, names in SECTIONS.items()
    }
    page = st.navigation({section: pages for section, pages in navigation.items() if pages})
    refuse_requested_page(allowed)
    global_settings()
    try:
        page.run()
    except OutOfScope as refused:  # a page asked the data layer for a region outside the scope
        refuse_region(refused.region, "data")


# Streamlit runs this file as __main__; a multiprocessing child re-importing the main module
# (as "__mp_main__") must not run the app.
if __name__ == "__main__":
    main()
