"""The language of the session and lookups in the translation catalogue (`catalogue.py`).

Pages call `t(key, **values)`; labels of codes that come from the data (channels, categories,
pillars, regions) come from the snapshot's Arabic and English columns through `name(row)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import streamlit as st

from dashboards.catalogue import CATALOGUE, PLURALS

DEFAULT_LANG = "ar"
LANGUAGES = ("ar", "en")


# A language given explicitly (`speaking`), e.g. to a view-model function: it answers `lang()`
# without a Streamlit session.
_SPOKEN: ContextVar[str | None] = ContextVar("mizan_spoken_language", default=None)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """`lang()` (and so `t`, `name_column`, `fmt`) answers `language` inside the block."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    token = _SPOKEN.set(language)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def lang() -> str:
    """The session's language: the one being spoken (`speaking`), else the switch's value, else
    the URL's `?lang=`, else Arabic."""
    spoken = _SPOKEN.get()
    if spoken is not None:
        return spoken
    value = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG)
    return value if value in LANGUAGES else DEFAULT_LANG


def is_rtl() -> bool:
    return lang() == "ar"


def has(key: str) -> bool:
    return key in CATALOGUE


def t(key: str, **values: object) -> str:
    ar, en = CATALOGUE[key]
    text = ar if lang() == "ar" else en
    return text.format(**values) if values else text


def code_label(kind: str, code: Any) -> str:
    """The label of an enumerated code (`kind_code` in the catalogue), else the code itself."""
    key = f"{kind}_{code}"
    return t(key) if key in CATALOGUE else str(code)


def name(row: Any, stem: str) -> str:
    """`row[stem + '_ar']` or `row[stem + '_en']` by language (e.g. name(row, 'region_name'))."""
    return str(row[f"{stem}_{lang()}"])


def name_column(stem: str) -> str:
    return f"{stem}_{lang()}"


def join(items: list[str]) -> str:
    return ("، " if lang() == "ar" else ", ").join(items)


def arabic_plural_form(count: int) -> int:
    """The index of the Arabic plural form of `count` (CLDR's rules for Arabic): 0 one (1),
    1 two (2), 2 few (3–10, and 103–110 …), 3 many (11–99, and 111–199 …), 4 other (0, 100,
    101, 102 …: the singular after the number)."""
    count = abs(int(count))
    tail = count % 100
    if count == 1:
        return 0
    if count == 2:
        return 1
    if 3 <= tail <= 10:
        return 2
    if 11 <= tail <= 99:
        return 3
    return 4


def plural(key: str, count: object, **values: object) -> str:
    """A count with its noun in the session's language, e.g. plural("n_regions", 2) →
    "منطقتان" / "2 regions" (`PLURALS` in the catalogue: five Arabic forms — one, two, 3–10,
    11–99, other — and two English ones). `{n}` is the count in Western digits."""
    arabic, english = PLURALS[key]
    number = int(count)  # type: ignore[call-overload]
    if lang() == "ar":
        # the number isolated left to right inside the Arabic text (as `fmt.isolate`)
        return arabic[arabic_plural_form(number)].format(n=f"\u2066{number:,}\u2069", **values)
    return english[0 if number == 1 else 1].format(n=f"{number:,}", **values)
