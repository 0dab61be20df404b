import pytest
from hypothesis import given
from hypothesis import strategies as st

from mizan.ingest.arabic import fold_arabic, match_key, to_western_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),
        ("۱۲۳۴۵۶۷۸۹۰", "1234567890"),  # Persian digits
        ("١٢٬٣٤٥٫٥", "12,345.5"),  # Arabic thousands and decimal separators
        ("2025-03-04", "2025-03-04"),
    ],
)
def test_to_western_digits(text, expected):
    assert to_western_digits(text) == expected


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("أسيوط", "اسيوط"),
        ("إسكندرية", "اسكندرية"),
        ("آمنة", "امنة"),
        ("قنــا", "قنا"),  # tatweel
        ("مُحَمَّد", "محمد"),  # diacritics
        ("القاهرة", "القاهره"),  # ta marbuta
        ("بنى سويف", "بني سويف"),  # alef maqsura
    ],
)
def test_fold_arabic_unifies_letter_variants(variant, canonical):
    assert fold_arabic(variant) == fold_arabic(canonical)


@pytest.mark.parametrize(
    "variant",
    ["محافظة قنا", "قنا", "قنــا", "محافظه قنا", "  قنا  ", "قنا governorate"],
)
def test_match_key_drops_administrative_words(variant):
    assert match_key(variant) == match_key("قنا")


def test_match_key_latin_punctuation_and_case():
    assert match_key("Kafr el-Sheikh") == match_key("KAFR EL SHEIKH") == match_key("kafr_el_sheikh")


def test_match_key_keeps_a_name_that_is_only_an_admin_word():
    # "المنطقة الشرقية" is the Eastern Province; its name must not vanish.
    assert match_key("المنطقة الشرقية") == match_key("الشرقية")
    assert match_key("منطقة") != ""


@given(st.text())
def test_match_key_is_idempotent_on_its_output(text):
    key = match_key(text)
    assert match_key(key, strip_admin_words=False) == key
