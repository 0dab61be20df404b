"""Every row of DESIGN.md's bad-input table, each with a real file of that kind."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.integration.ingest_helpers import (
    COMPLAINT_HEADER,
    complaint,
    receipt_invariants,
    write_csv,
)

# --- encodings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-16-le"])
def test_encodings_decode_to_the_same_rows(env, encoding):
    rows = [complaint("T1"), complaint("T2", region="الجيزة", subject="إنارة الشارع معطلة")]
    path = write_csv(
        env.inbox("complaints") / f"c_{encoding}.csv", COMPLAINT_HEADER, rows, encoding=encoding
    )
    [receipt] = env.ingest("complaints", path)
    assert (receipt.status, receipt.loaded, receipt.rejected) == ("loaded", 2, 0)
    assert env.rows("SELECT ticket_id, region_code, subject FROM raw.complaints ORDER BY 1") == [
        ("T1", "QENA", "تراكم القمامة"),
        ("T2", "GIZA", "إنارة الشارع معطلة"),
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimited(env, delimiter):
    path = write_csv(
        env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T1")], delimiter=delimiter
    )
    [receipt] = env.ingest("complaints", path)
    assert receipt.loaded == 1


def test_undecodable_file_is_rejected_whole_with_a_clear_message(env):
    path = env.inbox("complaints") / "broken.csv"
    path.write_bytes(b"\x00\x01\x02\xff\xfe\x00garbage\x00" * 500)
    [receipt] = env.ingest("complaints", path)
    assert receipt.status == "rejected" and receipt.error_code == "undecodable"
    assert "UTF-8" in receipt.error and "UTF-8" in receipt.error_ar
    assert env.one("SELECT count(*) FROM raw.complaints") == 0
    assert env.one("SELECT status FROM raw.ingest_log") == "rejected"


def test_unsupported_format_is_rejected(env):
    path = env.inbox("complaints") / "report.pdf"
    path.write_bytes(b"%PDF-1.4 ...")
    [receipt] = env.ingest("complaints", path)
    assert (receipt.status, receipt.error_code) == ("rejected", "unsupported_format")


# --- digits and separators ------------------------------------------------------------------------


def test_arabic_indic_and_persian_digits_and_separators_are_numbers(env):
    header = [
        "رقم المبادرة",
        "المحافظة",
        "الأمانة المختصة",
        "نوع المبادرة",
        "حالة المبادرة",
        "تاريخ البدء المخطط",
        "عدد المستفيدين",
        "عدد الحضور",
        "الميزانية المخططة",
        "المصروف الفعلي",
    ]
    rows = [
        [
            "I1",
            "القاهرة",
            "الشباب",
            "قافلة طبية",
            "منفذ",
            "٢٠٢٤-٠٣-٠١",
            "١٬٢٥٠",
            "۳۴۰",
            "٢٥٬٠٠٠٫٥٠",
            "1,234.5",
        ],
        ["I2", "القاهرة", "الشباب", "ندوة", "منفذ", "۲۰۲۴/۰۳/۰۲", "۱۲", "٧", "٣٠٠", "١٢٠٫٧٥"],
    ]
    path = write_csv(env.inbox("initiatives") / "i.csv", header, rows)
    [receipt] = env.ingest("initiatives", path)
    assert receipt.loaded == 2, env.quarantine()
    assert env.rows(
        "SELECT initiative_id, planned_start, beneficiaries, attendees, budget_planned, "
        "budget_spent "
        "FROM raw.initiatives ORDER BY 1"
    ) == [
        ("I1", dt.date(2024, 3, 1), 1250, 340, Decimal("25000.50"), Decimal("1234.50")),
        ("I2", dt.date(2024, 3, 2), 12, 7, Decimal("300.00"), Decimal("120.75")),
    ]


def test_partner_types_are_stored_as_codes_and_unknown_types_refused(env):
    header = [
        "initiative_id",
        "region",
        "secretariat",
        "type",
        "status",
        "planned start",
        "partners",
    ]
    rows = [
        [
            "I1",
            "Cairo",
            "Youth",
            "seminar",
            "planned",
            "2024-03-01",
            "جمعية أهلية: بنك الطعام; Private: بنك مصر",
        ],
        ["I2", "Cairo", "Youth", "seminar", "planned", "2024-03-01", "فضائي: ناسا"],
        ["I3", "Cairo", "Youth", "seminar", "planned", "2024-03-01", ""],
    ]
    [receipt] = env.ingest(
        "initiatives", write_csv(env.inbox("initiatives") / "i.csv", header, rows)
    )
    assert (receipt.loaded, receipt.rejected) == (2, 1)
    assert env.rows("SELECT initiative_id, partners FROM raw.initiatives ORDER BY 1") == [
        ("I1", "ngo: بنك الطعام; private: بنك مصر"),
        ("I3", None),
    ]
    assert env.quarantine() == [(2, "invalid_choice", "partners", "فضائي: ناسا")]


# --- dates ----------------------------------------------------------------------------------------

ACTIONS_HEADER = [
    "رقم الإجراء",
    "المصدر",
    "المحافظة",
    "الأمانة المختصة",
    "تاريخ التكليف",
    "تاريخ الاستحقاق",
    "تاريخ الإنجاز",
    "حالة الإجراء",
]


def action(action_id: str, issued: str, due: str = "2024-12-31", closed: str = "") -> list[str]:
    return [action_id, "توجيه", "Giza", "التنظيم", issued, due, closed, "مفتوح"]


def test_dates_iso_dmy_excel_serial_and_hijri(env):
    rows = [
        action("A1", "2024-01-05"),
        action("A2", "05/01/2024"),
        action("A3", "45296"),  # Excel serial of 2024-01-05
        action("A4", "١٤٤٥/٠٦/٢٣ هـ"),  # Umm al-Qura for 2024-01-05
        action("A5", "2024-01-05T23:30:00Z"),  # a timestamp in a date field: its local date
    ]
    path = write_csv(env.inbox("meeting_actions") / "a.csv", ACTIONS_HEADER, rows)
    [receipt] = env.ingest("meeting_actions", path)
    assert receipt.loaded == 5, env.quarantine()
    dates = dict(env.rows("SELECT action_id, issued_date FROM raw.meeting_actions"))
    assert dates == {
        "A1": dt.date(2024, 1, 5),
        "A2": dt.date(2024, 1, 5),
        "A3": dt.date(2024, 1, 5),
        "A4": dt.date(2024, 1, 5),
        "A5": dt.date(2024, 1, 6),  # 23:30 UTC is 01:30 in Cairo
    }


def test_impossible_and_ambiguous_dates_are_quarantined(env):
    rows = [
        action("A1", "31/02/2024"),
        action("A2", "05/01/24"),
        action("A3", "1447/02/30"),
        action("A4", "2024-01-05"),
    ]
    path = write_csv(env.inbox("meeting_actions") / "a.csv", ACTIONS_HEADER, rows)
    [receipt] = env.ingest("meeting_actions", path)
    assert (receipt.loaded, receipt.rejected) == (1, 3)
    assert env.quarantine() == [
        (1, "invalid_date", "issued_date", "31/02/2024"),
        (2, "ambiguous_date", "issued_date", "05/01/24"),
        (3, "invalid_date", "issued_date", "1447/02/30"),
    ]
    text = env.one("SELECT reason_ar FROM raw.quarantine WHERE row_number = 2")
    assert "05/01/24" in text and "تاريخ التكليف" in text


def test_timestamps_become_local_time_of_the_deployment(env):
    rows = [
        complaint("T1", received="2024-01-05T08:00:00Z", responded="2024-01-05T10:00:00+02:00"),
        complaint("T2", received="2024-07-01 10:00", responded="2024-07-01T08:00:00Z"),
    ]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    env.ingest("complaints", path)
    assert env.rows(
        "SELECT ticket_id, received_at, first_response_at FROM raw.complaints ORDER BY 1"
    ) == [
        ("T1", dt.datetime(2024, 1, 5, 10, 0), dt.datetime(2024, 1, 5, 10, 0)),
        ("T2", dt.datetime(2024, 7, 1, 10, 0), dt.datetime(2024, 7, 1, 11, 0)),
    ]


# --- whole-file refusals --------------------------------------------------------------------------


def test_missing_required_column_rejects_the_file_before_loading_anything(env):
    header = [h for h in COMPLAINT_HEADER if h not in ("تاريخ الاستلام", "التصنيف")]
    rows = [[c for i, c in enumerate(complaint("T1")) if COMPLAINT_HEADER[i] in header]]
    path = write_csv(env.inbox("complaints") / "c.csv", header, rows)
    [receipt] = env.ingest("complaints", path)
    assert (receipt.status, receipt.error_code, receipt.rows_in) == (
        "rejected",
        "missing_columns",
        0,
    )
    for expected in (
        "received_at",
        "category",
        "تاريخ الاستلام",
        "التصنيف",
        "received at",
        "category",
    ):
        assert expected in receipt.error, expected
    assert "التصنيف" in receipt.error_ar
    assert env.one("SELECT count(*) FROM raw.complaints") == 0
    assert env.one("SELECT count(*) FROM raw.quarantine") == 0
    assert env.rows("SELECT status, error_code FROM raw.ingest_log") == [
        ("rejected", "missing_columns")
    ]
    assert (env.settings.archive / "complaints" / "c.csv").exists()


# --- row-level reasons ----------------------------------------------------------------------------


def test_row_level_reasons(env):
    rows = [
        complaint("T1"),
        complaint("T2", kind=""),  # missing required value
        complaint("T3", region="Atlantis"),
        complaint("T4", secretariat="أمانة الفضاء"),
        complaint("T5", category="ديناصورات"),
        complaint("T6", reopened="-2"),  # negative count
        complaint(
            "T7", received="2024-01-05 10:00", responded="2024-01-05 09:00"
        ),  # response before receipt
        complaint("T8", satisfaction="9"),
        complaint("T9", reopened="كثير"),
        complaint("", subject="no key"),
    ]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    [receipt] = env.ingest("complaints", path)
    receipt_invariants([receipt])
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (10, 1, 9)
    assert env.quarantine() == [
        (2, "missing_value", "kind", None),
        (3, "unknown_region", "region_code", "Atlantis"),
        (4, "unknown_secretariat", "secretariat_code", "أمانة الفضاء"),
        (5, "invalid_choice", "category", "ديناصورات"),
        (6, "negative_count", "reopened_count", "-2"),
        (7, "out_of_order", "first_response_at", "2024-01-05 09:00"),
        (8, "out_of_range", "satisfaction", "9"),
        (9, "invalid_number", "reopened_count", "كثير"),
        (10, "missing_value", "ticket_id", None),
    ]
    reasons = dict(env.rows("SELECT reason, reason_en FROM raw.quarantine"))
    assert "Atlantis" in reasons["unknown_region"]
    assert "comes before" in reasons["out_of_order"]


def test_the_first_failure_in_a_fixed_order_is_the_reason_and_the_rest_are_kept(env):
    rows = [complaint("T1", region="Atlantis", kind="", satisfaction="9")]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    env.ingest("complaints", path)
    reason, column, others = env.rows(
        "SELECT reason, column_name, other_reasons FROM raw.quarantine"
    )[0]
    assert (reason, column) == ("missing_value", "kind")
    assert json.loads(others) == [
        {"reason": "unknown_region", "column": "region_code"},
        {"reason": "out_of_range", "column": "satisfaction"},
    ]


def test_quarantine_keeps_the_row_verbatim_with_personal_data_hashed(env):
    rows = [complaint("T1", region="Atlantis", name="سارة علي", phone="01112223334")]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    env.ingest("complaints", path)
    row = json.loads(env.one("SELECT row_json FROM raw.quarantine"))
    assert row["المحافظة"] == "Atlantis" and row["رقم البلاغ"] == "T1"
    assert row["رقم الجوال"] != "01112223334" and len(row["رقم الجوال"]) == 64
    assert "سارة" not in json.dumps(row, ensure_ascii=False)


# --- repeats, updates, duplicates -----------------------------------------------------------------


def test_same_file_again_is_a_no_op(env):
    path = write_csv(
        env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T1"), complaint("T2")]
    )
    copy = env.settings.home / "c.csv"
    copy.write_bytes(path.read_bytes())
    [first] = env.ingest("complaints", path)
    before = env.rows("SELECT * FROM raw.complaints ORDER BY 1")
    [again] = env.ingest("complaints", copy)
    assert (first.status, again.status) == ("loaded", "already_ingested")
    assert (again.rows_in, again.loaded) == (0, 0)
    assert "Already ingested" in again.message
    assert env.rows("SELECT * FROM raw.complaints ORDER BY 1") == before


def test_newer_record_for_an_existing_key_latest_file_wins(env):
    jan = write_csv(
        env.inbox("complaints") / "jan.csv",
        COMPLAINT_HEADER,
        [complaint("T1"), complaint("T2")],
        mtime=1_700_000_000,
    )
    feb = write_csv(
        env.inbox("complaints") / "feb.csv",
        COMPLAINT_HEADER,
        [complaint("T1", status="تم الحل", resolved="2024-01-07 09:00"), complaint("T2")],
        mtime=1_700_100_000,
    )
    receipts = env.ingest("complaints", feb, jan)  # given out of order: processed by mtime
    assert [(r.file.rsplit("/", 1)[1], r.loaded, r.unchanged) for r in receipts] == [
        ("jan.csv", 2, 0),
        ("feb.csv", 1, 1),
    ]
    assert env.rows(
        "SELECT ticket_id, status, resolved_at, _row_number FROM raw.complaints ORDER BY 1"
    ) == [
        ("T1", "resolved", dt.datetime(2024, 1, 7, 9, 0), 1),
        ("T2", "open", None, 2),
    ]
    feb_sha = receipts[1].sha256
    jan_sha = receipts[0].sha256
    assert dict(env.rows("SELECT ticket_id, _file_sha256 FROM raw.complaints")) == {
        "T1": feb_sha,
        "T2": jan_sha,
    }


def test_newer_record_in_a_later_run(env):
    env.ingest(
        "complaints",
        write_csv(env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1")]),
    )
    [r] = env.ingest(
        "complaints",
        write_csv(
            env.inbox("complaints") / "b.csv", COMPLAINT_HEADER, [complaint("T1", status="مغلق")]
        ),
    )
    assert (r.loaded, r.unchanged) == (1, 0)
    assert env.one("SELECT status FROM raw.complaints") == "closed"


def test_conflicting_duplicates_in_one_file_are_all_quarantined(env):
    rows = [
        complaint("T1", status="مفتوح"),
        complaint("T1", status="مغلق"),
        complaint("T2"),
        complaint("T2"),  # exact repeat: counted unchanged, loaded once
        complaint("T3"),
    ]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    [receipt] = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected, receipt.unchanged) == (5, 2, 2, 1)
    assert env.quarantine() == [
        (1, "duplicate_conflict", "ticket_id", "T1"),
        (2, "duplicate_conflict", "ticket_id", "T1"),
    ]
    assert env.rows("SELECT ticket_id FROM raw.complaints ORDER BY 1") == [("T2",), ("T3",)]


def test_duplicates_written_differently_but_meaning_the_same_are_not_a_conflict(env):
    rows = [
        complaint("T1", region="قنا"),
        complaint("T1", region="Qena", received="05/01/2024 10:00"),
    ]
    [receipt] = env.ingest(
        "complaints", write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    )
    assert (receipt.loaded, receipt.unchanged, receipt.rejected) == (1, 1, 0)


# --- empty files ----------------------------------------------------------------------------------


def test_empty_and_header_only_files_are_accepted_with_zero_rows(env):
    empty = env.inbox("complaints") / "empty.csv"
    empty.write_bytes(b"")
    header_only = write_csv(env.inbox("complaints") / "header.csv", COMPLAINT_HEADER, [])
    blank_lines = env.inbox("complaints") / "blank.csv"
    blank_lines.write_text("\n\n", encoding="utf-8")
    receipts = env.ingest("complaints", empty, header_only, blank_lines)
    for r in receipts:
        assert (r.status, r.rows_in, r.loaded) == ("loaded", 0, 0), r
        assert "no data rows" in r.message
    assert (
        env.one("SELECT count(*) FROM raw.ingest_log WHERE status = 'loaded' AND rows_in = 0") == 3
    )


def test_all_empty_rows_are_not_records(env):
    rows = [complaint("T1"), [""] * len(COMPLAINT_HEADER), complaint("T2")]
    [receipt] = env.ingest(
        "complaints", write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    )
    assert (receipt.rows_in, receipt.loaded) == (2, 2)
    assert env.rows("SELECT ticket_id, _row_number FROM raw.complaints ORDER BY 1") == [
        ("T1", 1),
        ("T2", 3),
    ]


# --- spreadsheet formulas -------------------------------------------------------------------------


def test_formula_looking_text_is_kept_verbatim_in_raw(env):
    texts = ['=HYPERLINK("http://x")', "+201001234567 اتصل", "-مرفوض-", "@mention"]
    rows = [complaint(f"T{i}", subject=t) for i, t in enumerate(texts)]
    env.ingest("complaints", write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows))
    assert [
        r[0] for r in env.rows("SELECT subject FROM raw.complaints ORDER BY ticket_id")
    ] == texts


# --- malformed rows -------------------------------------------------------------------------------


def test_a_row_with_more_cells_than_the_header_is_quarantined_and_the_rest_loads(env):
    path = env.inbox("complaints") / "c.csv"
    lines = [
        ",".join(COMPLAINT_HEADER),
        ",".join(complaint("T1")),
        ",".join(complaint("T2")) + ",extra,cells",
        ",".join(complaint("T3")),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [receipt] = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (3, 2, 1)
    assert env.quarantine() == [(2, "malformed_row", None, "17 cells, header 15")]


def test_title_lines_multiline_cells_and_short_rows_keep_row_numbers(env):
    header = ",".join(COMPLAINT_HEADER)
    good = ",".join(complaint("T1"))
    multiline = ",".join(complaint("T2", subject='"سطر أول\r\nسطر ثان"'))
    short = ",".join(complaint("T3")[:10])  # trailing empty cells left out
    bad = ",".join(complaint("T4", region="Atlantis"))
    text = "\r\n".join(["تقرير الشكاوى", "", header, good, multiline, short, bad]) + "\r\n"
    path = env.inbox("complaints") / "c.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    [receipt] = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (4, 3, 1)
    assert env.quarantine() == [(4, "unknown_region", "region_code", "Atlantis")]
    assert (
        env.one("SELECT subject FROM raw.complaints WHERE ticket_id = 'T2'") == "سطر أول\r\nسطر ثان"
    )
    assert env.rows("SELECT ticket_id, _row_number FROM raw.complaints ORDER BY 1") == [
        ("T1", 1),
        ("T2", 2),
        ("T3", 3),
    ]
