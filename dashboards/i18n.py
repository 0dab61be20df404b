"""Every string a user sees, in Arabic and English. Pages call `t(key)`; nothing is hard-coded."""

from __future__ import annotations

import streamlit as st

DEFAULT_LANG = "ar"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {"ar": "ميزان", "en": "Mizan"},
    "app_tagline": {
        "ar": "مؤشرات الأداء الشهرية لإدارات العلاقات العامة والاتصال",
        "en": "Monthly KPIs for public-relations and communication departments",
    },
    "language": {"ar": "اللغة", "en": "Language"},
    "page_overview": {"ar": "نظرة عامة", "en": "Overview"},
    "complaints_received_title": {
        "ar": "البلاغات والاستفسارات المستلمة حسب المنطقة — {month}",
        "en": "Complaints and inquiries received by region — {month}",
    },
    "complaints_axis": {"ar": "عدد البلاغات (بلاغ)", "en": "Tickets received (count)"},
    "region": {"ar": "المنطقة", "en": "Region"},
    "data_as_of": {"ar": "البيانات حتى: {date}", "en": "Data as of: {date}"},
    "no_snapshot": {
        "ar": "لا توجد بيانات منشورة بعد. شغّل «mizan demo» أو «mizan build» ثم أعد تحميل الصفحة.",
        "en": "Nothing has been published yet. Run `mizan demo` or `mizan build`, then reload.",
    },
    "regions_without_data": {
        "ar": "لا توجد بيانات لهذا الشهر من: {regions}",
        "en": "No data this month from: {regions}",
    },
    "no_data_month": {
        "ar": "لا توجد بيانات لهذا الشهر.",
        "en": "There is no data for this month.",
    },
}


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


def t(key: str, **values: object) -> str:
    entry = CATALOGUE[key]
    text = entry.get(lang()) or entry["en"]
    return text.format(**values) if values else text


def is_rtl() -> bool:
    return lang() == "ar"
