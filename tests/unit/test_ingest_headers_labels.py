"""Header recognition, label mapping, mapping files and personal-data hashing: pure functions."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizan.ingest import sqlfuncs
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected, candidate_fields, header_key, match_headers
from mizan.ingest.labels import choice_resolver, resolver_for
from mizan.ingest.mapping import MappingError, parse_mapping
from mizan.ingest.pii import hash_pii, normalise_pii, pii_sql
from mizan.org import load_profile

COMPLAINTS = CONTRACTS["complaints"]


@pytest.fixture(scope="module")
def profile():
    return load_profile("party-eg")


# --- headers --------------------------------------------------------------------------------------


def test_header_key_ignores_case_spacing_underscores_and_letter_variants():
    assert header_key("Ticket_No") == header_key("ticket no") == header_key("TICKET  NO")
    assert header_key("رقم الشكوي") == header_key("رقم الشكوى")
    assert header_key("تاريخ الاستلام") == header_key("تاريخ الإستلام")


def test_arabic_headers_in_any_order():
    headers = [
        "الحالة",
        "رقم البلاغ",
        "قناة الاستلام",
        "المحافظة",
        "التصنيف",
        "الأمانة المختصة",
        "نوع البلاغ",
        "تاريخ الاستلام",
        "ملاحظات",
    ]
    hm = match_headers(COMPLAINTS, headers)
    assert hm.header_of("ticket_id") == "رقم البلاغ"
    assert hm.header_of("status") == "الحالة"
    assert hm.fields[-1] is None  # an unknown column is kept, not loaded
    assert hm.extras == (8,)


def test_english_headers_and_canonical_names():
    headers = [
        "ticket_id",
        "Region",
        "Department",
        "Channel",
        "Type",
        "Category",
        "Received At",
        "Status",
    ]
    hm = match_headers(COMPLAINTS, headers)
    assert dict(zip(hm.fields, hm.columns, strict=True))["secretariat_code"] == "Department"


def test_missing_required_column_names_the_column_and_accepted_aliases():
    with pytest.raises(FileRejected) as info:
        match_headers(
            COMPLAINTS,
            ["رقم البلاغ", "المحافظة", "الأمانة المختصة", "القناة", "النوع", "التصنيف", "الحالة"],
        )
    exc = info.value
    assert exc.code == "missing_columns"
    assert "received_at" in exc.column and "تاريخ الاستلام" in exc.column
    assert "received at" in exc.value and "وقت الاستلام" in exc.value
    assert "received_at" in exc.text("en") and "تاريخ الاستلام" in exc.text("ar")


def test_one_field_in_two_columns_is_refused():
    with pytest.raises(FileRejected) as info:
        match_headers(
            COMPLAINTS,
            [
                "ticket_id",
                "رقم البلاغ",
                "region",
                "secretariat",
                "channel",
                "kind",
                "category",
                "received_at",
                "status",
            ],
        )
    assert info.value.code == "duplicate_columns"
    assert info.value.value == "ticket_id"


def test_candidate_fields_scores_header_rows():
    assert candidate_fields(COMPLAINTS, ["تقرير الشكاوى لشهر يناير"]) == 0
    assert candidate_fields(COMPLAINTS, ["رقم البلاغ", "المحافظة", "x"]) == 2


def test_no_alias_collides_within_a_contract():
    for contract in CONTRACTS.values():
        seen: dict[str, str] = {}
        for f in contract.fields:
            for h in f.headers:
                key = header_key(h)
                assert seen.setdefault(key, f.name) == f.name, (contract.source, h)


# --- labels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("هاتف", "phone"),
        ("الخط الساخن", "phone"),
        ("Call Center", "phone"),
        ("walk-in", "walk_in"),
        ("WALK_IN", "walk_in"),
        ("البريد الالكتروني", None),
        ("بريد إلكتروني", "email"),
        ("فاكس", None),
    ],
)
def test_choice_labels(text, code):
    assert choice_resolver(COMPLAINTS.field("channel"))(text) == code


def test_every_choice_label_resolves_to_its_code():
    for contract in CONTRACTS.values():
        for f in contract.fields:
            resolve = choice_resolver(f) if f.choices else None
            for code, labels in f.choices.items():
                for label in (code, *labels):
                    assert resolve(label) == code, (contract.source, f.name, label)


@given(
    st.sampled_from(["نظافة", "النظافة", "cleaning"]),
    st.sampled_from(["", " ", "  "]),
    st.booleans(),
)
def test_property_label_spelling_variants(label, pad, upper):
    text = pad + (label.upper() if upper else label) + pad
    assert choice_resolver(COMPLAINTS.field("category"))(text) == "cleaning"


def test_regions_resolve_through_the_profile(profile):
    resolve = resolver_for(COMPLAINTS.field("region_code"), profile)
    for spelling in ["محافظة قنا", "قنا", "قنــا", "Qena", "QINA", "Kena", "EG-KN"]:
        assert resolve(spelling) == "QENA", spelling
    assert resolve("Atlantis") is None


def test_value_map_then_labels_then_default(profile):
    mapping = parse_mapping(
        {
            "fields": {
                "status": {
                    "header": "State",
                    "values": {"Closed - Fixed": "resolved"},
                    "default": "open",
                }
            }
        },
        "complaints",
    )
    resolve = resolver_for(COMPLAINTS.field("status"), profile, mapping.get("status"))
    assert resolve("closed - FIXED") == "resolved"
    assert resolve("مغلق") == "closed"  # still understood without the map
    assert resolve("Waiting on vendor") == "open"  # the default


# --- mapping files --------------------------------------------------------------------------------


def test_mapping_short_and_long_forms():
    m = parse_mapping(
        {
            "source": "complaints",
            "sheet": "Tickets",
            "delimiter": "tab",
            "fields": {
                "ticket_id": "Case Number",
                "region_code": {"constant": "MAKKAH"},
                "received_at": {"header": "Opened", "format": "%m/%d/%Y"},
            },
        },
        "complaints",
    )
    assert m.get("ticket_id").header == "Case Number"
    assert m.get("region_code").constant == "MAKKAH"
    assert m.get("received_at").formats == ("%m/%d/%Y",)
    assert (m.sheet, m.delimiter) == ("Tickets", "\t")


@pytest.mark.parametrize(
    "document",
    [
        {"source": "meetings", "fields": {}},
        {"fields": {"no_such_field": "x"}},
        {"fields": {"subject": {"values": {"a": "b"}}}},
        {"fields": {"subject": {"header": "S", "formats": ["%d"]}}},
        {"fields": {"status": {"header": "S", "values": {"Done": "finished_ok"}}}},
        {"fields": {"ticket_id": {"header": "A", "constant": "B"}}},
        {"nonsense": 1},
    ],
)
def test_bad_mappings_are_refused_with_a_message(document):
    with pytest.raises(MappingError):
        parse_mapping(document, "complaints")


# --- personal data --------------------------------------------------------------------------------


def test_pii_is_hashed_with_the_secret():
    digest = hash_pii("phone", "0100 123 4567", "s3cret")
    assert digest == hashlib.sha256(b"s3cret01001234567").hexdigest()
    assert hash_pii("phone", "٠١٠٠١٢٣٤٥٦٧", "s3cret") == digest
    assert hash_pii("phone", "0100 123 4567", "other") != digest
    assert hash_pii("email", " Ahmed@Mail.COM ", "k") == hash_pii("email", "ahmed@mail.com", "k")
    assert hash_pii("name", "أحمد  مُحمد", "k") == hash_pii("name", "احمد محمد", "k")
    assert hash_pii("name", "  ", "k") is None
    assert normalise_pii("national_id", "2990 1011-234") == "29901011234"


pii_texts = st.text(alphabet="أإآاةهىيؤئ مُحَمد Ahmed@.com0123456789٠١٢٣-+\t", max_size=30)


@settings(max_examples=200, deadline=None)
@given(style=st.sampled_from(["phone", "email", "national_id", "name"]), text=pii_texts)
def test_property_pii_sql_agrees_with_python(style, text):
    con = _pii_con()
    got = con.execute(f"SELECT {pii_sql(style, '$v')}", {"v": text, "secret": "k"}).fetchall()[0][0]
    assert got == hash_pii(style, text, "k")


_CON: list = []


def _pii_con():
    if not _CON:
        con = duckdb.connect()
        sqlfuncs.install(con)
        _CON.append(con)
    return _CON[0]


def test_the_sources_document_is_up_to_date():
    from pathlib import Path

    from mizan.ingest import docs

    committed = Path(docs.__file__).with_name("SOURCES.md").read_text(encoding="utf-8")
    assert committed == docs.sources_markdown(), (
        "regenerate: python -m mizan.ingest.docs > mizan/ingest/SOURCES.md"
    )
    for contract in CONTRACTS.values():
        for f in contract.fields:
            assert f"`{f.name}`" in committed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "جمعية أهلية: بنك الطعام; Private: Orange  Egypt",
            "ngo: بنك الطعام; private: Orange Egypt",
        ),
        (
            "تعليمي: جامعة القاهرة؛ ديني: مديرية الأوقاف",
            "education: جامعة القاهرة; religious: مديرية الأوقاف",
        ),
        ('[{"type": "social", "name": "نادي الشمس"}]', "social: نادي الشمس"),
        ("ngo: x;", "ngo: x"),
        ("فضائي: ناسا", None),  # unknown type
        ("بنك الطعام", None),  # no type
        ("ngo:   ", None),  # no name
    ],
)
def test_partner_lists_get_type_codes(text, expected):
    from mizan.ingest.contracts import PARTNER_TYPES
    from mizan.ingest.labels import typed_list_resolver

    assert typed_list_resolver(PARTNER_TYPES)(text) == expected
