"""Personal data (fields of kind "pii"): pseudonymised at ingest, never stored in clear.

The value is normalised first, so that "0100 123 4567" and "٠١٠٠١٢٣٤٥٦٧" or "Ahmed@Mail.com" and
"ahmed@mail.com " hash alike (a repeat complainant stays recognisable without being identifiable),
then hashed as hex sha256(secret + normalised value) with the deployment's secret. The hashing
happens in SQL while a file is staged, so the clear value never reaches a table — not the raw
tables, not raw.quarantine (whose verbatim row JSON shows the hash), not a staging table. The
original files in the archive are the only copy in clear: protect that folder.

`hash_pii` is the same computation in Python (tests; anything outside a batch).
"""

from __future__ import annotations

import hashlib
import re

from mizan.ingest.arabic import to_western_digits
from mizan.ingest.parsing import TRIM_CHARS

# Which normalisation a pii field gets, by a word in its name.
PII_STYLES = ("phone", "email", "national_id", "name")
_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640"
_LETTERS_FROM = "أإآٱةىؤئکی"
_LETTERS_TO = "ااااهيويكي"


def pii_style(field_name: str) -> str:
    for style in PII_STYLES[:-1]:
        if style in field_name:
            return style
    return "name"


def normalise_pii(style: str, value: str | None) -> str | None:
    """The normalised form that is hashed; None when there is nothing to hash."""
    if value is None:
        return None
    text = to_western_digits(str(value)).strip(TRIM_CHARS)
    if style == "phone":
        text = re.sub(r"[^0-9]", "", text)
    elif style == "email":
        text = text.lower()
    elif style == "national_id":
        text = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    else:
        text = text.translate(str.maketrans(_LETTERS_FROM, _LETTERS_TO, _DIACRITICS)).lower()
        text = re.sub(r"[ \t\n\r\f]+", " ", text)
    return text or None


def hash_pii(style: str, value: str | None, secret: str) -> str | None:
    normalised = normalise_pii(style, value)
    if normalised is None:
        return None
    return hashlib.sha256((secret + normalised).encode("utf-8")).hexdigest()


def pii_sql(style: str, column_sql: str, secret_param: str = "$secret") -> str:
    """SQL computing `hash_pii(style, column, secret)`; the secret is a bound parameter, never
    spliced into SQL text (which may be logged)."""
    from mizan.ingest.sqlfuncs import lit

    text = f"mz_digits(mz_clean({column_sql}))"
    if style == "phone":
        norm = (
            f"CASE WHEN regexp_full_match({column_sql}, '[0-9]+') THEN {column_sql} "
            f"ELSE regexp_replace({text}, '[^0-9]', '', 'g') END"
        )
    elif style == "email":
        norm = f"lower({text})"
    elif style == "national_id":
        norm = (
            f"CASE WHEN regexp_full_match({column_sql}, '[0-9A-Z]+') THEN {column_sql} "
            f"ELSE upper(regexp_replace({text}, '[^0-9A-Za-z]', '', 'g')) END"
        )
    else:
        folded = f"lower(translate({text}, {lit(_LETTERS_FROM + _DIACRITICS)}, {lit(_LETTERS_TO)}))"
        norm = (
            f"CASE WHEN regexp_matches({column_sql}, '[\\t\\n\\r\\f]|  ') "
            f"THEN regexp_replace({folded}, '[ \\t\\n\\r\\f]+', ' ', 'g') ELSE {folded} END"
        )
    return f"sha256({secret_param} || nullif({norm}, ''))"
