"""The grammar of numbers, dates and times people write — in Python and, identically, in SQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizan.ingest import parsing as P
from mizan.ingest import sqlfuncs
from mizan.ingest.arabic import ARABIC_INDIC_DIGITS, PERSIAN_DIGITS, to_western_digits
from mizan.ingest.hijri import hijri_months, hijri_to_gregorian

TZ = "Africa/Cairo"


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    sqlfuncs.install(connection)
    yield connection
    connection.close()


def sql_timestamps(con, values: list[str], tz: str = TZ) -> dict[str, tuple]:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _t_values AS SELECT unnest($v::VARCHAR[]) AS v", {"v": values}
    )
    rows = con.execute(sqlfuncs.datetime_select("SELECT v FROM _t_values", tz)).fetchall()
    return {v: (ts, err) for v, ts, err in rows}


# --- digits and numbers ------------------------------------------------------------------------


def test_arabic_indic_and_persian_digits_become_western():
    assert to_western_digits("١٢٣٤٥٦٧٨٩٠") == "1234567890"
    assert to_western_digits("۱۲۳۴۵۶۷۸۹۰") == "1234567890"
    assert to_western_digits("١٢٣٫٥") == "123.5"
    assert to_western_digits("١٬٢٣٤") == "1,234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("١٢", 12),
        ("۱۲", 12),
        ("١٬٢٣٤", 1234),
        ("1,234,567", 1234567),
        ("1 234", 1234),
        ("١٢٫٠", 12),
        ("+7", 7),
        ("-3", -3),  # parsed; negative counts are a validation failure, not a parse failure
        ("\u22125", -5),
        ("1e3", 1000),
        ("  42\u200f", 42),
    ],
)
def test_counts(text, expected):
    assert P.parse_count(text) == P.Parsed(expected)


@pytest.mark.parametrize("text", ["12.5", "twelve", "12,5", "1,23,456", "1.2.3", "12abc", "١٢ شخص"])
def test_counts_that_are_not_numbers(text):
    assert P.parse_count(text).reason == "invalid_number"


@pytest.mark.parametrize("text", [None, "", "   ", "-", "—", "..."])
def test_empty_and_placeholder_numbers_are_missing(text):
    assert P.parse_count(text) == P.MISSING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.567", "1234.57"),
        ("١٢٣٫٤٥", "123.45"),
        ("-0.005", "-0.01"),
        ("500", "500.00"),
        ("٢٬٥٠٠٫٧٥", "2500.75"),
    ],
)
def test_amounts(text, expected):
    assert P.parse_amount(text) == P.Parsed(Decimal(expected))


def test_numbers_sql_matches_python(con):
    values = [
        "12",
        "١٢",
        "١٬٢٣٤",
        "1,234,567",
        "12.5",
        "12,5",
        "-3",
        "1e3",
        "abc",
        "-",
        "",
        "1 234",
        "1,234.567",
    ]
    for text in values:
        count, amount = con.execute(
            "SELECT mz_count(mz_num_prep($v)), mz_amount(mz_num_prep($v))", {"v": text}
        ).fetchall()[0]
        assert count == P.parse_count(text).value, text
        assert amount == P.parse_amount(text).value, text


number_texts = st.one_of(
    st.integers(-(10**9), 10**9).map(str),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(0, 10**6).map(
        lambda n: str(n).translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS))
    ),
    st.integers(0, 10**6).map(
        lambda n: str(n).translate(str.maketrans("0123456789", PERSIAN_DIGITS))
    ),
    st.text(alphabet="0123456789,.-+ ٫٬e", max_size=12),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=number_texts)
def test_property_sql_numbers_agree_with_python(con, text):
    count, amount = con.execute(
        "SELECT mz_count(mz_num_prep($v)), mz_amount(mz_num_prep($v))", {"v": text}
    ).fetchall()[0]
    assert count == P.parse_count(text).value
    if "e" not in text:  # exponents go through a double in both, rounding at .005 may differ
        assert amount == P.parse_amount(text).value


@given(st.integers(0, 10**12))
def test_property_western_and_arabic_digits_parse_alike(n):
    arabic = str(n).translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS))
    persian = str(n).translate(str.maketrans("0123456789", PERSIAN_DIGITS))
    assert P.parse_count(arabic).value == P.parse_count(persian).value == n


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("05/01/2024", dt.date(2024, 1, 5)),
        ("5-1-2024", dt.date(2024, 1, 5)),
        ("05.01.2024", dt.date(2024, 1, 5)),
        ("2024/01/05", dt.date(2024, 1, 5)),
        ("٢٠٢٤-٠١-٠٥", dt.date(2024, 1, 5)),
        ("۲۰۲۴/۰۱/۰۵", dt.date(2024, 1, 5)),
        ("45296", dt.date(2024, 1, 5)),  # Excel serial
        ("١٤٤٧/٠٥/٠٣ هـ", dt.date(2025, 10, 25)),  # Umm al-Qura
        ("1447-05-03", dt.date(2025, 10, 25)),  # Hijri year range, no mark
        ("03/05/1447 هـ", dt.date(2025, 10, 25)),
        ("1445/06/23H", dt.date(2024, 1, 5)),
        ("2024/01/05 م", dt.date(2024, 1, 5)),  # م after a date: Gregorian (ميلادي)
    ],
)
def test_dates(text, expected):
    assert P.parse_date(text, TZ) == P.Parsed(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2024", "invalid_date"),  # impossible
        ("2024-13-01", "invalid_date"),
        ("1447/02/30", "invalid_date"),  # Safar 1447 has 29 days
        ("1024-01-01", "invalid_date"),  # outside the plausible range
        ("12345", "invalid_date"),  # Excel serial out of range
        ("yesterday", "invalid_date"),
        ("05/01/24", "ambiguous_date"),  # two-digit year
        ("5-1-24", "ambiguous_date"),
    ],
)
def test_impossible_and_ambiguous_dates(text, reason):
    assert P.parse_date(text, TZ).reason == reason


def test_hijri_table_matches_hijridate():
    from hijridate import Hijri

    table = hijri_months()
    assert table.num_rows == (1500 - 1343 + 1) * 12
    for year, month, day in [(1343, 1, 1), (1445, 9, 1), (1447, 5, 3), (1500, 12, 29)]:
        assert hijri_to_gregorian(year, month, day) == Hijri(year, month, day).to_gregorian()
    assert hijri_to_gregorian(1447, 2, 30) is None
    assert hijri_to_gregorian(1600, 1, 1) is None


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1924, 8, 1), dt.date(2077, 11, 16)))
def test_property_hijri_round_trip(day):
    from hijridate import Gregorian

    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    text = f"{hijri.year}/{hijri.month:02d}/{hijri.day:02d} هـ"
    assert P.parse_date(text, TZ).value == day


# --- timestamps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-05 10:30", dt.datetime(2024, 1, 5, 10, 30)),
        ("2024-01-05T10:30:15", dt.datetime(2024, 1, 5, 10, 30, 15)),
        ("2024-01-05T10:30:15.250", dt.datetime(2024, 1, 5, 10, 30, 15, 250000)),
        ("2024-01-05T08:30:00Z", dt.datetime(2024, 1, 5, 10, 30)),  # UTC -> Cairo (+2 in winter)
        ("2024-07-01T10:00:00+03:00", dt.datetime(2024, 7, 1, 10, 0)),  # Cairo is +3 in summer
        ("2024-01-05 10:30 +0300", dt.datetime(2024, 1, 5, 9, 30)),
        ("05/01/2024 02:30 م", dt.datetime(2024, 1, 5, 14, 30)),  # Arabic PM
        ("05/01/2024 12:15 ص", dt.datetime(2024, 1, 5, 0, 15)),  # Arabic AM
        ("05/01/2024 2:30 pm", dt.datetime(2024, 1, 5, 14, 30)),
        ("45296.75", dt.datetime(2024, 1, 5, 18, 0)),
        ("2024-01-05", dt.datetime(2024, 1, 5)),
    ],
)
def test_timestamps(text, expected):
    assert P.parse_timestamp(text, TZ) == P.Parsed(expected)


def test_timestamps_follow_the_deployment_time_zone():
    assert P.parse_timestamp("2024-01-05T07:00:00Z", "Asia/Riyadh").value == dt.datetime(
        2024, 1, 5, 10
    )


@pytest.mark.parametrize(
    "text", ["2024-01-05 25:00", "2024-01-05 24:00", "2024-01-05 10:61", "05/01/2024 13:00 pm"]
)
def test_impossible_times(text):
    assert P.parse_timestamp(text, TZ).reason == "invalid_date"


SAMPLES = [
    "2024-01-05",
    "05/01/2024",
    "١٤٤٧/٠٥/٠٣ هـ",
    "1447-05-03",
    "45321",
    "45321.5",
    "31/02/2024",
    "05/01/24",
    "2024-01-05T10:00:00Z",
    "2024-07-01 10:00:00+03:00",
    "05/01/2024 02:30 م",
    "05/01/2024 12:30 ص",
    "garbage",
    "-",
    "",
    "  2024-01-05  ",
    "2024-01-05 10:00 +0300",
    "1447/02/30",
    "۲۰۲۴-۰۱-۰۵",
    "2024-1-5 7:05",
    "03/05/1447 هـ",
    "2024/01/05 م",
    "1024-01-01",
    "2024-01-05 24:00",
    "2024-01-05T10:00:00.123456",
    "2024-01-05 10:00:00 utc",
    "12345",
]


def test_timestamps_sql_matches_python(con):
    got = sql_timestamps(con, SAMPLES)
    for text in SAMPLES:
        expected = P.parse_timestamp(text, TZ)
        if expected == P.MISSING:
            assert got.get(text, (None, None)) == (None, None), text
        else:
            assert got[text] == (expected.value, expected.reason), text


def test_fast_path_matches_the_grammar(con):
    texts = [
        "2024-01-05",
        "2024-01-05 10:30",
        "2024-01-05T10:30:59",
        "05/01/2024",
        "05/01/2024 10:30",
        "31/02/2024",
        "2024-02-30",
        "2024-01-05 24:00",
        "2024-01-05t10:30",
    ]
    for text in texts:
        fast, value = con.execute(
            "SELECT mz_dt_isfast($v), mz_dt_fast($v)", {"v": text}
        ).fetchall()[0]
        if fast:
            expected = P.parse_timestamp(text, TZ)
            assert value == expected.value, text


date_texts = st.one_of(
    st.builds(
        lambda d, sep, order: (
            f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}"
            if order
            else f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
        ),
        st.dates(dt.date(1890, 1, 1), dt.date(2110, 12, 31)),
        st.sampled_from(["-", "/", "."]),
        st.booleans(),
    ),
    st.builds(
        lambda y, m, d, sep, mark: f"{y}{sep}{m}{sep}{d}{mark}",
        st.integers(1290, 1610),
        st.integers(0, 13),
        st.integers(0, 31),
        st.sampled_from(["/", "-"]),
        st.sampled_from(["", " هـ", "H", " ه"]),
    ),
    st.builds(
        lambda day, h, m, tz: f"{day.isoformat()}T{h:02d}:{m:02d}:00{tz}",
        st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
        st.integers(0, 25),
        st.integers(0, 61),
        st.sampled_from(["", "Z", "+03:00", "-0430", "+02"]),
    ),
    st.integers(10000, 90000).map(str),
    st.text(alphabet="0123456789/-.: هـTZ", max_size=20),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(date_texts, min_size=1, max_size=20))
def test_property_sql_dates_agree_with_python(con, texts):
    got = sql_timestamps(con, texts, "Asia/Riyadh")
    for text in texts:
        expected = P.parse_timestamp(text, "Asia/Riyadh")
        assert got.get(text, (None, None)) == (expected.value, expected.reason), text


# --- explicit formats and codes -------------------------------------------------------------------


def test_explicit_formats():
    assert P.parse_with_formats("03/25/2024", ("%m/%d/%Y",)).value == dt.datetime(2024, 3, 25)
    assert P.parse_with_formats("25/03/2024", ("%m/%d/%Y",)).reason == "invalid_date"


def test_codes():
    assert P.parse_codes("km01; KM04 ,km01") == "KM01|KM04"
    assert P.parse_codes("  ") is None


def test_codes_sql_matches_python(con):
    for text in ["km01; KM04 ,km01", "KM2|KM1", "KM1، KM3", ""]:
        assert con.execute("SELECT mz_codes($v)", {"v": text}).fetchall()[0][0] == P.parse_codes(
            text
        )


# --- date order evidence -------------------------------------------------------------------------

_EDGES = ["", " ", "\u200f", "\u00a0", "\ufeff", "\u202b\u200e "]
evidence_texts = st.builds(
    lambda text, before, after, arabic, ampm: (
        before + (to_arabic_digits(text) if arabic else text) + ampm + after
    ),
    date_texts
    | st.builds(
        lambda d, sep: f"{d.month}{sep}{d.day}{sep}{d.year} 10:00",
        st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
        st.sampled_from(["/", "-", "."]),
    ),
    st.sampled_from(_EDGES),
    st.sampled_from(_EDGES),
    st.booleans(),
    st.sampled_from(["", " 10:30 PM", " 9:05 am", " 10:30 م"]),
)


def to_arabic_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(evidence_texts, min_size=1, max_size=20))
def test_property_the_anchored_prefilter_finds_all_the_date_order_evidence(con, texts):
    """dateorder's prefilter is anchored (cheap, and ISO dates skip the full grammar): it finds
    exactly the evidence the unanchored one found, which let every a/b/ inside a value through."""
    from unittest import mock

    from mizan.ingest import dateorder

    unanchored = f"{dateorder._DIGIT}{{1,2}}[-/.]{dateorder._DIGIT}{{1,2}}[-/.]"
    con.execute("CREATE OR REPLACE TEMP TABLE stage (_file_idx INTEGER, v VARCHAR)")
    con.executemany("INSERT INTO stage VALUES (?, ?)", list(enumerate(texts)))
    anchored = con.execute(dateorder.evidence_sql("stage", "f", "v")).fetchall()
    with mock.patch.object(dateorder, "_PREFILTER", unanchored):
        found = con.execute(dateorder.evidence_sql("stage", "f", "v")).fetchall()
    assert sorted(anchored) == sorted(found)
