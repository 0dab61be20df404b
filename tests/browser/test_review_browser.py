"""The monthly review in a real browser, in Arabic: the month in review block at the top of the
overview and the scorecard, the comment box, and the Alerts page — right to left, with the
screenshots kept in the browser tests' output folder."""

from __future__ import annotations

import pytest

from tests.browser.test_dashboards_browser import _open

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


def test_the_review_block_opens_the_overview_in_arabic(browser, dashboard_url, output_dir):
    view, _ = _open(browser, dashboard_url, "overview", "ar")
    block = view.locator(".st-key-month-review")
    block.wait_for(timeout=60_000)
    assert "الشهر في سطور" in block.inner_text()
    items = block.locator("ul.mz-review li")
    assert items.count() >= 3
    assert (
        view.evaluate(
            "() => getComputedStyle(document.querySelector('.st-key-month-review ul.mz-review')).direction"
        )
        == "rtl"
    )
    # the block comes before the league table
    top = view.evaluate(
        "() => [document.querySelector('.st-key-month-review').getBoundingClientRect().top,"
        " document.querySelector('#league-table').getBoundingClientRect().top]"
    )
    assert top[0] < top[1]
    block.screenshot(path=str(output_dir / "review-overview-ar.png"))
    view.screenshot(path=str(output_dir / "review-overview-page-ar.png"))
    view.close()


def test_the_scorecard_shows_the_review_and_the_comment_box(browser, dashboard_url, output_dir):
    view, _ = _open(browser, dashboard_url, "scorecard", "ar")
    view.locator(".st-key-month-review").wait_for(timeout=60_000)
    assert view.locator(".st-key-month-review ul.mz-review li").count() >= 1
    expander = view.get_by_text("التعليقات والإجراءات")
    expander.click()
    view.get_by_text("حفظ التعليق").wait_for(timeout=30_000)
    view.screenshot(path=str(output_dir / "review-scorecard-ar.png"), full_page=False)
    view.close()


def test_the_alerts_page_in_arabic(browser, dashboard_url, output_dir):
    view, _ = _open(browser, dashboard_url, "alerts", "ar")
    view.get_by_text("تنبيهات جديدة").first.wait_for(timeout=60_000)
    assert view.locator("[class*='st-key-alert-']").count() >= 1
    assert view.get_by_text("إقرار بالاستلام").count() >= 1
    view.screenshot(path=str(output_dir / "alerts-ar.png"))
    view.close()
