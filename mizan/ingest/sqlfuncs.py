"""The parsing grammar of `parsing` in DuckDB SQL, for set-wise normalisation of whole batches.

`install(con)` creates connection-local (TEMP) macros and the Hijri month table once per
connection. Numbers are parsed per row by macros; dates and times are parsed once per DISTINCT
text of a batch by `datetime_select` (a batch of 300,000 tickets has far fewer distinct dates than
rows) and joined back. The regular expressions are those of `parsing`, so that the Python
reference and the SQL cannot drift apart unnoticed (tests/unit/test_ingest_parsing.py compares
them on generated input).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import duckdb

from mizan.ingest import parsing as P
from mizan.ingest.arabic import (
    ARABIC_DECIMAL_SEPARATOR,
    ARABIC_INDIC_DIGITS,
    ARABIC_THOUSANDS_SEPARATOR,
    PERSIAN_DIGITS,
    WESTERN_DIGITS,
)
from mizan.ingest.hijri import HIJRI_TABLE, ensure_hijri_table

TRIM_CHARS = P.TRIM_CHARS
_DIGITS_FROM = (
    ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + ARABIC_DECIMAL_SEPARATOR + ARABIC_THOUSANDS_SEPARATOR
)
_DIGITS_TO = WESTERN_DIGITS + WESTERN_DIGITS + ".,"


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def re_class(chars: str) -> str:
    """A regular-expression class of these characters, each written as its code point."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


# Fast guards: trimming and digit translation only run on the few values that need them.
_EDGE_RE = f"^{re_class(TRIM_CHARS)}|{re_class(TRIM_CHARS)}$"
_NON_WESTERN_DIGIT_RE = re_class(_DIGITS_FROM)
# Identifiers keep invisible marks (a URL id ending in a right-to-left mark is stored as sent):
# only whitespace is trimmed from them.
ID_TRIM_CHARS = "".join(c for c in TRIM_CHARS if c.isspace())
_ID_EDGE_RE = f"^{re_class(ID_TRIM_CHARS)}|{re_class(ID_TRIM_CHARS)}$"

# Fast paths for the two commonest layouts, applied to the text as sent (same results as the full
# grammar, which handles everything else): ISO date/time and dd/mm/yyyy with two-digit day and
# month, Gregorian 1900-2099, no offset.
_HMS = r"(?:[ Tt]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?"
FAST_ISO_RE = r"^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _HMS + "$"
FAST_DMY_RE = (
    r"^(0[1-9]|[12]\d|3[01])/(0[1-9]|1[0-2])/(19|20)\d\d" + _HMS.replace("[ Tt]", " ") + "$"
)
FAST_DMY_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
FAST_RE = "^(?:" + FAST_ISO_RE[1:-1] + "|" + FAST_DMY_RE[1:-1] + ")$"
# The same texts read month first (a file or column whose order was decided as mdy).
FAST_MDY_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
DATE_ORDERS = ("dmy", "mdy")

MACROS = {
    # trimmed text, NULL when empty
    "mz_clean": (
        f"(s) AS CASE WHEN regexp_matches(s, {lit(_EDGE_RE)}) "
        f"THEN nullif(trim(s, {lit(TRIM_CHARS)}), '') ELSE nullif(s, '') END"
    ),
    "mz_digits": (
        f"(s) AS CASE WHEN regexp_matches(s, {lit(_NON_WESTERN_DIGIT_RE)}) "
        f"THEN translate(s, {lit(_DIGITS_FROM)}, {lit(_DIGITS_TO)}) ELSE s END"
    ),
    # identifiers: kept as sent (digits, bidi marks and all), only surrounding whitespace
    # trimmed; NULL when nothing but blanks and invisible marks
    "mz_id": (
        f"(s) AS CASE WHEN mz_clean(s) IS NULL THEN NULL "
        f"WHEN regexp_matches(s, {lit(_ID_EDGE_RE)}) THEN trim(s, {lit(ID_TRIM_CHARS)}) "
        "ELSE s END"
    ),
    # number text prepared for casting, NULL when missing or a placeholder such as '-'
    "mz_num_prep": (
        "(s) AS nullif(regexp_replace(translate(lower(mz_clean(s)), "
        + lit(_DIGITS_FROM + "،\u2212" + P.NUMBER_SPACES)
        + ", "
        + lit(_DIGITS_TO + ",-")
        + "), "
        + lit(P.PLACEHOLDER_RE)
        + ", ''), '')"
    ),
    # a prepared number text without its thousands separators, NULL if it is not a number
    "mz_num_text": (
        "(p) AS CASE WHEN regexp_full_match(p, "
        + lit(P.NUMBER_GROUPED_RE)
        + ") THEN replace(p, ',', '') WHEN regexp_full_match(p, "
        + lit(P.NUMBER_PLAIN_RE)
        + ") THEN p END"
    ),
    "mz_num_double": "(p) AS try_cast(mz_num_text(p) AS DOUBLE)",
    "mz_count": (
        "(p) AS CASE WHEN mz_num_double(p) = floor(mz_num_double(p)) "
        "AND abs(mz_num_double(p)) < 9e15 THEN CAST(mz_num_double(p) AS BIGINT) END"
    ),
    "mz_amount": (
        "(p) AS CASE WHEN contains(p, 'e') THEN try_cast(mz_num_double(p) AS DECIMAL(18, 2)) "
        "ELSE try_cast(mz_num_text(p) AS DECIMAL(18, 2)) END"
    ),
    "mz_dt_isfast": f"(v) AS regexp_full_match(v, {lit(FAST_RE)})",
    # the value of a text mz_dt_isfast accepted
    "mz_dt_fast": (
        "(v) AS CASE WHEN substr(v, 5, 1) = '-' "
        "THEN try_cast(replace(replace(v, 'T', ' '), 't', ' ') AS TIMESTAMP) "
        "ELSE try_strptime(v, [" + ", ".join(lit(f) for f in FAST_DMY_FORMATS) + "]) END"
    ),
    "mz_dt_fast_mdy": (
        "(v) AS CASE WHEN substr(v, 5, 1) = '-' "
        "THEN try_cast(replace(replace(v, 'T', ' '), 't', ' ') AS TIMESTAMP) "
        "ELSE try_strptime(v, [" + ", ".join(lit(f) for f in FAST_MDY_FORMATS) + "]) END"
    ),
    # 'km01; KM04' -> 'KM01|KM04'
    "mz_codes": (
        "(s) AS nullif(array_to_string(list_sort(list_distinct(list_filter("
        "regexp_split_to_array(upper(mz_digits(mz_clean(s))), "
        + lit(P.CODES_SPLIT_RE)
        + "), lambda x: x <> ''))), '|'), '')"
    ),
}


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the macros and the Hijri table on this connection (idempotent, a few ms)."""
    for name, body in MACROS.items():
        con.execute(f"CREATE OR REPLACE TEMP MACRO {name}{body}")
    ensure_hijri_table(con)


def check_timezone(tz: str) -> str:
    ZoneInfo(tz)  # raises for an unknown zone, before it reaches SQL
    return tz


def datetime_select(source_sql: str, tz: str, order: str = "dmy") -> str:
    """SELECT v, ts, err FROM the distinct texts `v` of `source_sql` (a query with column v).

    ts is the naive local TIMESTAMP in `tz`; err is 'invalid_date' / 'ambiguous_date' when the
    text is present but not a date, NULL when it parsed or was empty. `order` says how a
    Gregorian date written a/b/yyyy is read: 'dmy' (day first) or 'mdy' (month first); Hijri
    dates are always day first.
    """
    if order not in DATE_ORDERS:
        raise ValueError(f"date order {order!r}; expected one of {DATE_ORDERS}")
    day_part, month_part = ("g.b", "g.a") if order == "mdy" else ("g.a", "g.b")
    tz_lit = lit(check_timezone(tz))
    groups = "[" + ", ".join(lit(g) for g in P.DATETIME_GROUPS) + "]"
    hijri_marks = "(" + ", ".join(lit(m) for m in P.HIJRI_MARKS) + ")"
    return f"""
WITH p AS (
    SELECT v, CASE WHEN regexp_matches(s0, '[\\t\\n\\r\\f]|  ')
                   THEN regexp_replace(s0, {lit(P.SPACES_RE)}, ' ', 'g') ELSE s0 END AS s
    FROM (
        SELECT v, lower(mz_digits(mz_clean(v))) AS s0
        FROM (SELECT DISTINCT v FROM ({source_sql}) WHERE v IS NOT NULL)
    )
), m AS (
    SELECT v, s,
        s IS NULL OR regexp_full_match(s, {lit(P.PLACEHOLDER_RE)}) AS missing,
        regexp_full_match(s, {lit(P.EXCEL_SERIAL_RE)}) AS is_serial,
        regexp_full_match(s, {lit(P.DATETIME_RE)}) AS is_dt,
        regexp_extract(s, {lit(P.DATETIME_RE)}, {groups}) AS g
    FROM p
), c AS (
    SELECT v, missing, is_serial, is_dt, g,
        CASE WHEN length(g.a) = 4 AND length(g.c) <= 2 THEN 'ymd'
             WHEN length(g.c) = 4 AND length(g.a) <= 2 THEN 'dmy'
             WHEN length(g.a) <= 2 AND length(g.c) <= 2 THEN 'amb'
             ELSE 'bad' END AS layout,
        CASE WHEN is_serial THEN try_cast(regexp_extract(s, {lit(P.EXCEL_SERIAL_RE)}, 1) AS INTEGER)
             END AS serial_days,
        CASE WHEN is_serial THEN
            CAST(floor(try_cast('0' || regexp_extract(s, {lit(P.EXCEL_SERIAL_RE)}, 2) AS DOUBLE)
                       * 86400 + 0.5) AS BIGINT) END AS serial_secs
    FROM m
), d AS (
    SELECT *,
        try_cast(CASE layout WHEN 'ymd' THEN g.a WHEN 'dmy' THEN g.c END AS INTEGER) AS y,
        try_cast(g.b AS INTEGER) AS mo,
        try_cast(CASE layout WHEN 'ymd' THEN g.c WHEN 'dmy' THEN g.a END AS INTEGER) AS dd,
        try_cast(CASE layout WHEN 'dmy' THEN {month_part} ELSE g.b END AS INTEGER) AS mo_g,
        try_cast(CASE layout WHEN 'ymd' THEN g.c WHEN 'dmy' THEN {day_part} END AS INTEGER)
            AS dd_g,
        try_cast(nullif(g.hh, '') AS INTEGER) AS hh,
        coalesce(try_cast(nullif(g.mi, '') AS INTEGER), 0) AS mi,
        coalesce(try_cast(nullif(g.ss, '') AS INTEGER), 0) AS ss,
        CAST(rpad(left(coalesce(nullif(g.frac, ''), '0'), 6), 6, '0') AS BIGINT) AS micros,
        nullif(g.ampm, '') AS ampm,
        nullif(g.tz, '') AS tzs,
        g.era IN {hijri_marks} OR g.era2 <> '' AS hijri_mark
    FROM c
), e AS (
    SELECT d.*,
        (hijri_mark OR y BETWEEN {P.HIJRI_YEAR_HINT[0]} AND {P.HIJRI_YEAR_HINT[1]}) AS hijri,
        CASE WHEN hh IS NULL THEN 0
             WHEN ampm IS NULL THEN CASE WHEN hh <= 23 AND mi <= 59 AND ss <= 59 THEN hh END
             WHEN hh BETWEEN 1 AND 12 AND mi <= 59 AND ss <= 59
                 THEN hh % 12 + CASE WHEN ampm IN ('pm', 'م') THEN 12 ELSE 0 END
        END AS hour24,
        CASE WHEN tzs IS NULL THEN NULL
             WHEN tzs IN ('z', 'utc', 'gmt') THEN 0
             ELSE (CASE WHEN left(tzs, 1) = '-' THEN -1 ELSE 1 END)
                  * (CAST(substr(replace(tzs, ':', ''), 2, 2) AS INTEGER) * 60
                     + coalesce(try_cast(
                           nullif(substr(replace(tzs, ':', ''), 4, 2), '') AS INTEGER), 0))
        END AS offset_min
    FROM d
), f AS (
    SELECT e.*,
        CASE WHEN is_serial THEN
                 CASE WHEN serial_days BETWEEN {P.EXCEL_SERIAL_MIN} AND {P.EXCEL_SERIAL_MAX}
                      THEN DATE '{P.EXCEL_EPOCH.isoformat()}' + serial_days END
             WHEN NOT is_dt OR layout NOT IN ('ymd', 'dmy') THEN NULL
             WHEN hijri THEN CASE WHEN dd BETWEEN 1 AND h.ndays THEN h.gstart + (dd - 1) END
             WHEN y BETWEEN {P.GREGORIAN_YEARS[0]} AND {P.GREGORIAN_YEARS[1]}
                 THEN try(make_date(y, mo_g, dd_g))
        END AS the_date
    FROM e LEFT JOIN {HIJRI_TABLE} h ON e.hijri AND h.hy = e.y AND h.hm = e.mo
), t AS (
    SELECT v, missing, is_serial, is_dt, layout, offset_min,
        CASE WHEN is_serial THEN CAST(the_date AS TIMESTAMP) + to_seconds(serial_secs)
             WHEN hour24 IS NOT NULL THEN CAST(the_date AS TIMESTAMP)
                  + to_microseconds(
                      ((hour24 * 60 + mi) * 60 + ss) * CAST(1000000 AS BIGINT) + micros)
        END AS local_ts
    FROM f
)
SELECT v,
    CASE WHEN missing THEN NULL
         WHEN offset_min IS NULL THEN local_ts
         ELSE timezone({tz_lit}, timezone('UTC', local_ts - to_minutes(offset_min)))
    END AS ts,
    CASE WHEN missing THEN NULL
         WHEN NOT is_serial AND is_dt AND layout = 'amb' THEN 'ambiguous_date'
         WHEN local_ts IS NULL THEN 'invalid_date'
    END AS err
FROM t
"""


def formats_expr(column_sql: str, formats: tuple[str, ...]) -> str:
    """try_strptime over explicit formats (mapping files), on trimmed western-digit text."""
    fmt_list = "[" + ", ".join(lit(f) for f in formats) + "]"
    return f"try_strptime(mz_digits(mz_clean({column_sql})), {fmt_list})"
