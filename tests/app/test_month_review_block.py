"""The month in review block at the top of the overview and the scorecard: the organisation's
review for national users, a regional user's own region's, the scorecard's region's — the
sentences of marts.fct_month_review in the page's language, in order."""

from __future__ import annotations

import re

import duckdb
import pytest

from dashboards.review_block import LEAD
from tests.app.helpers import exceptions, html_blocks, run_page, text
from tests.support.users import demo_regions


def review_sentences(app) -> list[str]:
    """The sentences the block shows (before and after the fold), as plain text."""
    found = []
    for block in html_blocks(app):
        if 'class="mz-review"' in block:
            found += [
                text(re.sub(r'<span class="mz-icon"[^>]*>.*?</span>', "", item))
                for item in re.findall(r"<li[^>]*>(.*?)</li>", block, flags=re.S)
            ]
    return found


def expected(home, region: str, lang: str) -> list[str]:
    with duckdb.connect(str(home.serving_path), read_only=True) as con:
        rows = con.execute(
            f"SELECT text_{lang} FROM marts.fct_month_review WHERE region_code = ? AND "
            "month_start = (SELECT max(month_start) FROM marts.fct_month_review) "
            "ORDER BY sentence_no",
            [region],
        ).fetchall()
    return [text(r[0]) for r in rows]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_overview_opens_with_the_organisation_s_review(app_home, lang):
    app = run_page("overview", lang)
    assert exceptions(app) == []
    shown = review_sentences(app)
    assert shown == expected(app_home, "ALL", lang)
    assert len(shown) > LEAD  # the rest folded under the first sentences
    title = "الشهر في سطور" if lang == "ar" else "The month in review"
    assert any(title in m.value for m in app.markdown)


def test_a_regional_user_reads_their_own_region_s_review(app_home):
    mine, other = demo_regions()
    app = run_page("overview", "en", user="reg")
    assert exceptions(app) == []
    assert review_sentences(app) == expected(app_home, mine, "en")
    assert review_sentences(app) != expected(app_home, other, "en")


def test_the_scorecard_shows_its_region_s_review(app_home):
    _, second = demo_regions()
    app = run_page("scorecard", "ar", scorecard_region=second)
    assert exceptions(app) == []
    assert review_sentences(app) == expected(app_home, second, "ar")
