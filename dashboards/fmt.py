"""Numbers, units, changes and statuses as the user reads them, in either language.

Digits: Western (0–9) in both languages, everywhere — tables, charts, month labels. Many Gulf
and Egyptian government dashboards use them, and Plotly's axes and Streamlit's tables only
render Western digits, so Arabic-Indic digits in our own text would make one page mix both.
Month labels from dim_month (which carry Arabic-Indic digits) are converted here.
Separators: ',' for thousands and '.' for decimals in both languages; percentages with '%'.
In Arabic running text a number is wrapped in a left-to-right isolate (U+2066…U+2069) so that
signs, '%' and ranges keep their order inside right-to-left text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboards.i18n import has, lang, t

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_WESTERN = str.maketrans(ARABIC_INDIC + PERSIAN, "0123456789" * 2)
LRI, PDI = "\u2066", "\u2069"
DASH = "—"

# Units shown as percentages (value 0.834 → 83.4%).
PERCENT_UNITS = frozenset({"share", "ratio"})


def western(text: str) -> str:
    return str(text).translate(_TO_WESTERN)


def isolate(text: str) -> str:
    """Keep a left-to-right fragment (number, code, date) in order inside Arabic text."""
    return f"{LRI}{text}{PDI}" if lang() == "ar" else text


def missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: Any, decimals: int = 0) -> str:
    if missing(value):
        return DASH
    return f"{float(value):,.{decimals}f}"


def auto_decimals(value: float) -> int:
    size = abs(value)
    if size >= 100:
        return 0
    if size >= 10:
        return 1
    return 2 if size > 0 else 0


def big(value: Any) -> str:
    """Large counts shortened for cards: 83,821,310 → '83.8 مليون' / '83.8M'."""
    if missing(value):
        return DASH
    size = float(value)
    if abs(size) >= 1_000_000:
        separator = " " if lang() == "ar" else ""
        return f"{isolate(f'{size / 1_000_000:,.1f}')}{separator}{t('million')}"
    return number(size, 0 if size.is_integer() else 1)


def percent(value: Any, decimals: int = 1) -> str:
    if missing(value):
        return DASH
    return f"{100 * float(value):,.{decimals}f}%"


def value(value: Any, unit: str, *, per_100k: bool = False) -> str:
    """A KPI value in its unit: shares and ratios as %, hours with 'h', counts as integers,
    values per 100,000 with the decimals they need."""
    if missing(value):
        return DASH
    if unit in PERCENT_UNITS:
        return percent(value)
    if per_100k:
        return number(value, auto_decimals(float(value)))
    if unit == "hours":
        return f"{isolate(number(value, 1))} {t('unit_hours_short')}"
    if unit == "points":
        return number(value, 1)
    if unit == "currency":
        return number(value, 2 if abs(float(value)) < 100 else 0)
    return number(value, 0 if float(value).is_integer() else 1)


def compact(value: Any, unit: str, *, per_100k: bool = False) -> str:
    """A short form for heatmap cells: whole percentages, no unit words."""
    if missing(value):
        return DASH
    size = float(value)
    if unit in PERCENT_UNITS:
        return f"{100 * size:,.0f}%"
    if per_100k:
        return number(size, auto_decimals(size))
    if abs(size) >= 10_000:
        return f"{size / 1000:,.0f}k"
    return number(size, 0 if abs(size) >= 100 or size.is_integer() else 1)


def change(delta: Any, unit: str, *, per_100k: bool = False) -> str:
    """A signed change in the unit's terms: percentage points for shares, else the unit."""
    if missing(delta):
        return DASH
    sign = "+" if float(delta) > 0 else ("−" if float(delta) < 0 else "±")
    size = abs(float(delta))
    if unit in PERCENT_UNITS:
        return f"{isolate(f'{sign}{100 * size:,.1f}')} {t('unit_pp_short')}"
    if per_100k:
        return f"{sign}{number(size, auto_decimals(size))}"
    if unit == "hours":
        return f"{isolate(f'{sign}{number(size, 1)}')} {t('unit_hours_short')}"
    return f"{sign}{number(size, 0 if size.is_integer() else 1)}"


def signed(delta: Any, decimals: int = 1) -> str:
    if missing(delta):
        return DASH
    sign = "+" if float(delta) > 0 else ("−" if float(delta) < 0 else "±")
    return f"{sign}{abs(float(delta)):,.{decimals}f}"


def score(value: Any) -> str:
    return number(value, 1)


def unit_label(unit: str, *, per_100k: bool = False, currency: str = "") -> str:
    if per_100k:
        return t("unit_per_100k")
    if unit == "currency":
        return t(f"currency_{currency}") if has(f"currency_{currency}") else currency
    return t(f"unit_{unit}")


# --- statuses ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    code: str
    icon: str
    colour: str  # Okabe–Ito
    tint: str  # light background for chips and heatmap cells
    text: str  # text colour on `colour`


STATUSES = {
    "green": Status("green", "●", "#009E73", "#CFEFE5", "#FFFFFF"),
    "amber": Status("amber", "▲", "#E69F00", "#FBE8BF", "#000000"),
    "red": Status("red", "✖", "#D55E00", "#F6D3BF", "#FFFFFF"),
    "grey": Status("grey", "○", "#8C8C8C", "#EDEDED", "#000000"),
    "none": Status("none", "–", "#FFFFFF", "#FFFFFF", "#000000"),
    # not RAG statuses: why a value has no colour (fct_kpi_monthly.value_status)
    "not_reported": Status("not_reported", "⊘", "#FFFFFF", "#FFFFFF", "#000000"),
    "small_sample": Status("small_sample", "◌", "#FFFFFF", "#FFFFFF", "#000000"),
}


def status_of(code: Any) -> Status:
    if missing(code) or code not in STATUSES:
        return STATUSES["none"]
    return STATUSES[str(code)]


def status_word(code: Any) -> str:
    return t(f"rag_{status_of(code).code}")


def value_status_word(value_status: Any) -> str | None:
    """'لم يُبلَّغ' (not reported) or 'عينة صغيرة' (small sample); None for a reported value or
    no data, which the RAG word already says."""
    if value_status in ("not_reported", "small_sample"):
        return t(f"status_{value_status}")
    return None


def status_text(code: Any) -> str:
    """Icon and word, e.g. '● أخضر' — never colour alone."""
    status = status_of(code)
    return f"{status.icon} {t(f'rag_{status.code}')}"


def rank_change(delta: Any) -> str:
    if missing(delta):
        return DASH
    delta = int(delta)
    if delta > 0:
        return f"▲ {delta}"
    if delta < 0:
        return f"▼ {-delta}"
    return "="


def month_label(row: Any, *, hijri_first: bool) -> str:
    """'أكتوبر 2026 · ربيع الثاني – جمادى الأولى 1448 هـ' (or Hijri first), Western digits."""
    language = lang()
    gregorian = western(row[f"gregorian_label_{language}"])
    hijri = western(row[f"hijri_label_{language}"])
    return f"{hijri} · {gregorian}" if hijri_first else f"{gregorian} · {hijri}"
