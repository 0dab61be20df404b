"""Not reported, funnel plots and optional columns in a real browser, in Arabic, on a 1440×900
desktop and a 390×844 phone: the scorecard's not-reported cell says «لم يُبلَّغ» (no 0, no RAG
colour), the explorer draws the funnel plot of a share with its outliers named, and the
data-quality page shows which regions leave which columns out — right to left, nothing wider
than the page.

Screenshots land in tests/output/browser/ (git-ignored): look at them.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}


def _new(browser, screen: str):
    phone = screen == "phone"
    return browser.new_page(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone)


def _one(demo_snapshot, sql: str) -> tuple:
    con = duckdb.connect(str(demo_snapshot.serving_path), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row is not None, sql
    return row


def _rtl(view) -> None:
    view.wait_for_function(
        "() => document.documentElement.getAttribute('dir') === 'rtl'", timeout=30_000
    )


def _fits(view, screen: str) -> None:
    """Nothing wider than the page: tables and grids scroll inside their frames."""
    assert view.evaluate("() => document.documentElement.scrollWidth") <= SCREENS[screen]["width"]


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_scorecard_cell_not_reported_says_so_in_arabic(
    browser, dashboard_url, demo_snapshot, output_dir, screen
):
    month, region, name = _one(
        demo_snapshot,
        """SELECT strftime(f.month_start, '%Y-%m-%d'), f.region_code, k.name_ar
           FROM marts.fct_kpi_monthly AS f JOIN marts.dim_kpi AS k USING (kpi_code)
           WHERE f.value_status = 'not_reported' AND f.secretariat_code = 'ALL'
             AND f.region_code <> 'ALL'
           ORDER BY f.month_start DESC, k.sort_order LIMIT 1""",
    )
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/scorecard?lang=ar&month={month}&region={region}")
        sign_in(view)
        view.wait_for_selector("#kpi-table", timeout=90_000)
        _rtl(view)
        row = view.locator("#kpi-table tr.mz-row").filter(has_text=name).first
        row.scroll_into_view_if_needed()
        view.wait_for_timeout(600)
        assert "لم يُبلَّغ" in row.locator("td").nth(1).inner_text()
        assert row.locator('[data-status="not_reported"]').count() >= 1
        for colour in ("green", "amber", "red", "grey"):
            assert row.locator(f'[data-status="{colour}"]').count() == 0
        # no RAG tint behind the chip: the dashed, white one
        # on a phone the status beside the name (its own column scrolls sideways)
        chip = row.locator('.mz-chip[data-status="not_reported"]:visible').first
        assert chip.is_visible()
        background = chip.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
        _fits(view, screen)
        view.screenshot(path=str(output_dir / f"trust-scorecard-not-reported-{screen}-ar.png"))
    finally:
        view.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_explorer_draws_the_funnel_plot_in_arabic(
    browser, dashboard_url, demo_snapshot, output_dir, screen
):
    kpi, month = _one(
        demo_snapshot,
        """SELECT kpi_code, strftime(month_start, '%Y-%m-%d') FROM marts.fct_kpi_monthly
           WHERE secretariat_code = 'ALL' AND region_code <> 'ALL'
             AND funnel_position <> 'inside'
           GROUP BY kpi_code, month_start ORDER BY month_start DESC, count(*) DESC LIMIT 1""",
    )
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/explorer?lang=ar&month={month}&kpi={kpi}")
        sign_in(view)
        _rtl(view)
        funnel = view.locator(".st-key-explorer-funnel .js-plotly-plot")
        funnel.wait_for(timeout=90_000)
        funnel.scroll_into_view_if_needed()
        view.wait_for_timeout(1500)
        # the limits, the rate and the regions; outliers named beside their points
        assert funnel.locator(".scatterlayer .trace").count() >= 6
        assert funnel.locator(".xtick").count() > 0
        labels = funnel.locator(".scatterlayer .textpoint").all_inner_texts()
        callouts = view.locator(".mz-funnel-callouts li").all_inner_texts()
        assert labels and len(labels) == len(callouts)
        _fits(view, screen)
        funnel.screenshot(path=str(output_dir / f"trust-funnel-{screen}-ar.png"))
        view.locator(".mz-funnel-callouts").scroll_into_view_if_needed()
        view.screenshot(path=str(output_dir / f"trust-funnel-callouts-{screen}-ar.png"))
    finally:
        view.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_quality_page_shows_which_regions_leave_columns_out_in_arabic(
    browser, dashboard_url, demo_snapshot, output_dir, screen
):
    (month,) = _one(
        demo_snapshot,
        """SELECT strftime(max(month_start), '%Y-%m-%d') FROM marts.fct_input_coverage
           WHERE coverage_status = 'absent'""",
    )
    view = _new(browser, screen)
    try:
        view.goto(f"{dashboard_url}/quality?lang=ar&month={month}")
        sign_in(view)
        _rtl(view)
        grid = view.locator(".st-key-quality-coverage")
        grid.wait_for(timeout=90_000)
        grid.scroll_into_view_if_needed()
        view.wait_for_timeout(1500)
        assert grid.evaluate("e => getComputedStyle(e).direction") == "rtl"
        gaps = view.locator(".mz-coverage-gaps li")
        assert gaps.count() > 0 and "غائب" in gaps.first.inner_text()
        _fits(view, screen)
        view.screenshot(path=str(output_dir / f"trust-quality-columns-{screen}-ar.png"))
        gaps.first.scroll_into_view_if_needed()
        view.screenshot(path=str(output_dir / f"trust-quality-gaps-{screen}-ar.png"))
    finally:
        view.close()
