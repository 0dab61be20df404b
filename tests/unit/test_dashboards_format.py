"""The dashboards' pure parts: number formats, statuses, exports, tables, the translation
catalogue and the scope — no Streamlit runtime, no snapshot."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboards import export, fmt, i18n, scoring, tables
from dashboards.catalogue import CATALOGUE
from dashboards.scope import UNRESTRICTED, Scope

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


@pytest.fixture(params=["ar", "en"])
def language(request, monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: request.param)
    monkeypatch.setattr(fmt, "lang", lambda: request.param)
    return request.param


def test_numbers_use_western_digits_and_separators(language):
    assert fmt.number(1234567) == "1,234,567"
    assert fmt.percent(0.8341) == "83.4%"
    assert fmt.value(0.5, "share") == "50.0%"
    assert fmt.value(36.0, "count") == "36"
    assert fmt.value(0.3774, "count", per_100k=True) == "0.38"
    assert fmt.value(None, "share") == fmt.DASH
    assert fmt.value(float("nan"), "count") == fmt.DASH
    hours = fmt.value(6.64, "hours")
    assert "6.6" in hours and not re.search("[٠-٩]", hours)


def test_changes_are_signed_in_the_unit(language):
    assert fmt.change(0.021, "share").replace(fmt.LRI, "").replace(fmt.PDI, "").startswith("+2.1")
    assert fmt.change(-12, "count") == "−12"
    assert fmt.change(0, "count") == "±0"
    assert fmt.signed(None) == fmt.DASH


def test_numbers_in_arabic_text_are_isolated(language):
    isolated = fmt.isolate("-3.5%")
    assert (isolated == f"{fmt.LRI}-3.5%{fmt.PDI}") == (language == "ar")


def test_month_labels_carry_both_calendars_with_western_digits(language):
    row = {
        "gregorian_label_ar": "أكتوبر ٢٠٢٦",
        "gregorian_label_en": "October 2026",
        "hijri_label_ar": "ربيع الثاني – جمادى الأولى ١٤٤٨ هـ",
        "hijri_label_en": "Rabi' al-Thani – Jumada al-Ula 1448 AH",
    }
    label = fmt.month_label(row, hijri_first=False)
    hijri_first = fmt.month_label(row, hijri_first=True)
    assert "2026" in label and "1448" in label
    assert label.index("2026") < label.index("1448")
    assert hijri_first.index("1448") < hijri_first.index("2026")
    assert not re.search("[٠-٩]", label)


def test_status_is_never_colour_alone(language):
    for code in ("green", "amber", "red", "grey"):
        chip = tables.chip(code)
        assert fmt.STATUSES[code].icon in chip
        assert i18n.t(f"rag_{code}") in chip
    # no data is never red, informational KPIs have no status chip at all
    assert 'data-status="grey"' in tables.chip("grey")
    assert "mz-chip" not in tables.chip(None)


def test_statuses_use_the_okabe_ito_palette():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    for code in ("green", "amber", "red"):
        assert fmt.STATUSES[code].colour in okabe_ito


def test_score_bands_follow_the_kpi_scoring():
    assert scoring.band(100 / 1.2) == "green"
    assert scoring.band(75.0) == "amber"
    assert scoring.band(74.99) == "red"
    assert scoring.band(None) == "grey"


def test_tables_escape_what_they_show(language):
    markup = tables.table(
        [tables.Col("a"), tables.Col("b", "num")],
        [["<script>alert(1)</script>", tables.ltr("1,234")]],
        table_id="t",
    )
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert 'class="mz-ltr"' in markup


def test_sparkline_is_an_image_with_gaps_for_missing_months(language):
    spark = tables.sparkline([1.0, None, 2.0, 3.0], "green")
    assert spark.startswith("<img") and "data:image/svg+xml;base64," in spark
    assert "—" in tables.sparkline([None, None], None)


def test_exports_neutralise_formulas_and_keep_arabic():
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("x")', "+1", "@a", "-2", "القاهرة"], "n": [1, -2, 3, 4, 5]}
    )
    csv = export.csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+1" in csv and "'@a" in csv and "'-2" in csv
    assert "القاهرة" in csv and "\n-2," not in csv.replace("'-2", "")
    workbook = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(frame, "ورقة/1")))
    sheet = workbook.active
    values = [cell.value for cell in sheet["A"]]
    assert values[1] == '\'=HYPERLINK("x")'
    assert sheet["B3"].value == -2  # numbers stay numbers


def test_catalogue_is_complete_in_both_languages():
    for key, (ar, en) in CATALOGUE.items():
        assert ar.strip() and en.strip(), key
        assert not re.search("[٠-٩]", ar), f"{key}: Arabic-Indic digits (we use Western digits)"
        placeholders = sorted(re.findall(r"\{(\w+)\}", ar))
        assert placeholders == sorted(re.findall(r"\{(\w+)\}", en)), key


def test_every_string_the_code_asks_for_is_in_the_catalogue():
    used: set[str] = set()
    for path in DASHBOARDS.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert used - set(CATALOGUE) == set()


def test_scope_sql():
    assert UNRESTRICTED.sql() == ("TRUE", {})
    clause, params = Scope(frozenset({"B", "A"})).sql("f.region_code")
    assert clause == "list_contains($scope_regions::VARCHAR[], f.region_code)"
    assert params == {"scope_regions": ("A", "B")}
    assert Scope(frozenset({"A"})).allows("A") and not Scope(frozenset({"A"})).allows("ALL")
