"""Strings of the monthly review — the month in review block, the alerts page and the comments
on the scorecard — in Arabic and English. Merged into the translation catalogue
(`dashboards.catalogue`), kept apart so that the review's wording has one place of its own."""

from __future__ import annotations

REVIEW: dict[str, tuple[str, str]] = {
    # the month in review (marts.fct_month_review)
    "review_title": ("الشهر في سطور — {month}", "The month in review — {month}"),
    "review_title_region": (
        "{region}: الشهر في سطور — {month}",
        "{region}: the month in review — {month}",
    ),
    "review_caption": (
        "نص مولَّد من الجداول المنشورة (جميع الإدارات)، وكل رقم فيه هو رقم لوحة المؤشرات نفسه.",
        "Generated from the published tables (all secretariats); every number is the scorecard's own.",
    ),
    "review_more": ("بقية ملخص الشهر", "The rest of the month in review"),
    "review_empty": ("لا ملخص لهذا الشهر بعد.", "No review for this month yet."),
}

# Counts with their noun (see `dashboards.catalogue.PLURALS`). The month in review writes the
# same forms in SQL (warehouse/macros/review_text.sql, `plural_forms`); a test keeps them equal.
REVIEW_PLURALS: dict[str, tuple[tuple[str, str, str, str, str], tuple[str, str]]] = {
    "n_months": (
        ("شهر واحد", "شهرين", "{n} أشهر", "{n} شهراً", "{n} شهر"),
        ("{n} month", "{n} months"),
    ),
    "n_regions_genitive": (
        ("منطقة واحدة", "منطقتين", "{n} مناطق", "{n} منطقة", "{n} منطقة"),
        ("{n} region", "{n} regions"),
    ),
    "n_kpis": (
        ("مؤشر واحد", "مؤشران", "{n} مؤشرات", "{n} مؤشراً", "{n} مؤشر"),
        ("{n} KPI", "{n} KPIs"),
    ),
    "n_records": (
        ("سجل واحد", "سجلين", "{n} سجلات", "{n} سجلاً", "{n} سجل"),
        ("{n} record", "{n} records"),
    ),
}
