"""Who is signed in for this run, and what they may see: the sign-in gate, `current_user()`,
`current_scope()` (the one place pages get their scope from) and the page guard."""

from __future__ import annotations

import streamlit as st

from dashboards import auth, roles
from dashboards.i18n import t
from dashboards.scope import Scope, scope_of

USER_KEY = "_mizan_user"  # the signed-in user of this run (set by `sign_in_gate`)


def sign_in_gate() -> auth.User:
    """The signed-in user (the login form and a stop otherwise); kept for this run."""
    st.session_state.pop(USER_KEY, None)  # never last run's user
    user = auth.require_login()
    st.session_state[USER_KEY] = user
    return user


def current_user() -> auth.User | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, auth.User) else None


def current_scope() -> Scope:
    """What the signed-in user may see: the one place pages get their scope from (nothing
    when nobody is signed in)."""
    return scope_of(current_user())


def require_page(page: str) -> None:
    """Stop a page the signed-in user's role does not include (the navigation already hides it;
    this guards a page reached any other way)."""
    user = current_user()
    if user is None or not roles.may_open(user.role, page):
        auth.log("page_refused", page=page)
        st.error(t("page_refused"), icon=":material/block:")
        st.stop()
