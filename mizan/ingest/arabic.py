"""Arabic-aware text normalisation: digits, letter variants and the matching key for names.

Why: the same governorate or label arrives as "محافظة قنا", "قنا", "قنــا", "Qena" or "QENA"; the
same number as "١٢٣٫٥" or "۱۲۳"; the same Latin transliteration as "Al-Aqaba", "Aqaba",
"Ar Riyāḑ", "Ḥā'il" or "Az Zarqā’". Everything that compares names goes through `match_key` so that
spelling variants meet, and everything that parses numbers goes through `to_western_digits`.
Folding only makes declared spellings meet: it never guesses (no edit distance, no fuzzy match).
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
WESTERN_DIGITS = "0123456789"

# Arabic decimal separator (U+066B) and thousands separator (U+066C); the Arabic comma (U+060C)
# is a list separator in text but a thousands separator inside numbers written by some tools.
ARABIC_DECIMAL_SEPARATOR = "\u066b"
ARABIC_THOUSANDS_SEPARATOR = "\u066c"

_DIGIT_TABLE = str.maketrans(
    ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + ARABIC_DECIMAL_SEPARATOR + ARABIC_THOUSANDS_SEPARATOR,
    WESTERN_DIGITS + WESTERN_DIGITS + ".,",
)

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks: never part of a name.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTER_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",  # Persian keheh typed on Persian keyboards
        "ی": "ي",  # Persian yeh
    }
)

# Administrative words that precede a region or department name and carry no identity:
# "محافظة قنا" is Qena, "أمانة منطقة الرياض" is Riyadh. Compared after normalisation.
ADMIN_PREFIXES = (
    "محافظه",
    "منطقه",
    "امانه",
    "اداره",
    "قسم",
    "مركز",
    "governorate of",
    "governorate",
    "province of",
    "province",
    "region of",
    "region",
    "amanat",
    "amanah",
    "amana",
    "municipality of",
    "municipality",
    "department of",
    "department",
    "dept",
    "secretariat of",
    "secretariat",
)
# The Arabic article in Latin transliteration, as a word of its own ("Al-Aqaba", "El Giza",
# "Kafr el-Sheikh") or assimilated to a sun letter ("Ar Riyad", "Az Zarqa", "As Salt",
# "Ash Sharqiyah", "Ad Dammam", "At Tafilah", "An Nabk", "Adh Dhahirah", "Ath Thawrah"). Dropped from
# region and secretariat names only (never from headers or labels), only where it begins the name
# (after any administrative word) and only before another word: "Kafr el-Sheikh" keeps its "el".
LATIN_ARTICLES = frozenset(
    {"al", "el", "il", "ul"}
    | {f"{v}{c}" for v in "ae" for c in ("t", "th", "d", "dh", "r", "z", "s", "sh", "n")}
)
# Apostrophe-like marks that transliterations use for hamza and ʿayn ("Ma'an", "Maʿān", "Ḥā’il"):
# removed, so that "Ma'an" and "Maan" meet.
_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bb\u02bc\u02be\u02bf\u0060\u00b4\u2032\u02c8]")
_ADMIN_SUFFIXES = ("governorate", "province", "region", "municipality", "department", "secretariat")


def to_western_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits and Arabic separators with their ASCII forms."""
    return text.translate(_DIGIT_TABLE)


def fold_arabic(text: str) -> str:
    """Remove diacritics and tatweel and unify alef/hamza, ta marbuta and alef maqsura variants."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_LETTER_TABLE)


def fold_latin(text: str) -> str:
    """Drop accents and transliteration marks from Latin letters: "Riyāḑ" -> "Riyad",
    "Ḥā'il" -> "Hail", "Maʿān" -> "Maan" (compatibility decomposition, combining marks removed,
    apostrophe-like marks removed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", stripped)


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def match_key(text: str | None, *, strip_admin_words: bool = True) -> str:
    """The key under which spelling variants of one name compare equal.

    Lower-cases Latin and drops its accents and transliteration marks, folds Arabic letter
    variants, turns punctuation into spaces, drops administrative prefixes ("محافظة",
    "Governorate of") and squeezes spaces away, so that "Kafr el-Sheikh", "kafr El Sheikh" and
    "KAFR ELSHEIKH" share one key. With `strip_admin_words` (names of regions and secretariats,
    not headers or labels) the Latin article that begins a name is dropped too: "Al-Aqaba",
    "Ar Riyāḑ" and "Az Zarqā’" key as "aqaba", "riyad" and "zarqa".
    """
    if text is None:
        return ""
    folded = fold_latin(fold_arabic(to_western_digits(str(text))).casefold())
    words = _NON_WORD.sub(" ", folded).split()
    if strip_admin_words:
        words = _strip_admin_words(words)
    return "".join(words)


def _strip_admin_words(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for prefix in ADMIN_PREFIXES:
            prefix_words = prefix.split()
            n = len(prefix_words)
            if len(words) > n and words[:n] == prefix_words:
                words = words[n:]
                changed = True
                break
        if len(words) > 1 and words[-1] in _ADMIN_SUFFIXES:
            words = words[:-1]
            changed = True
        # the Latin article that begins a name: "Al-Aqaba", "Governorate of Az Zarqa"
        if len(words) > 1 and words[0] in LATIN_ARTICLES:
            words = words[1:]
            changed = True
        # "ال" + admin word glued on, e.g. "المنطقه الشرقيه" keeps "الشرقيه" as the name
        if len(words) > 1 and words[0] in ("المنطقه", "المحافظه"):
            words = words[1:]
            changed = True
    return words
