"""The pack's pages as one HTML document: A4, right to left in Arabic, the app's stylesheet
(`shell.document.stylesheet`: cards, chips, tables) and the font the app ships.

A region's pages: its name and month, the scorecard's cards (composite, rank, one per pillar),
the month in review, the KPI table by pillar (target, status as icon and word, MoM, YoY, rank,
12-month trend), last month's commitments and whether their KPI moved, then this month's
comments with their owners. The organisation's pack opens with its own cards and review, the
league table and the region × KPI heatmap (one table per pillar), then every region's pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboards import fmt
from dashboards.i18n import is_rtl, name_column, speaking, t
from dashboards.report.content import Commitment, RegionContent
from dashboards.review_block import sentences_html
from dashboards.shell.document import stylesheet
from dashboards.tables import Col, Html, cards, chip, esc, ltr, table
from dashboards.viewmodels import overview

FONTS = Path(__file__).resolve().parents[1] / "static" / "fonts"

# The printable width of A4 with the margins below is 186 mm (about 703 CSS px): the tables are
# laid out fixed to it and wrap inside their cells, so that no column runs off the page.
PRINT_CSS = """
@page { size: A4; margin: 18mm 12mm 16mm; }
html, body { width: 186mm; }
body { font-family: 'Noto Sans Arabic', sans-serif; font-size: 9.5pt; color: #1d2730; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 12pt 0 5pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 8pt 0 4pt; break-after: avoid; }
.mz-pack-region { break-before: page; } .mz-pack-region:first-of-type { break-before: auto; }
.mz-pack-month { color: #4a5560; margin-bottom: 8pt; }
.mz-cards { display: flex; flex-wrap: wrap; gap: 6pt; }
.mz-card { flex: 1 1 30%; min-width: 0; padding: 6pt 8pt; break-inside: avoid; }
.mz-card .mz-value { font-size: 15pt; }
.mz-table-wrap { overflow: visible; }
.mz-table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
.mz-table .mz-note { font-size: 0.9em; }
table[id^="kpis-"], .mz-heat, table[id^="commitments-"] { table-layout: fixed; }
table[id^="kpis-"] th:nth-child(1) { width: 20%; } table[id^="kpis-"] th:nth-child(2) { width: 14%; }
table[id^="kpis-"] th:nth-child(3), table[id^="kpis-"] th:nth-child(4) { width: 11%; }
table[id^="kpis-"] th:nth-child(5), table[id^="kpis-"] th:nth-child(6) { width: 12%; }
table[id^="kpis-"] th:nth-child(7) { width: 7%; } table[id^="kpis-"] th:nth-child(8) { width: 13%; }
.mz-heat th:first-child { width: 14%; }
.mz-table .mz-bar-track { width: 36pt; } .mz-table .mz-nowrap { white-space: normal; }
.mz-pack-page { break-before: page; }
.mz-table th, .mz-table td { border-bottom: 1px solid #e3e6ea; padding: 2pt 4pt;
  overflow-wrap: anywhere; white-space: normal; }
.mz-table .mz-chip { white-space: normal; font-size: 7pt; padding: 0 4pt; }
.mz-table svg, .mz-table img { max-width: 100%; height: auto; }
.mz-table tr { break-inside: avoid; }
.mz-table a { color: inherit; text-decoration: none; }
.mz-scroll-cue { display: none; }
.mz-heat td, .mz-heat th { text-align: center; font-size: 6.5pt; border: 1px solid #ffffff; }
.mz-heat td.mz-heat-region { text-align: start; font-weight: 700; background: transparent; }
.mz-comment { border: 1px solid #d9dde3; border-radius: 6px; padding: 5pt 7pt; margin: 4pt 0; break-inside: avoid; }
.mz-comment .mz-meta { color: #4a5560; font-size: 8pt; }
.mz-better { color: #00513A; font-weight: 700; } .mz-worse { color: #7A3500; font-weight: 700; }
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


def _kpi_names(content: RegionContent) -> dict[str, str]:
    return dict(zip(content.kpis["kpi_code"], content.kpis[name_column("name")], strict=True))


def _comments(content: RegionContent) -> str:
    if not content.comments:
        return f"<p>{esc(t('pack_no_comments'))}</p>"
    names = _kpi_names(content)
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


def _moved(item: Commitment) -> Html:
    if item.value_now is None:
        return esc(t("pack_moved_not_reported"))
    change = ltr(fmt.change(item.change, item.unit))
    if item.better is None:
        return Html(f"{esc(t('pack_moved_none'))} ({change})")
    word, css = (
        ("pack_moved_better", "mz-better") if item.better else ("pack_moved_worse", "mz-worse")
    )
    return Html(f'<span class="{css}">{esc(t(word))}</span> ({change})')


def _commitments(content: RegionContent) -> str:
    if not content.commitments:
        return f"<p>{esc(t('pack_no_commitments'))}</p>"
    columns = [
        Col(t("col_kpi")),
        Col(t("pack_comment")),
        Col(t("pack_owner_col")),
        Col(t("pack_due_col")),
        Col(t("pack_status_then_now"), "center"),
        Col(t("pack_moved")),
    ]
    rows = [
        [
            esc(item.kpi_name),
            esc(item.body),
            esc(item.owner) or fmt.DASH,
            ltr(item.due_date) if item.due_date else fmt.DASH,
            Html(
                f"{chip(item.status_then or 'none')} {'←' if is_rtl() else '→'} "
                f"{chip(item.status_now or 'none')}"
            ),
            _moved(item),
        ]
        for item in content.commitments
    ]
    return table(columns, rows, table_id=f"commitments-{content.region}")


def _cover(title: str, content: RegionContent) -> str:
    """The title and month, the scorecard's cards and the month in review."""
    review = (
        sentences_html(content.review)
        if not content.review.empty
        else f"<p>{esc(t('review_empty'))}</p>"
    )
    return (
        f"<h1>{title}</h1>"
        f'<div class="mz-pack-month">{esc(content.month_label)}</div>'
        + cards(content.summary)
        + f"<h2>{esc(t('pack_review'))}</h2>"
        + review
    )


def region_pages(content: RegionContent) -> str:
    return (
        f'<section class="mz-pack-region" data-region="{esc(content.region)}">'
        + _cover(esc(content.region_name), content)
        + f"<h2>{esc(t('kpi_table_title'))}</h2>"
        + table(
            content.table.columns,
            content.table.rows,
            table_id=f"kpis-{content.region}",
            row_classes=content.table.row_classes,
        )
        + (
            ""
            if content.region == "ALL"
            else f"<h2>{esc(t('pack_commitments'))}</h2>"
            + _commitments(content)
            + f"<h2>{esc(t('pack_comments'))}</h2>"
            + _comments(content)
        )
        + "</section>"
    )


def _heatmap(heat: pd.DataFrame, region_order: list[str], language: str, month: str) -> str:
    parts = []
    for _, part in heat.groupby("pillar_order", sort=True):
        cells = overview.heatmap_cells(part, language, month=month, secretariat="ALL")
        columns = [c.replace("<br>", " ") for c in dict.fromkeys(cells["column"])]
        by_region = {region: group for region, group in cells.groupby("row", sort=False)}
        head = "".join(f"<th>{esc(name)}</th>" for name in columns)
        body = []
        for region in [r for r in region_order if r in by_region]:
            row = by_region[region]
            tds = "".join(
                f'<td class="mz-{esc(s)}">{esc(text)}</td>'
                for s, text in zip(row["status"], row["text"], strict=True)
            )
            body.append(f'<tr><td class="mz-heat-region">{esc(region)}</td>{tds}</tr>')
        parts.append(
            f"<h3>{esc(part.iloc[0][name_column('pillar_name')])}</h3>"
            f'<table class="mz-table mz-heat"><thead><tr><th>{esc(t("region"))}</th>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(parts)


def national_pages(
    organisation: RegionContent, league: pd.DataFrame, heat: pd.DataFrame, language: str
) -> str:
    """The organisation's opening pages: its cards and review, the league table, the heatmap."""
    league_rows = overview.league_table(
        league.assign(in_scope=True), language, region_label=t("region"), own_regions=False
    )
    region_order = list(league[name_column("region_name")])
    return (
        '<section class="mz-pack-region" data-region="ALL">'
        + _cover(esc(t("pack_national")), organisation)
        + f'<h2 class="mz-pack-page">{esc(t("pack_league"))}</h2>'
        + table(
            league_rows.columns,
            league_rows.rows,
            table_id="league",
            row_classes=league_rows.row_classes,
        )
        + '</section><section class="mz-pack-region" data-region="ALL-heatmap">'
        + f"<h1>{esc(t('heatmap_title'))}</h1>"
        + f'<div class="mz-pack-month">{esc(organisation.month_label)}</div>'
        + _heatmap(heat, region_order, language, organisation.month)
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
