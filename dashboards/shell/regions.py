"""Regions outside the scope, asked for by a link (`?region=`) or a widget's value: refused,
logged and said; an allowed `?region=` opens the region pickers at that region."""

from __future__ import annotations

import streamlit as st

from dashboards import auth
from dashboards.data import NoSnapshot, reference, snapshot_version
from dashboards.i18n import join, lang, t
from dashboards.scope import UNRESTRICTED, Scope
from mizan.org import ProfileError, load_profile

# Region pickers a `?region=` link opens at, and whose values are checked against the scope.
REGION_PICKERS = (
    "scorecard_region",
    "responsiveness_region",
    "media_region",
    "community_region",
    "coordination_region",
)
REGION_FILTERS = (*REGION_PICKERS, "drill_region", "quality_region", "quarantine_region")


def region_names(codes: list[str]) -> str:
    """The regions' names in the page's language (from the snapshot's organisation profile: a
    region's name is public, the league table shows every one); a code no region has is
    shown as given."""
    names: dict[str, str] = {}
    if snapshot_version() is not None:
        try:
            profile = load_profile(reference.snapshot_info(UNRESTRICTED).get("profile", ""))
            names = {r.code: getattr(r, f"name_{lang()}") for r in profile.regions}
        except (NoSnapshot, ProfileError, OSError):
            pass
    return join([names.get(code, code) for code in codes])


def refuse_region(region: str, via: str) -> None:
    """Say no to a region outside the scope (named, not coded), and log the attempt."""
    auth.log("scope_refused", region=region, via_input=via)
    shown = region_names([r.strip() for r in region.split(",")])
    st.error(t("scope_refused", region=shown), icon=":material/block:")


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
