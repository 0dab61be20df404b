"""`mizan report` on the shared demo snapshot: per region a PDF (the region's name and a page
number on every page) and an Excel workbook (right to left in Arabic, frozen header, status in
words, values equal to marts.fct_kpi_monthly; not reported never written as 0)."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.pipeline import copy_home, mizan

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_regions_pack_holds_the_marts_numbers(demo_snapshot, tmp_path):
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    home = copy_home(demo_snapshot.home, tmp_path / "home")
    with duckdb.connect(str(demo_snapshot.serving_path), read_only=True) as con:
        month = con.execute("SELECT max(month_start) FROM marts.dim_month").fetchone()[0]
        region, name = con.execute(
            "SELECT region_code, region_name_ar FROM marts.dim_region "
            "WHERE NOT is_rollup ORDER BY region_code LIMIT 1"
        ).fetchone()
        marts = dict(
            con.execute(
                "SELECT kpi_code, value FROM marts.fct_kpi_monthly WHERE month_start = ? "
                "AND region_code = ? AND secretariat_code = 'ALL'",
                [month, region],
            ).fetchall()
        )
    done = mizan(home, "report", "--month", f"{month:%Y-%m}", "--region", region,
                 MIZAN_PROFILE="municipal-sa")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    folder = home / "reports" / f"{month:%Y-%m}"
    assert sorted(p.name for p in folder.iterdir()) == [f"{region}-ar.pdf", f"{region}-ar.xlsx"]

    sheet = load_workbook(folder / f"{region}-ar.xlsx").worksheets[0]
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    code_at, value_at, status_at = (header.index(h) for h in ("رمز المؤشر", "القيمة", "الحالة"))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert {r[code_at] for r in rows} == set(marts)
    for r in rows:
        expected = marts[r[code_at]]
        if expected is None:
            assert r[value_at] is None  # not reported: an empty cell, never 0
        else:
            assert r[value_at] == pytest.approx(expected)
        assert isinstance(r[status_at], str) and r[status_at]

    pages = PdfReader(folder / f"{region}-ar.pdf").pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"{number} /" in text.replace("\u00a0", " ")
    # the running header names the region (Arabic shaped into presentation forms by the PDF:
    # compare the words' letters in their normalised form)
    import unicodedata

    first = unicodedata.normalize("NFKC", pages[0].extract_text())
    assert unicodedata.normalize("NFKC", name).split()[-1] in first
