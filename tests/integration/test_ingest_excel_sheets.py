"""A workbook whose first sheet is notes: the sheet whose headers match the contract is read;
when none matches, the refusal names the sheets that were read."""

from __future__ import annotations

import openpyxl

from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint


def _workbook(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


NOTES = ("ملاحظات", [["تعليمات التعبئة"], ["املأ ورقة البيانات"]])


def test_the_sheet_whose_headers_match_is_read(env):
    path = _workbook(
        env.inbox("complaints") / "book.xlsx",
        [NOTES, ("البيانات", [COMPLAINT_HEADER, complaint("T1"), complaint("T2")])],
    )
    (receipt,) = env.ingest("complaints", path)
    assert (receipt.status, receipt.loaded) == ("loaded", 2), receipt


def test_no_matching_sheet_says_which_sheets_were_read(env):
    path = _workbook(
        env.inbox("complaints") / "book.xlsx",
        [NOTES, ("أرقام", [["رقم البلاغ", "ملاحظة"], ["T1", "x"]])],
    )
    (receipt,) = env.ingest("complaints", path)
    assert receipt.status == "rejected" and receipt.error_code == "missing_columns"
    assert "Sheets read: «ملاحظات», «أرقام»" in receipt.error, receipt.error
