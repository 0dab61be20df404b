"""The pack's pages as one HTML document: A4, right to left in Arabic, the app's stylesheet
(`shell.document.stylesheet`: cards, chips, tables) and the font the app ships. A region's pages:
cover (the month in review), the KPI table by pillar with status as icon and word, MoM, YoY,
rank and 12-month trend, then the comments with their owners. The organisation's pack opens with
the league table and goes on with each region's pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboards.i18n import name_column, speaking, t
from dashboards.report.content import RegionContent
from dashboards.review_block import sentences_html
from dashboards.shell.document import stylesheet
from dashboards.tables import Col, Html, chip, esc, ltr, table

FONTS = Path(__file__).resolve().parents[1] / "static" / "fonts"

PRINT_CSS = """
@page { size: A4; margin: 18mm 12mm 16mm; }
body { font-family: 'Noto Sans Arabic', sans-serif; font-size: 10pt; color: #1d2730; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 14pt 0 6pt; }
.mz-pack-region { break-before: page; } .mz-pack-region:first-of-type { break-before: auto; }
.mz-pack-month { color: #4a5560; margin-bottom: 10pt; }
.mz-table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
.mz-table th, .mz-table td { border-bottom: 1px solid #e3e6ea; padding: 3pt 4pt; }
.mz-table tr { break-inside: avoid; }
.mz-table a { color: inherit; text-decoration: none; }
.mz-scroll-cue { display: none; }
.mz-comment { border: 1px solid #d9dde3; border-radius: 6px; padding: 6pt 8pt; margin: 4pt 0; break-inside: avoid; }
.mz-comment .mz-meta { color: #4a5560; font-size: 8.5pt; }
"""


def _font_faces() -> str:
    faces = []
    for weight in (400, 700):
        for script in ("arabic", "latin"):
            path = FONTS / f"noto-sans-arabic-{script}-{weight}-normal.woff2"
            faces.append(
                "@font-face { font-family: 'Noto Sans Arabic'; "
                f"font-weight: {weight}; src: url('{path.as_uri()}') format('woff2'); }}"
            )
    return "\n".join(faces)


def _comments(content: RegionContent) -> str:
    if not content.comments:
        return f"<p>{esc(t('pack_no_comments'))}</p>"
    names = dict(zip(content.kpis["kpi_code"], content.kpis[name_column("name")], strict=True))
    items = []
    for c in content.comments:
        meta = [names.get(c["kpi_code"], c["kpi_code"] or ""), t("pack_author", user=c["author"])]
        if c.get("owner"):
            meta.append(t("pack_owner", owner=c["owner"]))
        if c.get("due_date"):
            meta.append(t("pack_due", date=ltr(str(c["due_date"])[:10])))
        items.append(
            f'<div class="mz-comment"><div class="mz-meta">{" · ".join(esc(m) for m in meta)}</div>'
            f"<div>{esc(c['body'])}</div></div>"
        )
    return "".join(items)


def region_pages(content: RegionContent) -> str:
    return (
        f'<section class="mz-pack-region" data-region="{esc(content.region)}">'
        f"<h1>{esc(content.region_name)}</h1>"
        f'<div class="mz-pack-month">{esc(content.month_label)}</div>'
        f"<h2>{esc(t('pack_review'))}</h2>"
        + (
            sentences_html(content.review)
            if not content.review.empty
            else f"<p>{esc(t('review_empty'))}</p>"
        )
        + f"<h2>{esc(t('kpi_table_title'))}</h2>"
        + table(
            content.table.columns,
            content.table.rows,
            table_id=f"kpis-{content.region}",
            row_classes=content.table.row_classes,
        )
        + f"<h2>{esc(t('pack_comments'))}</h2>"
        + _comments(content)
        + "</section>"
    )


def league_pages(league: pd.DataFrame, names: dict[str, str], month_label: str) -> str:
    columns = [Col(t("col_rank"), "center"), Col(t("region")), Col(t("col_score"), "num"),
               Col(t("col_status"))]  # fmt: skip
    rows = [
        [
            ltr(int(r["rank"])) if pd.notna(r.get("rank")) else "—",
            names.get(r["region_code"], r["region_code"]),
            ltr(f"{r['composite_score']:.1f}") if pd.notna(r.get("composite_score")) else "—",
            chip(r.get("status") or "grey"),
        ]
        for r in league.to_dict("records")
    ]
    return (
        '<section class="mz-pack-region" data-region="ALL">'
        f"<h1>{esc(t('pack_league'))}</h1>"
        f'<div class="mz-pack-month">{esc(month_label)}</div>'
        + table(columns, rows, table_id="league")
        + "</section>"
    )


def document(sections: list[str], language: str, title: str) -> Html:
    with speaking(language):
        direction = "rtl" if language == "ar" else "ltr"
        css = _font_faces() + stylesheet(rtl=language == "ar") + PRINT_CSS
        return Html(
            f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{css}</style></head>"
            f'<body dir="{direction}">{"".join(sections)}</body></html>'
        )
