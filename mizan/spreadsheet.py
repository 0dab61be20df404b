"""Tables as CSV and Excel files that are safe to open in a spreadsheet.

Headers are kept, values stay raw (numbers as numbers), and any text a spreadsheet would read as
a formula (starting with = + - @, tab or carriage return) is neutralised with a leading
apostrophe — a file sent by a region must not run code on a ministry analyst's machine. Used by
the dashboards' download buttons and by `mizan export`.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise_value(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise_value(str(c)) for c in out.columns]
    for index, column in enumerate(out.columns):
        series = out.iloc[:, index]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_neutralise_cell)
    return out


def _neutralise_cell(value: object) -> object:
    if isinstance(value, list | tuple):
        # lists (e.g. key message codes) are written as text: neutralise the text
        return neutralise_value(", ".join(map(str, value)))
    return neutralise_value(value)


def _tz_naive(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Arabic text correctly."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def sheet_name(name: str) -> str:
    return (name.translate(EXCEL_SHEET_CHARS).strip() or "Mizan")[:31]


def excel_workbook(sheets: dict[str, pd.DataFrame], *, right_to_left: bool = False) -> bytes:
    """One worksheet per frame, columns sized to their content; `right_to_left` sheets (an
    Arabic download) open with column A on the right, as Excel shows Arabic workbooks."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            title = sheet_name(name)
            _tz_naive(neutralise(frame)).to_excel(writer, sheet_name=title, index=False)
            worksheet = writer.sheets[title]
            worksheet.sheet_view.rightToLeft = right_to_left
            for index, column in enumerate(frame.columns, start=1):
                values = frame.iloc[:, index - 1].head(200)
                width = max([len(str(column))] + [len(str(v)) for v in values])
                worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = min(
                    60, max(8, width + 2)
                )
    return buffer.getvalue()


def excel_bytes(frame: pd.DataFrame, sheet: str = "Mizan", *, right_to_left: bool = False) -> bytes:
    return excel_workbook({sheet: frame}, right_to_left=right_to_left)
