"""Strings of the monthly review — the month in review block, the alerts page and the comments
on the scorecard — in Arabic and English. Merged into the translation catalogue
(`dashboards.catalogue`), kept apart so that the review's wording has one place of its own."""

from __future__ import annotations

REVIEW: dict[str, tuple[str, str]] = {
    # the report pack (dashboards/report)
    "pack_review": ("الشهر في سطور", "The month in review"),
    "pack_comments": ("التعليقات والإجراءات", "Comments and actions"),
    "pack_no_comments": ("لا تعليقات على هذا الشهر.", "No comments for this month."),
    "pack_comment": ("التعليق", "Comment"),
    "pack_author": ("كتبه {user}", "by {user}"),
    "pack_owner": ("المسؤول: {owner}", "owner: {owner}"),
    "pack_due": ("الموعد: {date}", "due: {date}"),
    "pack_owner_col": ("المسؤول", "Owner"),
    "pack_due_col": ("الموعد", "Due"),
    "pack_author_col": ("الكاتب", "Author"),
    "pack_league": ("ترتيب المناطق", "League table of the regions"),
    "pack_national": ("التقرير الشهري للمنظمة", "The organisation's monthly report"),
    "pack_download": ("تقرير الشهر ({kind})", "The month's report ({kind})"),
    "pack_commitments": ("متابعة التزامات الشهر الماضي", "Last month's commitments, followed up"),
    "pack_no_commitments": (
        "لم يُسجَّل الشهر الماضي إجراء له مسؤول أو موعد.",
        "No action with an owner or a due date was recorded last month.",
    ),
    "pack_status_then_now": ("الحالة: الشهر الماضي ← هذا الشهر", "Status: last month → this month"),
    "pack_moved": ("هل تحرّك المؤشر؟", "Did the KPI move?"),
    "pack_moved_better": ("تحسّن", "improved"),
    "pack_moved_worse": ("تراجع", "worsened"),
    "pack_moved_none": ("لم يتغيّر", "unchanged"),
    "pack_moved_not_reported": ("لم يُبلَّغ عنه هذا الشهر", "not reported this month"),
    "pack_section": ("تقرير الشهر", "The month's report"),
    "pack_caption": (
        "تقرير {month} للطباعة والإرسال: PDF بصفحات A4 ومصنف Excel بالأرقام نفسها.",
        "The report of {month} to print and send: an A4 PDF and an Excel workbook with the same numbers.",
    ),
    "pack_prepare": ("إعداد تقرير هذا الشهر", "Prepare this month's report"),
    "pack_preparing": ("جارٍ إعداد التقرير…", "Preparing the report…"),
    "pack_no_browser": (
        "لا يتوفر متصفح Chromium على الخادم لإعداد ملف PDF؛ مصنف Excel متاح.",
        "Chromium is not installed on the server, so no PDF can be made; the Excel workbook is.",
    ),
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
    # the Alerts page
    "page_alerts": ("التنبيهات", "Alerts"),
    "page_alerts_title": ("التنبيهات", "Alerts"),
    "alerts_caption": (
        "ما رصدته قواعد التنبيه بعد كل نشر لمناطقك، مرة واحدة لكل قاعدة ومنطقة وشهر، ومن أُرسل إليه بالبريد.",
        "What the alert rules found after each publish for your regions — once per rule, region "
        "and month — and whom it was e-mailed to.",
    ),
    "alerts_none": ("لا تنبيهات لمناطقك حتى الآن.", "No alerts for your regions so far."),
    "alerts_nothing_new": (
        "لا تنبيهات جديدة. اعرض الكل لرؤية ما أُقرّ باستلامه أو زال سببه.",
        "No new alerts. Show all to see those acknowledged or cleared.",
    ),
    "alerts_new": ("تنبيهات جديدة", "New alerts"),
    "alerts_acknowledged": ("أُقرّ باستلامها", "Acknowledged"),
    "alerts_cleared": ("زال سببها", "Cleared"),
    "alerts_cleared_note": (
        "لم يعد النشر الأخير يجدها (وصلت الملفات مثلاً)",
        "the last publish no longer finds them (e.g. the files came)",
    ),
    "alerts_show_all": ("عرض الكل", "Show all"),
    "alerts_more": ("يُعرض {shown} من {total}.", "Showing {shown} of {total}."),
    "alert_status_new": ("جديد", "New"),
    "alert_status_acknowledged": ("أُقرّ باستلامه", "Acknowledged"),
    "alert_status_cleared": ("زال السبب", "Cleared"),
    "alert_raised_at": ("رُصد في {at}", "Raised {at}"),
    "alert_sent_to": ("أُرسل بالبريد إلى {people}", "e-mailed to {people}"),
    "alert_not_sent": ("لم يُرسل بعد إلى {people}", "not sent yet to {people}"),
    "alert_acknowledged_by": ("أقرّ باستلامه {user} في {at}", "acknowledged by {user} at {at}"),
    "alert_acknowledge": ("إقرار بالاستلام", "Acknowledge"),
    "alert_out_of_scope": (
        "هذا التنبيه لمنطقة خارج نطاقك؛ سُجّلت المحاولة.",
        "This alert is about a region outside your scope; the attempt was logged.",
    ),
    # comments on the scorecard
    "comments_title": ("التعليقات والإجراءات", "Comments and actions"),
    "comments_read_only": (
        "يكتب التعليقات المستخدمون الوطنيون ومستخدمو المنطقة.",
        "Comments are written by national users and the region's own users.",
    ),
    "comment_kpi": ("المؤشر", "KPI"),
    "comment_body": ("لماذا تغيّر، وما الذي يُفعل", "Why it moved, and what is being done"),
    "comment_owner_field": ("مسؤول الإجراء (اختياري)", "Action owner (optional)"),
    "comment_due": ("موعد الإنجاز (اختياري)", "Due date (optional)"),
    "comment_save": ("حفظ التعليق", "Save comment"),
    "comment_owner": ("المسؤول: {owner} · الموعد: {due}", "Owner: {owner} · due: {due}"),
    "comment_invalid": ("لم يُحفظ التعليق: {reason}", "The comment was not saved: {reason}"),
    "comment_refused": (
        "لا يمكنك التعليق على هذه المنطقة؛ سُجّلت المحاولة.",
        "You may not comment on this region; the attempt was logged.",
    ),
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
    "n_recipients": (
        ("مستلم واحد", "مستلمَين", "{n} مستلمين", "{n} مستلماً", "{n} مستلم"),
        ("{n} recipient", "{n} recipients"),
    ),
    "n_records": (
        ("سجل واحد", "سجلين", "{n} سجلات", "{n} سجلاً", "{n} سجل"),
        ("{n} record", "{n} records"),
    ),
}
