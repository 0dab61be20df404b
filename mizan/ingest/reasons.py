"""Why a row or a file was refused: stable codes with a message in Arabic and English.

The codes are part of the contract with data stewards (they filter by them on the data-quality
page) and with the demo generator's fault manifest (tests prove each injected fault is caught
with its expected code). Messages take `column` and `value` placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    en: str
    ar: str

    def render(self, lang: str = "en", **values: object) -> str:
        template = self.ar if lang == "ar" else self.en
        return template.format_map(_Default(values))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "?"


# Row-level reasons: the row goes to raw.quarantine, the rest of the file loads. The order below
# is also the precedence when a row fails more than one check: the row is quarantined with the
# first failing reason in this order (ties broken by the column's position in the contract).
ROW_REASONS = {
    r.code: r
    for r in (
        Reason(
            "malformed_row",
            "The row has more cells than the header ({value}); its values may be shifted. Check "
            "for a stray delimiter or an unclosed quote.",
            "يحتوي الصف على خلايا أكثر من عناوين الأعمدة ({value})؛ قد تكون القيم مُزاحة. "
            "راجع وجود فاصل زائد أو علامة تنصيص غير مغلقة.",
        ),
        Reason(
            "line_too_long",
            "The line is too long to read ({value}; at most 1 MiB per line); nothing of it was "
            "loaded. Check for a missing line break or an enormous cell.",
            "السطر أطول من أن يُقرأ ({value}؛ الحد 1 ميغابايت للسطر)؛ لم يُحمَّل منه شيء. راجع "
            "وجود فاصل أسطر مفقود أو خلية ضخمة.",
        ),
        Reason(
            "missing_value",
            "Required field '{column}' is empty.",
            "الحقل الإلزامي «{column}» فارغ.",
        ),
        Reason(
            "unknown_region",
            "Region '{value}' is not one of this organisation's regions (check the spelling or "
            "add it as an alias in the profile).",
            "المنطقة «{value}» ليست ضمن مناطق الجهة (راجع الكتابة أو أضفها كاسم بديل في ملف التعريف).",
        ),
        Reason(
            "unknown_secretariat",
            "Secretariat/department '{value}' is not one of this organisation's secretariats.",
            "الأمانة/الإدارة «{value}» ليست ضمن أمانات الجهة.",
        ),
        Reason(
            "invalid_choice",
            "'{value}' is not an accepted value for '{column}'.",
            "القيمة «{value}» غير مقبولة في الحقل «{column}».",
        ),
        Reason(
            "invalid_number",
            "'{value}' in '{column}' is not a number.",
            "القيمة «{value}» في الحقل «{column}» ليست رقمًا.",
        ),
        Reason(
            "negative_count",
            "'{column}' is negative ({value}); counts and amounts cannot be below zero.",
            "الحقل «{column}» سالب ({value})؛ الأعداد والمبالغ لا تكون أقل من صفر.",
        ),
        Reason(
            "out_of_range",
            "'{column}' = {value} is outside the accepted range.",
            "قيمة «{column}» = {value} خارج النطاق المقبول.",
        ),
        Reason(
            "invalid_date",
            "'{value}' in '{column}' is not a valid date (accepted: YYYY-MM-DD, DD/MM/YYYY, "
            "Excel serial, Hijri such as ١٤٤٧/٠٥/٠٣ هـ).",
            "القيمة «{value}» في الحقل «{column}» ليست تاريخًا صحيحًا (المقبول: YYYY-MM-DD أو "
            "DD/MM/YYYY أو رقم تاريخ إكسل أو تاريخ هجري مثل ١٤٤٧/٠٥/٠٣ هـ).",
        ),
        Reason(
            "ambiguous_date",
            "'{value}' in '{column}' can be read as more than one date (e.g. a two-digit year); "
            "write the full year.",
            "القيمة «{value}» في الحقل «{column}» تحتمل أكثر من تاريخ (مثل سنة من رقمين)؛ اكتب السنة كاملة.",
        ),
        Reason(
            "future_date",
            "'{column}' ({value}) lies in the future.",
            "تاريخ «{column}» ({value}) في المستقبل.",
        ),
        Reason(
            "out_of_order",
            "'{column}' ({value}) comes before the time it follows from; e.g. a response before "
            "the complaint was received.",
            "«{column}» ({value}) يسبق الوقت الذي يجب أن يليه؛ مثل رد قبل استلام الشكوى.",
        ),
        Reason(
            "duplicate_conflict",
            "The file holds the key '{value}' more than once with different contents; none of "
            "them was loaded.",
            "يحتوي الملف على المفتاح «{value}» أكثر من مرة بمحتوى مختلف؛ لم يُحمَّل أي منها.",
        ),
    )
}

# File-level reasons: nothing of the file is loaded; the ingest log says why.
FILE_REASONS = {
    r.code: r
    for r in (
        Reason(
            "missing_columns",
            "The file lacks required column(s) {column}. Accepted headers: {value}.",
            "ينقص الملف العمود/الأعمدة الإلزامية {column}. العناوين المقبولة: {value}.",
        ),
        Reason(
            "undecodable",
            "The file's text encoding could not be recognised (tried UTF-8, UTF-16, "
            "Windows-1256): {value}. Save it as UTF-8 CSV or XLSX and send it again.",
            "تعذّر التعرف على ترميز الملف (جُرِّب UTF-8 وUTF-16 وWindows-1256): {value}. احفظه بصيغة "
            "CSV UTF-8 أو XLSX وأعد إرساله.",
        ),
        Reason(
            "unreadable",
            "The file could not be read as {column}: {value}.",
            "تعذّرت قراءة الملف بصيغة {column}: {value}.",
        ),
        Reason(
            "unsupported_format",
            "Files of type '{value}' are not accepted "
            "(CSV, TXT, TSV, XLSX, XLS, ODS, JSON, JSONL).",
            "الملفات من نوع «{value}» غير مقبولة "
            "(CSV أو TXT أو TSV أو XLSX أو XLS أو ODS أو JSON أو JSONL).",
        ),
        Reason(
            "not_a_regular_file",
            "Refused without reading it: {value}. Only regular files inside the inbox are read; "
            "put the file itself there (not a link).",
            "رُفض دون قراءته: {value}. لا تُقرأ إلا الملفات العادية داخل صندوق الوارد؛ ضع الملف "
            "نفسه هناك (لا رابطًا إليه).",
        ),
        Reason(
            "duplicate_columns",
            "The columns {column} all hold the field '{value}'; keep only one of them.",
            "الأعمدة {column} كلها تمثل الحقل «{value}»؛ أبقِ عمودًا واحدًا منها.",
        ),
        Reason(
            "bad_mapping",
            "The mapping file {column} for this folder cannot be used: {value}",
            "ملف الربط {column} لهذا المجلد غير صالح: {value}",
        ),
        Reason(
            "ambiguous_date_order",
            "The dates in column '{column}' can be read day-first or month-first (e.g. {value}) "
            "and nothing in the file settles it. Declare the order: in the folder's mapping.yml "
            "`date_order: mdy` (month/day/year) or `date_order: dmy` (day/month/year), for all "
            "dates or in the field, or `formats: ['%m/%d/%Y']`; or `date_order` in the profile.",
            "يمكن قراءة التواريخ في العمود «{column}» باليوم أولًا أو بالشهر أولًا (مثل {value}) "
            "ولا شيء في الملف يحسم ذلك. حدِّد الترتيب: في ملف mapping.yml للمجلد "
            "`date_order: mdy` (شهر/يوم/سنة) أو `date_order: dmy` (يوم/شهر/سنة)، لكل التواريخ أو "
            "في الحقل، أو `formats: ['%m/%d/%Y']`؛ أو `date_order` في ملف تعريف الجهة.",
        ),
        Reason(
            "contradictory_date_order",
            "Column '{column}' mixes day-first and month-first dates ({value}); one file must "
            "use one order. Correct the file and send it again.",
            "يخلط العمود «{column}» بين تواريخ اليوم أولًا والشهر أولًا ({value})؛ يجب أن يستخدم "
            "الملف ترتيبًا واحدًا. صحِّح الملف وأعد إرساله.",
        ),
    )
}

REASONS = {**ROW_REASONS, **FILE_REASONS}


def reason_text(code: str, lang: str = "en", **values: object) -> str:
    return REASONS[code].render(lang, **values)
