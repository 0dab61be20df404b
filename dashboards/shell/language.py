"""The language switch: the language lives in the session and is mirrored to the URL
(`?lang=en`), so that a link opens in the language it was copied in."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import DEFAULT_LANG, LANGUAGES, lang, t

LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}  # each in its own language


def language_switch() -> None:
    """The sidebar's language radio, started from `?lang=` (else Arabic) on a session's first
    run; the chosen language is written back to the URL."""
    if st.session_state.get("lang") not in LANGUAGES:
        wanted = st.query_params.get("lang")
        st.session_state["lang"] = wanted if wanted in LANGUAGES else DEFAULT_LANG
    with st.sidebar:
        st.radio(
            t("language"),
            options=list(LANGUAGES),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="lang",
            horizontal=True,
        )
    st.query_params["lang"] = lang()
