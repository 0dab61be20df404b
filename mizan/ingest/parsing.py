"""How Mizan reads numbers, dates and times written by people: the grammar, as pure functions.

The ingest pipeline parses in SQL over whole batches (`sqlfuncs`), never row by row in Python.
This module is the readable definition of the same grammar — the regular expressions below are
shared with the SQL — and the reference the SQL is property-tested against, so that both agree.

Numbers
    Arabic-Indic (٠-٩) and Persian (۰-۹) digits, the Arabic decimal (٫) and thousands (٬)
    separators, the Arabic comma (،) and spaces as thousands separators, a leading sign. Grouped
    thousands must be groups of three ("1,234,567.5"); "12,5" is not a number. Counts and scores
    must be whole; amounts are rounded to 2 decimals (half away from zero).

Dates and times
    * ISO: 2024-01-05, 2024-01-05T10:30, 2024-01-05 10:30:15.250+03:00, ...Z
    * day first: 05/01/2024, 5-1-2024, 05.01.2024, with an optional time "10:30", "02:30 م";
      month first (04/13/2018 02:30:00 PM) where the file's order was decided as mdy
    * Hijri (Umm al-Qura): ١٤٤٧/٠٥/٠٣ هـ, 1447-05-03, 03/05/1447 هـ — recognised by the era mark
      (هـ, ه, AH, H) or by a year in 1300-1599
    * Excel serial numbers: 45321 (a day), 45321.5 (noon)
    A two-digit year (05/01/24) is `ambiguous_date`; anything else that does not make a real day
    (31/02/2024, 2024-13-01, 30 of a 29-day Hijri month, a Gregorian year outside 1900-2099) is
    `invalid_date`. Times without an offset are local time of the deployment; with an offset or Z
    they are converted to it. Results are naive local times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from mizan.ingest.arabic import to_western_digits
from mizan.ingest.hijri import hijri_to_gregorian

# --- shared grammar (valid both in Python `re` with re.ASCII and DuckDB's RE2) --------------

# Whitespace and invisible marks (bidi controls, zero-width space, BOM) trimmed from every value.
TRIM_CHARS = (
    " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\u200b\u200e\u200f\ufeff\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
)
SPACES_RE = r"[ \t\n\r\f]+"

# Characters removed from numbers: spaces of every width used as thousands separators.
NUMBER_SPACES = " \t\u00a0\u2009\u202f"
# A value made only of these means "nothing here" in a numeric or date cell ("-", "—", "...").
PLACEHOLDER_RE = "^[-\u2013\u2014.\u2026_/]+$"
NUMBER_PLAIN_RE = r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d{1,2})?$"
NUMBER_GROUPED_RE = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"

HIJRI_MARKS = ("هـ", "ه", "ah", "h")
_ERA = r"(هـ|ه|ah|h|م|ad|ce)"
DATETIME_RE = (
    r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})\s*" + _ERA + r"?"
    r"(?:(?:\s+|t)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(am|pm|ص|م)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?)?"
    r"\s*(هـ|ه|ah|h)?$"
)
DATETIME_GROUPS = ("a", "b", "c", "era", "hh", "mi", "ss", "frac", "ampm", "tz", "era2")
EXCEL_SERIAL_RE = r"^(\d{5})(\.\d+)?$"
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 20000, 79999  # 1954-10-03 .. 2118-12-06
GREGORIAN_YEARS = (1900, 2099)
HIJRI_YEAR_HINT = (1300, 1599)  # a year in this range is taken as Hijri even without a mark

_PLACEHOLDER = re.compile(PLACEHOLDER_RE, re.ASCII)
_PLAIN = re.compile(NUMBER_PLAIN_RE, re.ASCII)
_GROUPED = re.compile(NUMBER_GROUPED_RE, re.ASCII)
_DATETIME = re.compile(DATETIME_RE, re.ASCII)
_SERIAL = re.compile(EXCEL_SERIAL_RE, re.ASCII)
_SPACES = re.compile(SPACES_RE, re.ASCII)


@dataclass(frozen=True)
class Parsed:
    """A parsed value, or the reason code why the text could not be parsed (value None)."""

    value: object = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


MISSING = Parsed()


def clean_text(text: object) -> str | None:
    """Trimmed text, or None when nothing is left."""
    if text is None:
        return None
    value = str(text).strip(TRIM_CHARS)
    return value or None


# --- numbers -------------------------------------------------------------------------------


def prep_number(text: str) -> str:
    value = to_western_digits(text).replace("،", ",").replace("\u2212", "-").lower()
    for space in NUMBER_SPACES:
        value = value.replace(space, "")
    return value


def parse_decimal(text: object) -> Parsed:
    """Any number as a Decimal (see the module docstring for the accepted forms)."""
    value = clean_text(text)
    if value is None:
        return MISSING
    prepped = prep_number(value)
    if not prepped or _PLACEHOLDER.match(prepped):
        return MISSING
    if _GROUPED.match(prepped):
        prepped = prepped.replace(",", "")
    elif not _PLAIN.match(prepped):
        return Parsed(reason="invalid_number")
    try:
        number = Decimal(prepped)
    except InvalidOperation:
        return Parsed(reason="invalid_number")
    return Parsed(number)


def parse_count(text: object) -> Parsed:
    """A whole number (sign kept: a negative count is judged by validation, not here)."""
    parsed = parse_decimal(text)
    if parsed.value is None:
        return parsed
    number = float(parsed.value)  # type: ignore[arg-type]  # as the SQL: through a double
    if number != math.floor(number) or abs(number) >= 9e15:
        return Parsed(reason="invalid_number")
    return Parsed(int(number))


def parse_amount(text: object) -> Parsed:
    """A decimal with 2 places, rounded half away from zero (exponents go through a double)."""
    parsed = parse_decimal(text)
    if parsed.value is None:
        return parsed
    number: Decimal = parsed.value  # type: ignore[assignment]
    if "e" in prep_number(str(text)):
        number = Decimal(float(number))
    rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(rounded) >= Decimal(10) ** 16:
        return Parsed(reason="invalid_number")
    return Parsed(rounded)


# --- dates and times -----------------------------------------------------------------------


def prep_datetime(text: str) -> str:
    return _SPACES.sub(" ", to_western_digits(text).strip(TRIM_CHARS).lower())


def parse_timestamp(text: object, timezone: str, order: str = "dmy") -> Parsed:
    """A naive local datetime in `timezone` (see the module docstring for the accepted forms).

    `order` reads a Gregorian a/b/yyyy as day first ('dmy') or month first ('mdy'); the ingest
    decides it per file and column (`dateorder`). Hijri dates are always day first."""
    value = clean_text(text)
    if value is None:
        return MISSING
    s = prep_datetime(value)
    if _PLACEHOLDER.match(s):
        return MISSING
    serial = _SERIAL.match(s)
    if serial:
        whole = int(serial.group(1))
        if not EXCEL_SERIAL_MIN <= whole <= EXCEL_SERIAL_MAX:
            return Parsed(reason="invalid_date")
        seconds = round(float("0" + (serial.group(2) or "")) * 86400)
        base = dt.datetime.combine(EXCEL_EPOCH + dt.timedelta(days=whole), dt.time())
        return Parsed(base + dt.timedelta(seconds=seconds))
    m = _DATETIME.match(s)
    if not m:
        return Parsed(reason="invalid_date")
    g = dict(zip(DATETIME_GROUPS, m.groups(), strict=True))
    a, b, c = g["a"], g["b"], g["c"]
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2:
        day, month, year = int(a), int(b), int(c)
    elif len(a) <= 2 and len(c) <= 2:
        return Parsed(reason="ambiguous_date")
    else:
        return Parsed(reason="invalid_date")
    hijri = g["era"] in HIJRI_MARKS or g["era2"] is not None
    hijri = hijri or HIJRI_YEAR_HINT[0] <= year <= HIJRI_YEAR_HINT[1]
    if hijri:
        date = hijri_to_gregorian(year, month, day)
    elif GREGORIAN_YEARS[0] <= year <= GREGORIAN_YEARS[1]:
        if order == "mdy" and len(c) == 4:
            month, day = day, month
        try:
            date = dt.date(year, month, day)
        except ValueError:
            date = None
    else:
        date = None
    if date is None:
        return Parsed(reason="invalid_date")
    time = _time_of(g)
    if time is None:
        return Parsed(reason="invalid_date")
    local = dt.datetime.combine(date, dt.time()) + time
    offset = _offset_minutes(g["tz"])
    if offset is not None:
        aware = (local - dt.timedelta(minutes=offset)).replace(tzinfo=dt.UTC)
        local = aware.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return Parsed(local)


def parse_date(text: object, timezone: str, order: str = "dmy") -> Parsed:
    parsed = parse_timestamp(text, timezone, order)
    return Parsed(parsed.value.date()) if parsed.value is not None else parsed  # type: ignore[attr-defined]


def _time_of(g: dict[str, str | None]) -> dt.timedelta | None:
    if g["hh"] is None:
        return dt.timedelta()
    hour, minute, second = int(g["hh"]), int(g["mi"] or 0), int(g["ss"] or 0)
    micros = int((g["frac"] or "0")[:6].ljust(6, "0"))
    if g["ampm"] is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["ampm"] in ("pm", "م") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.timedelta(hours=hour, minutes=minute, seconds=second, microseconds=micros)


def _offset_minutes(tz: str | None) -> int | None:
    if tz is None:
        return None
    if tz in ("z", "utc", "gmt"):
        return 0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4] or 0))


def parse_with_formats(text: object, formats: tuple[str, ...]) -> Parsed:
    """Explicit strptime formats from a mapping file (e.g. %m/%d/%Y): the first that fits wins."""
    value = clean_text(text)
    if value is None:
        return MISSING
    s = to_western_digits(value)
    for fmt in formats:
        try:
            return Parsed(dt.datetime.strptime(s, fmt))
        except ValueError:
            continue
    return Parsed(reason="invalid_date")


# --- codes ---------------------------------------------------------------------------------

CODES_SPLIT_RE = r"[;,|،\t\n\r\f ]+"


def parse_codes(text: object) -> str | None:
    """'km01; KM04 ,km01' -> 'KM01|KM04' (upper-cased, unique, sorted)."""
    value = clean_text(text)
    if value is None:
        return None
    codes = sorted(
        {c for c in re.split(CODES_SPLIT_RE, to_western_digits(value).upper(), flags=re.ASCII) if c}
    )
    return "|".join(codes) or None
