"""Downloads of the current view as CSV and Excel (see `mizan.spreadsheet`: formula-like
text is neutralised in both)."""

from __future__ import annotations

from mizan.spreadsheet import (
    FORMULA_STARTS,
    csv_bytes,
    excel_bytes,
    excel_workbook,
    neutralise,
)

__all__ = ["FORMULA_STARTS", "csv_bytes", "excel_bytes", "excel_workbook", "neutralise"]
