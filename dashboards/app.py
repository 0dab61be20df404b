"""Entry point of the dashboards: `streamlit run dashboards/app.py` (or `mizan serve`).

Nobody sees anything before signing in (`shell/user.py`); the pages offered depend on the role
(`dashboards.pages`), and every query is scoped to the user's regions below the pages. Each run:
the shell (page setup, sign-in, navigation, region guard, sidebar settings), then the page.
"""

from __future__ import annotations

import streamlit as st

from dashboards import auth
from dashboards.scope import OutOfScope
from dashboards.shell.month import month_picker
from dashboards.shell.navigation import navigation_for, register_hidden
from dashboards.shell.page import setup_page
from dashboards.shell.regions import guard_region_inputs, refuse_region
from dashboards.shell.user import current_scope, sign_in_gate


def main() -> None:
    setup_page()
    if auth.current_user() is None:
        register_hidden()
    user = sign_in_gate()
    page = navigation_for(user.role)
    scope = current_scope()
    guard_region_inputs(scope)
    with st.sidebar:
        auth.logout_control(user)
    month_picker(scope)
    try:
        page.run()
    except OutOfScope as refused:  # a page asked the data layer for a region outside the scope
        refuse_region(refused.region, "data")


# Streamlit runs this file as __main__; a multiprocessing child re-importing the main module
# (as "__mp_main__") must not run the app.
if __name__ == "__main__":
    main()
