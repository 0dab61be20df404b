"""The app shell: page config, the sidebar's global settings, the scope, right-to-left layout
and the print stylesheet.

Streamlit has no RTL mode (its issue #552): the shell sets `dir`/`lang` on the document and
injects `styles/base.css` (always) and `styles/rtl.css` (Arabic), which mirror the layout and
keep numbers, codes and charts readable. `styles/base.css` also holds the A4 print stylesheet.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from dashboards import auth, fmt, roles
from dashboards.data import NoSnapshot, reference, snapshot_version
from dashboards.i18n import DEFAULT_LANG, LANGUAGES, is_rtl, lang, t
from dashboards.scope import Scope, scope_of
from mizan.org import ProfileError, load_profile

STYLES = Path(__file__).parent / "styles"
CALENDARS = ("gregorian", "hijri")


@cache
def _css(name: str) -> str:
    return (STYLES / name).read_text(encoding="utf-8")


USER_KEY = "_mizan_user"  # the signed-in user of this run (set by `sign_in_gate`)
# Region pickers a `?region=` link opens at, and whose values are checked against the scope.
REGION_PICKERS = (
    "scorecard_region",
    "responsiveness_region",
    "media_region",
    "community_region",
    "coordination_region",
)
REGION_FILTERS = (*REGION_PICKERS, "drill_region", "quality_region", "quarantine_region")


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


def refuse_region(region: str, via: str) -> None:
    """Say no to a region outside the scope, and log the attempt."""
    auth.log("scope_refused", region=region, via_input=via)
    st.error(t("scope_refused", region=region), icon=":material/block:")


def guard_region_inputs(scope: Scope) -> None:
    """`?region=` and the region widgets' values: refused (and logged) outside the scope; an
    allowed `?region=` opens the pickers at that region."""
    wanted = st.query_params.get("region")
    if wanted:
        if not scope.allows(wanted):
            refuse_region(wanted, "url:region")
            del st.query_params["region"]
        elif st.session_state.get("_url_region") != wanted:
            st.session_state["_url_region"] = wanted
            for key in REGION_PICKERS:
                st.session_state[key] = wanted
    for key in REGION_FILTERS:
        value = st.session_state.get(key)
        if isinstance(value, str) and value and not scope.allows(value):
            refuse_region(value, f"widget:{key}")
            del st.session_state[key]
    for key in [k for k in st.session_state if str(k).startswith("explorer_compare_")]:
        chosen = st.session_state[key]
        outside = [r for r in chosen or [] if isinstance(r, str) and not scope.allows(r)]
        if outside:
            refuse_region(", ".join(outside), f"widget:{key}")
            st.session_state[key] = [r for r in chosen if r not in outside]


def mirror_region(region: str) -> None:
    """Keep the chosen region in the URL (?region=), so that a copied link opens at it."""
    st.session_state["_url_region"] = region
    if st.query_params.get("region") != region:
        st.query_params["region"] = region


# --- page setup --------------------------------------------------------------------------------
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


def setup_page() -> None:
    st.set_page_config(
        page_title=t("app_title"), page_icon="⚖️", layout="wide", initial_sidebar_state="expanded"
    )
    # The language lives in the session and is mirrored to the URL (?lang=en), so that a link
    # opens in the language it was copied in.
    if st.session_state.get("lang") not in LANGUAGES:
        wanted = st.query_params.get("lang")
        st.session_state["lang"] = wanted if wanted in LANGUAGES else DEFAULT_LANG
    with st.sidebar:
        st.radio(
            t("language"),
            options=list(LANGUAGES),
            format_func=lambda code: {"ar": "العربية", "en": "English"}[code],
            key="lang",
            horizontal=True,
        )
    st.query_params["lang"] = lang()
    css = _css("base.css") + (_css("rtl.css") if is_rtl() else "")
    st.markdown(f"<style>{css}</style>", unsafe_allow_html=True)
    _set_document_direction(is_rtl())


def global_settings() -> None:
    """The sidebar's settings shared by every page: calendar order and the month."""
    scope = current_scope()
    guard_region_inputs(scope)
    user = current_user()
    if user is not None:
        with st.sidebar:
            auth.logout_control(user)
    if snapshot_version() is None:
        return
    try:
        months = reference.months(scope)
    except NoSnapshot:
        return
    with st.sidebar:
        # labels are resolved now: a format_func must not read the session later
        calendars = {code: t(f"calendar_{code}") for code in CALENDARS}
        st.radio(
            t("calendar_first"),
            options=list(CALENDARS),
            format_func=calendars.__getitem__,
            key="calendar",
            horizontal=True,
        )
        if months.empty:
            return
        labels = {
            row["month"]: fmt.month_label(row, hijri_first=hijri_first())
            for row in months.to_dict("records")
        }
        if st.session_state.get("month") not in labels:
            wanted = st.query_params.get("month")
            st.session_state["month"] = wanted if wanted in labels else next(iter(labels))
        st.selectbox(t("month"), options=list(labels), format_func=labels.__getitem__, key="month")
        st.query_params["month"] = st.session_state["month"]
        st.caption(t("sidebar_note"))


def hijri_first() -> bool:
    return st.session_state.get("calendar") == "hijri"


# --- what a page needs -------------------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    scope: Scope
    month: str  # ISO date of the month's first day
    month_label: str  # both calendars, in the chosen order
    month_primary: str  # the first calendar's label only
    as_of: str  # when the snapshot was published, deployment time
    org_name: str
    region_label: str  # "Governorate", "Region", ... from the profile
    secretariat_label: str
    currency: str


@cache
def _profile(name: str):
    try:
        return load_profile(name)
    except (ProfileError, OSError):
        return None


def context() -> Context:
    """The scope, the chosen month and the snapshot's facts; stops the page with an
    explanation when nothing has been published or the snapshot holds no month."""
    if snapshot_version() is None:
        st.info(t("no_snapshot"), icon=":material/info:")
        st.stop()
    scope = current_scope()
    try:
        months = reference.months(scope)
        info = reference.snapshot_info(scope)
    except NoSnapshot:
        st.info(t("no_snapshot"), icon=":material/info:")
        st.stop()
    if months.empty:
        st.info(t("no_months"), icon=":material/info:")
        st.stop()
    chosen = st.session_state.get("month")
    rows = {row["month"]: row for row in months.to_dict("records")}
    row = rows.get(chosen) or next(iter(rows.values()))
    profile = _profile(info.get("profile", ""))
    language = lang()
    gregorian = fmt.western(row[f"gregorian_label_{language}"])
    hijri = fmt.western(row[f"hijri_label_{language}"])
    return Context(
        scope=scope,
        month=row["month"],
        month_label=fmt.month_label(row, hijri_first=hijri_first()),
        month_primary=hijri if hijri_first() else gregorian,
        as_of=_local_time(info.get("published_at", ""), profile.timezone if profile else None),
        org_name=getattr(profile, f"name_{language}", "") if profile else "",
        region_label=getattr(profile, f"region_label_{language}", "") if profile else t("region"),
        secretariat_label=(
            getattr(profile, f"secretariat_label_{language}", "") if profile else t("secretariat")
        ),
        currency=profile.currency if profile else "",
    )


def _local_time(iso: str, timezone: str | None) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone:
        with contextlib.suppress(KeyError, ValueError):
            moment = moment.astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M")
