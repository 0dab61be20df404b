"""Strings of the steward's upload page in Arabic and English. Merged into the translation
catalogue (`dashboards.catalogue`)."""

from __future__ import annotations

UPLOAD: dict[str, tuple[str, str]] = {
    "page_upload": ("رفع ملف", "Upload a file"),
    "page_upload_title": ("رفع ملف بيانات", "Upload a data file"),
    "upload_caption": (
        "يُقرأ الملف كما يُقرأ أي ملف في صندوق الوارد: معاينة أولاً دون حفظ، ثم يُحفظ في صندوق الوارد ويُحمَّل. "
        "تظهر أرقامه في اللوحات بعد البناء والنشر التاليين.",
        "The file is read as any file in the inbox is: a preview first, nothing saved; then it lands "
        "in the inbox and is loaded. Its numbers reach the dashboards with the next build and publish.",
    ),
    "upload_source": ("مصدر البيانات", "Source"),
    "upload_file": ("الملف (CSV أو XLSX أو JSON)", "The file (CSV, XLSX or JSON)"),
    "upload_mapping": ("تخطيط الأعمدة", "Column mapping"),
    "upload_mapping_standard": (
        "التخطيط القياسي (أو تخطيط معروف مثل Open311)",
        "The standard layout (or a known one, such as Open311)",
    ),
    "upload_mapping_existing": ("تخطيط موجود في صندوق الوارد", "A mapping already in the inbox"),
    "upload_mapping_suggested": (
        "تخطيط مقترح من الملف (قابل للتعديل)",
        "A mapping suggested from the file (editable)",
    ),
    "upload_mapping_pick": ("التخطيط", "Mapping"),
    "upload_mapping_text": ("نص التخطيط (YAML)", "The mapping (YAML)"),
    "upload_mapping_none": ("لا توجد تخطيطات لهذا المصدر بعد.", "No mapping for this source yet."),
    "upload_submit": ("إرسال الملف", "Send the file"),
    "upload_rows_in": ("صفوف الملف", "Rows in the file"),
    "upload_would_load": ("ستُحمَّل", "Would load"),
    "upload_would_refuse": ("ستُرفض", "Would be refused"),
    "upload_loaded": ("حُمِّلت", "Loaded"),
    "upload_refused": ("رُفضت", "Refused"),
    "upload_unchanged": ("دون تغيير", "Unchanged"),
    "upload_date_order": (
        "ترتيب التاريخ في «{column}»: {order}",
        "Date order of “{column}”: {order}",
    ),
    "upload_first_rows": ("الصفوف الأولى كما ستُقرأ", "The first rows as they will be read"),
    "upload_unmapped": (
        "قيم لا يعرفها التخطيط (صفوفها ستُرفض)",
        "Values no mapping resolves (their rows would be refused)",
    ),
    "upload_defaulted": ("قيم أخذت القيمة الافتراضية", "Values that fell to the default"),
    "upload_file_refused": (
        "سيُرفض الملف كله: {reason}",
        "The whole file would be refused: {reason}",
    ),
    "upload_outside_scope": (
        "في الملف صفوف لمناطق خارج نطاقك: {regions}. قسّم الملف أو اطلب من مستخدم وطني رفعه.",
        "The file holds rows of regions outside your scope: {regions}. Split the file, or ask a national user to send it.",
    ),
    "upload_regions": ("الصفوف حسب المنطقة: {regions}", "Rows by region: {regions}"),
    "upload_bad_extension": (
        "«{name}»: نوع ملف غير مقبول؛ المقبول: {allowed}.",
        "“{name}”: not a file type Mizan reads; allowed: {allowed}.",
    ),
    "upload_empty": ("«{name}» فارغ.", "“{name}” is empty."),
    "upload_bad_mapping": ("التخطيط غير صالح: {error}", "The mapping is not valid: {error}"),
    "upload_received": (
        "وصل الملف ({path}) وحُمِّل، ثم نُقل إلى الأرشيف كأي ملف في صندوق الوارد. ستظهر أرقامه بعد النشر التالي.",
        "The file ({path}) is loaded, then archived like any inbox file. Its numbers appear with the next publish.",
    ),
    "upload_queued": (
        "وصل الملف إلى صندوق الوارد ({path}). البناء جارٍ الآن، وسيُحمِّله البناء التالي.",
        "The file is in the inbox ({path}). A build is running; the next build loads it.",
    ),
    "upload_rejected_rows": ("الصفوف المرفوضة وأسبابها", "The refused rows and why"),
    "upload_field": ("الحقل", "Field"),
    "upload_value": ("القيمة", "Value"),
    "upload_count": ("الصفوف", "Rows"),
}
