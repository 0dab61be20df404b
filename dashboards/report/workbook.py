"""The pack's Excel workbook: the KPI table as the scorecard downloads it (`kpi_download`: labels
and status in words, headers in the pack's language) — one sheet per region — and the comments.
Arabic sheets read right to left; headers frozen; numbers kept as numbers with formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboards.i18n import speaking, t
from dashboards.report.content import RegionContent
from dashboards.viewmodels import scorecard

NUMBER_FORMATS = {"value": "#,##0.0##", "value_per_100k": "#,##0.0", "target": "#,##0.0##",
                  "score": "0.0", "mom_change": "+#,##0.0##;-#,##0.0##;0",
                  "yoy_change": "+#,##0.0##;-#,##0.0##;0"}  # fmt: skip


def _sheet_title(name: str, taken: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "sheet"
    while title in taken:
        title = title[:28] + f"~{len(taken)}"
    taken.add(title)
    return title


def write_workbook(contents: list[RegionContent], language: str, target: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    with speaking(language):
        for content in contents:
            frame, headers = scorecard.kpi_download(content.kpis, language)
            sheet = book.create_sheet(_sheet_title(content.region_name, taken))
            sheet.sheet_view.rightToLeft = language == "ar"
            columns = list(headers)
            sheet.append([headers[c] for c in columns])
            for row in frame[columns].itertuples(index=False):
                sheet.append([None if pd.isna(v) else v for v in row])  # NA/NaN: an empty cell
            for index, column in enumerate(columns, start=1):
                letter = sheet.cell(row=1, column=index).column_letter
                sheet.column_dimensions[letter].width = 34 if column == "kpi_label" else 14
                if column in NUMBER_FORMATS:
                    for cell in sheet[letter][1:]:
                        cell.number_format = NUMBER_FORMATS[column]
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        notes = book.create_sheet(_sheet_title(t("pack_comments"), taken))
        notes.sheet_view.rightToLeft = language == "ar"
        notes.append([t("region"), t("col_kpi_code"), t("pack_comment"), t("pack_owner_col"),
                      t("pack_due_col"), t("pack_author_col")])  # fmt: skip
        for content in contents:
            for c in content.comments:
                notes.append([content.region_name, c["kpi_code"], c["body"], c.get("owner"),
                              str(c["due_date"])[:10] if c.get("due_date") else None, c["author"]])  # fmt: skip
        for cell in notes[1]:
            cell.font = Font(bold=True)
        notes.freeze_panes = "A2"
    book.save(target)
