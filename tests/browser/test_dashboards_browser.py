"""Every page in both languages in a real headless Chromium: no Streamlit exception box, the
document direction and language right, the shipped Arabic font in use, nothing fetched from
outside, a screenshot of each page, and the regional leader's page printed to an A4 PDF.

Screenshots and the PDF land in tests/output/browser/ (git-ignored): look at them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import urlparse

import pytest

from tests.app.helpers import PAGES
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]
CHART_PAGES = set(PAGES) - {"quality"}


def _open(browser, url: str, page: str, lang: str):
    # tall enough for most pages, so that the page renders once (a resize re-lays every chart)
    view = browser.new_page(viewport={"width": 1440, "height": 4000})
    hosts: set[str] = set()
    view.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    path = "" if page == "overview" else page
    view.goto(f"{url}/{path}?lang={lang}")
    sign_in(view)
    view.wait_for_selector("h1", timeout=60_000)
    if page in CHART_PAGES:
        view.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    # Streamlit's own page says lang="en" before the shell's script runs: wait for `dir`, which
    # only the shell sets, as well.
    direction = "rtl" if lang == "ar" else "ltr"
    view.wait_for_function(
        f"() => document.documentElement.getAttribute('lang') === '{lang}'"
        f" && document.documentElement.getAttribute('dir') === '{direction}'",
        timeout=30_000,
    )
    view.wait_for_timeout(500)
    return view, hosts


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders(browser, dashboard_url, output_dir, page, lang):
    view, hosts = _open(browser, dashboard_url, page, lang)
    try:
        assert view.locator('[data-testid="stException"]').count() == 0
        direction = view.evaluate("document.documentElement.dir")
        assert direction == ("rtl" if lang == "ar" else "ltr")
        assert (
            view.evaluate(
                "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).direction"
            )
            == direction
        )
        title = view.locator("h1").first.inner_text()
        assert bool(re.search("[\u0600-\u06ff]", title)) == (lang == "ar")
        if lang == "ar":
            fonts = view.evaluate(
                "() => performance.getEntriesByType('resource').map(e => e.name)"
                ".filter(n => n.includes('noto-sans-arabic'))"
            )
            assert fonts and all("/app/static/fonts/" in f for f in fonts)
            assert view.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'ميزان')")
        assert hosts <= {"127.0.0.1", "localhost", ""}, f"fetched from outside: {hosts}"
        view.screenshot(path=str(output_dir / f"{page}-{lang}.png"), full_page=True)
    finally:
        view.close()


def test_scorecard_prints_to_a_clean_a4_pdf(browser, dashboard_url, output_dir):
    view, _ = _open(browser, dashboard_url, "scorecard", "ar")
    try:
        view.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        zoom = float(
            view.evaluate(
                "() => getComputedStyle(document.documentElement).getPropertyValue('--mz-print-zoom')"
            )
        )
        assert 0.3 < zoom <= 1
        view.emulate_media(media="print")
        view.wait_for_timeout(1000)
        hidden = view.evaluate(
            """() => ['[data-testid="stSidebar"]', '[data-testid="stHeader"]',
                      '[class*="st-key-controls"]', '[class*="st-key-downloads"]',
                      '[class*="st-key-noprint"]']
                .map(s => Array.from(document.querySelectorAll(s)))
                .flat().every(e => getComputedStyle(e).display === 'none')"""
        )
        assert hidden, "sidebar, toolbar and widgets must not print"
        assert view.locator("#kpi-table").is_visible()
        pdf_path = output_dir / "scorecard-ar.pdf"
        view.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
        data = pdf_path.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert 1 <= pages <= 4, f"{pages} pages"
        media_boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]+)\]", data))
        assert all(
            [round(float(v)) for v in box.split()] == [0, 0, 595, 842] for box in media_boxes
        ), media_boxes
        # the first page as an image: pdftoppm when poppler is installed, else the print view
        if shutil.which("pdftoppm"):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    str(pdf_path),
                    str(output_dir / "scorecard-ar-print"),
                ],
                check=True,
            )
        else:
            view.set_viewport_size({"width": 794, "height": 1123})
            view.screenshot(path=str(output_dir / "scorecard-ar-print.png"), full_page=True)
    finally:
        view.close()


def test_a_cell_of_the_explorer_matrix_drills_down(browser, dashboard_url, demo_snapshot):
    """Selecting a cell of the region × month grid lists the rows behind it (the grid is a
    canvas: the test clicks the third row's first cell — the second region by English name,
    after the organisation)."""
    import duckdb

    con = duckdb.connect(str(demo_snapshot.serving_path), read_only=True)
    names = [
        row[0]
        for row in con.execute(
            "SELECT region_name_en FROM marts.dim_region WHERE NOT is_rollup ORDER BY region_name_en"
        ).fetchall()
    ]
    con.close()
    view, _ = _open(browser, dashboard_url, "explorer", "en")
    try:
        summary = view.locator('[data-testid="stMarkdownContainer"] strong').filter(has_text=" · ")
        assert summary.first.inner_text().startswith(f"{names[0]} ·")
        grid = view.locator('[data-testid="stDataFrame"]').first.bounding_box()
        row_height = 35
        view.mouse.click(grid["x"] + 20, grid["y"] + row_height * 3 + row_height / 2)
        view.wait_for_function(
            "(name) => Array.from(document.querySelectorAll('[data-testid=\"stMarkdownContainer\"] strong'))"
            ".some(e => e.innerText.startsWith(name + ' ·'))",
            arg=names[1],
            timeout=30_000,
        )
    finally:
        view.close()


def test_the_login_form_is_arabic_first_and_opens_the_page_asked_for(
    browser, dashboard_url, output_dir
):
    view = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        view.goto(f"{dashboard_url}/dictionary")  # not the steward's first page
        view.wait_for_selector('input[type="password"]', timeout=60_000)
        view.wait_for_function("() => document.documentElement.dir === 'rtl'", timeout=30_000)
        assert view.locator("h1").first.inner_text() == "تسجيل الدخول إلى ميزان"
        assert view.locator('[data-testid="stSidebarNav"]').count() == 0  # no page before login
        view.screenshot(path=str(output_dir / "login-ar.png"))
        sign_in(view, "stew")
        view.wait_for_selector("h1", timeout=60_000)
        view.wait_for_function(
            "() => document.querySelector('h1').innerText === 'قاموس البيانات'", timeout=30_000
        )
        nav = view.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "جودة البيانات" in nav and "نظرة عامة" not in nav  # a steward's two pages
    finally:
        view.close()


def test_a_link_to_the_sql_console_does_not_open_it_for_a_regional_user(browser, dashboard_url):
    view = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        view.goto(f"{dashboard_url}/sql?lang=en")
        sign_in(view, "reg")
        view.wait_for_selector('[data-testid="stAlertContentError"]', timeout=60_000)
        assert (
            "not available to your role"
            in view.locator('[data-testid="stAlertContentError"]').first.inner_text()
        )
        assert "SQL" not in view.locator('[data-testid="stSidebarNav"]').inner_text()
        assert view.locator("textarea").count() == 0  # no SQL editor
    finally:
        view.close()
