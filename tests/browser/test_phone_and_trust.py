"""The app on a 390×844 phone and a 1440×900 desktop, in Arabic and English: nothing covers
the sign-in form, the closed sidebar covers nothing (closed by default on a phone, slid off to
its own side in either direction), the scorecard's status is visible without scrolling on a
phone, chart toolbars never cover titles, month labels never collide, and a value of the
scorecard or a heatmap cell opens the rows behind it without a new sign-in.

Screenshots land in tests/output/browser/ (git-ignored): look at them.
"""

from __future__ import annotations

import itertools

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}

BOX = """(selector) => Array.from(document.querySelectorAll(selector)).map(e => {
    const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
})"""


def _new(browser, screen: str):
    phone = screen == "phone"
    return browser.new_page(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone)


def _overlap(a: dict, b: dict) -> float:
    """The area two boxes share."""
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, width) * max(0.0, height)


def _visible_area(view, box: dict) -> float:
    size = view.viewport_size
    return _overlap(box, {"x": 0, "y": 0, "width": size["width"], "height": size["height"]})


def _wait_direction(view, lang: str) -> None:
    direction = "rtl" if lang == "ar" else "ltr"
    view.wait_for_function(
        f"() => document.documentElement.getAttribute('lang') === '{lang}'"
        f" && document.documentElement.getAttribute('dir') === '{direction}'",
        timeout=30_000,
    )


def _sidebar(view) -> dict:
    return view.evaluate(
        """() => { const s = document.querySelector('[data-testid="stSidebar"]');
                   const r = s.getBoundingClientRect();
                   return {x: r.x, y: r.y, width: r.width, height: r.height,
                           collapsed: s.getAttribute('data-collapsed')}; }"""
    )


def _settle_sidebar(view) -> None:
    view.wait_for_timeout(800)  # the sidebar's 0.3 s slide


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_nothing_covers_the_sign_in_form(browser, dashboard_url, output_dir, screen, lang):
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/scorecard?lang={lang}")
        view.wait_for_selector('[data-testid="stForm"] input[type="password"]', timeout=60_000)
        _wait_direction(view, lang)
        _settle_sidebar(view)
        form = view.evaluate(BOX, '[data-testid="stForm"]')[0]
        sidebar = _sidebar(view)
        if screen == "phone":
            assert sidebar["collapsed"] == "true", "the sidebar must start closed on a phone"
        assert _overlap(form, sidebar) == 0, (form, sidebar)
        for selector in (
            '[data-testid="stExpandSidebarButton"]',
            '[data-testid="stHeader"] button',
        ):
            for box in view.evaluate(BOX, selector):
                assert _overlap(form, box) == 0, (selector, box)
        view.screenshot(path=str(output_dir / f"login-{screen}-{lang}.png"))
    finally:
        view.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_closed_sidebar_covers_nothing(browser, dashboard_url, output_dir, screen, lang):
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/scorecard?lang={lang}")
        sign_in(view)
        view.wait_for_selector("#kpi-table", timeout=90_000)
        _wait_direction(view, lang)
        _settle_sidebar(view)
        if screen == "desktop":
            assert _sidebar(view)["collapsed"] == "false", "open by default on a desktop"
            # it sits on the reading side: right in Arabic, left in English
            box = _sidebar(view)
            assert (box["x"] + box["width"] == DESKTOP["width"]) == (lang == "ar"), box
            view.hover('[data-testid="stSidebar"]')
            view.locator('[data-testid="stSidebarCollapseButton"] button').click()
            _settle_sidebar(view)
        sidebar = _sidebar(view)
        assert sidebar["collapsed"] == "true"
        assert _visible_area(view, sidebar) == 0, f"the closed sidebar covers {sidebar}"
        content = view.evaluate(BOX, '[data-testid="stSidebarContent"]')
        assert all(_visible_area(view, box) == 0 for box in content), content
        main = view.evaluate(BOX, '[data-testid="stMain"]')[0]
        assert main["x"] == 0 and main["width"] == SCREENS[screen]["width"], main
        # the button that opens it again is on the sidebar's side
        button = view.evaluate(BOX, '[data-testid="stExpandSidebarButton"]')[0]
        assert (button["x"] > SCREENS[screen]["width"] / 2) == (lang == "ar"), button
        view.screenshot(path=str(output_dir / f"scorecard-closed-sidebar-{screen}-{lang}.png"))
    finally:
        view.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_scorecard_status_is_visible_without_scrolling_on_a_phone(
    browser, dashboard_url, output_dir, lang
):
    view = _new(browser, "phone")
    try:
        view.goto(f"{dashboard_url}/scorecard?lang={lang}")
        sign_in(view)
        view.wait_for_selector("#kpi-table", timeout=90_000)
        _wait_direction(view, lang)
        view.locator("#kpi-table").scroll_into_view_if_needed()
        view.wait_for_timeout(500)
        chips = view.locator("#kpi-table tr.mz-row .mz-inline-status [data-status]")
        assert chips.count() > 0
        assert chips.first.is_visible()
        width = PHONE["width"]
        for box in view.evaluate(BOX, "#kpi-table tr.mz-row .mz-inline-status .mz-chip")[:10]:
            assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        # icon and word, never colour alone
        text = view.locator("#kpi-table tr.mz-row .mz-inline-status .mz-chip").first.inner_text()
        assert len(text.strip()) >= 3
        cue = view.locator(".mz-scroll-cue").first
        assert cue.is_visible()
        assert ("اسحب" in cue.inner_text()) == (lang == "ar")
        # the table scrolls sideways inside its frame, the page does not
        assert view.evaluate("() => document.documentElement.scrollWidth") <= width
        view.screenshot(path=str(output_dir / f"scorecard-phone-{lang}.png"))
        view.screenshot(path=str(output_dir / f"scorecard-phone-{lang}-full.png"), full_page=True)
    finally:
        view.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_chart_toolbars_and_month_labels_cover_nothing(
    browser, dashboard_url, output_dir, screen, lang
):
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/scorecard?lang={lang}")
        sign_in(view)
        view.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
        _wait_direction(view, lang)
        view.wait_for_timeout(1500)
        plots = view.evaluate(
            """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => {
                const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                                   return {x: r.x, y: r.y, width: r.width, height: r.height}; };
                return {modebar: box(p.querySelector('.modebar')),
                        titles: Array.from(p.querySelectorAll('.gtitle, .gtitle-subtitle')).map(box),
                        ticks: Array.from(p.querySelectorAll('.xtick text')).map(box)
                                 .filter(b => b.width > 0)};
            })"""
        )
        assert plots
        for plot in plots:
            if plot["modebar"] and plot["modebar"]["width"]:
                for title in plot["titles"]:
                    assert _overlap(plot["modebar"], title) == 0, (plot["modebar"], title)
        trend = plots[0]["ticks"]  # the composite trend: months along the x axis
        assert len(trend) >= 3
        for left, right in itertools.pairwise(trend):
            assert _overlap(left, right) == 0, (left, right)
        view.screenshot(path=str(output_dir / f"scorecard-charts-{screen}-{lang}.png"))
    finally:
        view.close()


def _drill_summary(view) -> str:
    view.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-testid=\"stMarkdownContainer\"] strong'))"
        ".some(e => e.innerText.includes(' · '))",
        timeout=60_000,
    )
    return (
        view.locator('[data-testid="stMarkdownContainer"] strong')
        .filter(has_text=" · ")
        .first.inner_text()
    )


def test_a_value_of_the_scorecard_opens_the_rows_behind_it(
    browser, dashboard_url, demo_snapshot, output_dir
):
    from urllib.parse import parse_qs, urlparse

    import duckdb

    view = _new(browser, "desktop")
    try:
        view.goto(f"{dashboard_url}/scorecard?lang=en")
        sign_in(view)
        view.wait_for_selector("#kpi-table a.mz-drill", timeout=90_000)
        link = view.locator("#kpi-table a.mz-drill").first
        href = link.get_attribute("href")
        assert href.startswith("explorer?") and "kpi=" in href and "month=" in href
        code = parse_qs(urlparse(href).query)["region"][0]
        con = duckdb.connect(str(demo_snapshot.serving_path), read_only=True)
        region = con.execute(
            "SELECT region_name_en FROM marts.dim_region WHERE region_code = ?", [code]
        ).fetchone()[0]
        con.close()
        link.click()
        view.wait_for_function("() => location.pathname.endsWith('/explorer')", timeout=30_000)
        view.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').innerText === 'KPI explorer'",
            timeout=60_000,
        )
        assert view.locator('input[type="password"]').count() == 0  # the same session
        assert _drill_summary(view).startswith(f"{region} ·")
        view.screenshot(path=str(output_dir / "explorer-from-scorecard-en.png"))
    finally:
        view.close()


def test_a_heatmap_cell_opens_the_rows_behind_it(browser, dashboard_url, output_dir):
    view = _new(browser, "desktop")
    try:
        view.goto(f"{dashboard_url}/?lang=ar")
        sign_in(view)
        view.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=90_000)
        _wait_direction(view, "ar")
        view.wait_for_timeout(1500)
        heatmap = view.locator(".js-plotly-plot").filter(has=view.locator(".heatmaplayer")).first
        heatmap.scroll_into_view_if_needed()
        view.wait_for_timeout(500)
        # the top row (the league's first region) at the first KPI (the right-most column)
        first_region = view.locator("#league-table tr.mz-row td").nth(2).inner_text().split("\n")[0]
        plot = heatmap.locator(".nsewdrag").first.bounding_box()
        rows = view.evaluate("() => document.querySelectorAll('#league-table tr.mz-row').length")
        view.mouse.click(plot["x"] + plot["width"] - 20, plot["y"] + plot["height"] / rows / 2)
        view.wait_for_function("() => location.pathname.endsWith('/explorer')", timeout=30_000)
        assert _drill_summary(view).startswith(f"{first_region.strip()} ·")
        assert view.locator('input[type="password"]').count() == 0
        view.screenshot(path=str(output_dir / "explorer-from-heatmap-ar.png"))
    finally:
        view.close()
