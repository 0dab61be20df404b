"""The navigation: the pages of `dashboards.pages` a role gets, by section; before sign-in every
page is registered but hidden; a link to a page the role does not get is refused."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from dashboards import auth, roles
from dashboards.i18n import t
from dashboards.pages import BY_ID, PAGES, SECTIONS


def st_page(page_id: str, *, default: bool = False) -> st.Page:
    page = BY_ID[page_id]
    return st.Page(page.path, title=t(page.title), icon=page.icon, default=default)


def register_hidden() -> None:
    """Before signing in, every page is registered but hidden, so that the page a link asked
    for is the one shown after the login form (none runs before it)."""
    st.navigation(
        [st_page(page.id, default=page.id == "overview") for page in PAGES], position="hidden"
    )


def navigation_for(role: str):
    """The role's pages by section (the first one the default); returns the page to run."""
    allowed = roles.pages_for(role)
    default = next(page.id for page in PAGES if page.id in allowed)
    navigation = {
        t(section): [
            st_page(page.id, default=page.id == default)
            for page in PAGES
            if page.section == section and page.id in allowed
        ]
        for section in SECTIONS
    }
    page = st.navigation({section: pages for section, pages in navigation.items() if pages})
    refuse_requested_page(allowed)
    return page


def refuse_requested_page(allowed: tuple[str, ...]) -> None:
    """A link to a page the role does not include (e.g. /sql for a regional user) opens the
    role's first page instead: say so once, and log it."""
    path = urlparse(str(st.context.url or "")).path.rstrip("/").rsplit("/", 1)[-1]
    if path in BY_ID and path not in allowed and st.session_state.get("_page_refused") != path:
        st.session_state["_page_refused"] = path
        auth.log("page_refused", page=path, via_input="url")
        st.error(t("page_refused"), icon=":material/block:")
