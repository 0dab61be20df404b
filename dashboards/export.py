"""Downloads of the current view as CSV and Excel.

Headers are translated, values stay raw (numbers as numbers), and any text a spreadsheet would
read as a formula (starting with = + - @, tab or carriage return) is neutralised with a leading
apostrophe — a file sent by a region must not run code on a ministry analyst's machine.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
            )
    return out


def _tz_naive(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Arabic text correctly."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, sheet: str = "Mizan") -> bytes:
    buffer = io.BytesIO()
    name = (sheet.translate(EXCEL_SHEET_CHARS).strip() or "Mizan")[:31]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _tz_naive(neutralise(frame)).to_excel(writer, sheet_name=name, index=False)
        worksheet = writer.sheets[name]
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = min(
                60, max(8, width + 2)
            )
    return buffer.getvalue()
