"""Signing in: who the session's user is, their role and regions, and the audit log.

Two ways in, both ending in a user of the users file (MIZAN_HOME/users.json, managed with
`mizan users`), which gives the role and the regions:

- the login form (Arabic first): user name and password, checked against the bcrypt hash;
- OIDC through Streamlit's `st.login()` when `.streamlit/secrets.toml` has an `[auth]` section:
  the provider's verified e-mail must be a user's `email`.

Without a users file the app refuses to serve (there is no open mode; `mizan demo` writes the
demo users). Sessions end after `IDLE_SECONDS` without a click or `MAX_SECONDS` in all, and at
once when the user is removed from the file (it is re-read on every run). Repeated failures lock
a user name for a while. Logins, failed logins, logouts and expiries go to the audit log.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import streamlit as st

from dashboards.i18n import t
from mizan.access import audit
from mizan.access.users import User, UsersError, by_email, check_password, load
from mizan.settings import Settings

SESSION_KEY = "_mizan_session"  # never a widget key: a browser cannot set it
IDLE_SECONDS = 8 * 3600
MAX_SECONDS = 24 * 3600
LOCK_AFTER_FAILURES = 5
LOCK_SECONDS = 300

_failures: dict[str, list[float]] = {}
_failures_lock = threading.Lock()


def settings() -> Settings:
    return Settings.from_env()


def log(event: str, user: str | None = None, **fields: Any) -> None:
    """Append an event to the audit log as the signed-in user (or `user`)."""
    who = user or (st.session_state.get(SESSION_KEY) or {}).get("user") or "anonymous"
    audit.record(settings().audit_path, event, who, via="app", **fields)


def _users() -> dict[str, User] | None:
    try:
        return load(settings().users_path)
    except FileNotFoundError:
        return None
    except UsersError as error:
        st.error(t("users_file_invalid", error=str(error)), icon=":material/error:")
        st.stop()


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _locked(username: str) -> bool:
    now = time.monotonic()
    with _failures_lock:
        recent = [f for f in _failures.get(username, []) if now - f < LOCK_SECONDS]
        _failures[username] = recent
        return len(recent) >= LOCK_AFTER_FAILURES


def _failed(username: str) -> None:
    with _failures_lock:
        _failures.setdefault(username, []).append(time.monotonic())


def sign_in(user: User, method: str) -> None:
    now = time.time()
    st.session_state[SESSION_KEY] = {"user": user.username, "since": now, "last": now}
    with _failures_lock:
        _failures.pop(user.username, None)
    log("login", user.username, method=method, role=user.role)


def sign_out(reason: str = "logout") -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    if session:
        log(reason, session["user"])


def current_user() -> User | None:
    """The signed-in user of this session (re-read from the users file), or None."""
    session = st.session_state.get(SESSION_KEY)
    if not session:
        return None
    users = _users() or {}
    user = users.get(session["user"])
    now = time.time()
    if user is None:
        sign_out("session_revoked")
        return None
    if now - session["last"] > IDLE_SECONDS or now - session["since"] > MAX_SECONDS:
        sign_out("session_expired")
        st.session_state["_mizan_expired"] = True
        return None
    session["last"] = now
    return user


def require_login() -> User:
    """The signed-in user; otherwise the login form (or a refusal to serve), and stop."""
    users = _users()
    oidc = _oidc_configured()
    if users is None:
        st.error(t("no_users_file"), icon=":material/lock:")
        st.stop()
    user = current_user()
    if user is not None:
        return user
    if oidc and getattr(st.user, "is_logged_in", False):
        user = by_email(users, str(st.user.get("email", "")))
        if user is not None and _email_verified():
            sign_in(user, "oidc")
            return user
        log("login_failed", str(st.user.get("email", "")), method="oidc")
        st.error(t("oidc_unknown_user"), icon=":material/block:")
        st.button(t("logout"), on_click=st.logout)
        st.stop()
    _login_form(users, oidc)
    st.stop()
    raise RuntimeError("not signed in (outside `streamlit run`, st.stop() does not stop)")


def _email_verified() -> bool:
    """Whether the identity provider vouches for the e-mail that maps to a Mizan user. A missing
    `email_verified` claim is not trusted (some providers let users set any e-mail), unless the
    deployment says its provider only issues verified ones (MIZAN_OIDC_TRUST_EMAIL=1)."""
    claim = st.user.get("email_verified")
    if claim is None:
        return settings().oidc_trust_email
    return claim is True or str(claim).lower() == "true"


def _login_form(users: dict[str, User], oidc: bool) -> None:
    st.title(t("login_title"))
    if st.session_state.pop("_mizan_expired", False):
        st.info(t("session_expired"), icon=":material/schedule:")
    with st.form("login", border=True, clear_on_submit=True):  # no password left in state
        username = st.text_input(t("username"), key="login_username")
        password = st.text_input(t("password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login_button"), type="primary")
    if oidc:
        st.button(t("login_oidc"), on_click=st.login, icon=":material/badge:")
    if not submitted:
        return
    name = username.strip().lower()
    if _locked(name):
        log("login_failed", name or "(empty)", method="password", reason="locked")
        st.error(t("login_locked", minutes=LOCK_SECONDS // 60), icon=":material/lock_clock:")
        return
    user = users.get(name)
    if check_password(user, password):
        sign_in(user, "password")
        st.rerun()
    _failed(name)
    log("login_failed", name or "(empty)", method="password")
    st.error(t("login_failed"), icon=":material/error:")


def logout_control(user: User) -> None:
    """Who is signed in, and the sign-out button (sidebar)."""
    regions = t("all_regions_short") if user.all_regions else ", ".join(user.regions)
    st.caption(t("signed_in_as", user=user.name or user.username, role=t(f"role_{user.role}")))
    st.caption(regions)
    if st.button(t("logout"), key="logout", icon=":material/logout:"):
        sign_out()
        if _oidc_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
