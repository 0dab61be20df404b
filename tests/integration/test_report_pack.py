"""The monthly report pack on the shared demo snapshot.

* The build wrote it (the Dagster asset after publish): for the last complete month, a PDF and
  a workbook per region and the organisation's national pack.
* `mizan report` for one region: the region's Arabic name in logical order, its composite and
  every reported KPI value as fct_kpi_monthly has them, a page number on every page; the workbook
  right to left with a frozen header, status in words, values equal to the marts (not reported
  an empty cell, never 0).
* The national PDF names every region with its composite; the pages fit A4 (no table runs off
  the printable width, Arabic and English).
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date

import duckdb
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.pipeline import copy_home, mizan

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u00a0 \r\n"))


def plain(text: str) -> str:
    """PDF text compared letter for letter: Arabic presentation forms folded back to their
    letters (NFKC), spaces and direction marks removed."""
    return unicodedata.normalize("NFKC", text).translate(ISOLATES)


@pytest.fixture(scope="module")
def chromium():
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")


@pytest.fixture(scope="module")
def marts(demo_snapshot):
    with duckdb.connect(str(demo_snapshot.serving_path), read_only=True) as con:
        month = con.execute("SELECT max(month_start) FROM marts.dim_month").fetchone()[0]
        regions = dict(
            con.execute(
                "SELECT region_code, region_name_ar FROM marts.dim_region WHERE NOT is_rollup"
            ).fetchall()
        )
        kpis = con.execute(
            "SELECT f.region_code, f.kpi_code, f.value, f.value_status, k.unit "
            "FROM marts.fct_kpi_monthly f JOIN marts.dim_kpi k USING (kpi_code) "
            "WHERE month_start = ? AND secretariat_code = 'ALL'",
            [month],
        ).fetchall()
        composites = dict(
            con.execute(
                "SELECT region_code, composite_score FROM marts.mart_league_table "
                "WHERE month_start = ?",
                [month],
            ).fetchall()
        )
    return month, regions, kpis, composites


def test_the_build_wrote_the_last_complete_months_pack(demo_snapshot, marts, chromium):
    month, regions, _, _ = marts
    today = date.today()
    assert month < today.replace(day=1), "the demo ends with the last complete month"
    folder = demo_snapshot.home / "reports" / f"{month:%Y-%m}"
    expected = {f"{code}-ar.{kind}" for code in [*regions, "national"] for kind in ("pdf", "xlsx")}
    assert {p.name for p in folder.iterdir()} == expected

    national = PdfReader(folder / "national-ar.pdf")
    text = plain("".join(page.extract_text() for page in national.pages))
    for code, name in regions.items():
        assert plain(name) in text, code
    _, _, _, composites = marts
    for code, score in composites.items():
        if score is not None:
            assert f"{score:.1f}" in text, code
    for number, page in enumerate(national.pages, start=1):
        assert f"{number}/{len(national.pages)}" in plain(page.extract_text())

    book = load_workbook(folder / "national-ar.xlsx")
    assert len(book.worksheets) == len(regions) + 2  # the organisation, each region, comments
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_a_regions_pack_holds_the_marts_numbers(demo_snapshot, marts, chromium, tmp_path):
    from dashboards import fmt
    from dashboards.i18n import speaking

    month, regions, kpis, composites = marts
    region = sorted(regions)[0]
    home = copy_home(demo_snapshot.home, tmp_path / "home")
    shutil.rmtree(home / "reports")
    done = mizan(home, "report", "--month", f"{month:%Y-%m}", "--region", region,
                 MIZAN_PROFILE="municipal-sa")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    folder = home / "reports" / f"{month:%Y-%m}"
    assert sorted(p.name for p in folder.iterdir()) == [f"{region}-ar.pdf", f"{region}-ar.xlsx"]

    values = {code: (value, status, unit) for r, code, value, status, unit in kpis if r == region}
    sheet = load_workbook(folder / f"{region}-ar.xlsx").worksheets[0]
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    code_at, value_at, status_at = (header.index(h) for h in ("رمز المؤشر", "القيمة", "الحالة"))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert {r[code_at] for r in rows} == set(values)
    for r in rows:
        expected = values[r[code_at]][0]
        if expected is None:
            assert r[value_at] is None  # not reported: an empty cell, never 0
        else:
            assert r[value_at] == pytest.approx(expected)
        assert isinstance(r[status_at], str) and r[status_at]

    pages = PdfReader(folder / f"{region}-ar.pdf").pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in plain(page.extract_text())
    text = plain("".join(page.extract_text() for page in pages))
    # the name as a reader types it (logical order), in the title and the running header
    assert text.count(plain(regions[region])) >= len(pages)
    score = f"{composites[region]:.1f}"
    assert f"{score}/100" in text or f"100/{score}" in text  # the card's "64.0 / 100"
    with speaking("ar"):
        for code, (value, status, unit) in values.items():
            if status == "not_reported" or value is None:
                continue
            assert plain(fmt.value(value, unit)) in text, code


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_fits_the_printable_width(demo_snapshot, marts, chromium, language, monkeypatch):
    """Laid out at A4's printable width (186 mm), no element of a region's or the national
    pages reaches past either edge."""
    from dashboards.data import core, scores
    from dashboards.i18n import speaking
    from dashboards.report import document, pdf
    from dashboards.report.content import region_content
    from dashboards.scope import ORGANISATION, UNRESTRICTED

    month, regions, _, _ = marts
    monkeypatch.setenv("MIZAN_HOME", str(demo_snapshot.home))
    core.close_connection()
    settings = demo_snapshot.settings
    day = f"{month:%Y-%m-%d}"
    with speaking(language):
        contents = [region_content(settings, code, day, language) for code in sorted(regions)[:3]]
        organisation = region_content(settings, ORGANISATION, day, language)
        sections = [document.national_pages(organisation, scores.league_table(UNRESTRICTED, day),
                                            scores.heatmap(UNRESTRICTED, day), language)]  # fmt: skip
        html = document.document(sections + [document.region_pages(c) for c in contents],
                                 language, "pack")  # fmt: skip
    core.close_connection()

    def overflowing(browser) -> list[str]:
        page = browser.new_page()
        page.emulate_media(media="print")
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready")
        return page.evaluate(
            """() => {
              const body = document.body.getBoundingClientRect();
              return [...document.querySelectorAll('body *')]
                .filter(e => { const r = e.getBoundingClientRect();
                               return r.width > 0 && (r.right > body.right + 1 || r.left < body.left - 1); })
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40));
            }"""
        )

    overflow = pdf.with_browser(overflowing)
    assert overflow == []
