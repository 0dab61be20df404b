"""Words and downloads that keep the numbers honest in both languages: Arabic plurals, status
by icon and word on the SLA bars, key messages by their text, downloads with headers in the
page's language and right-to-left Excel sheets in Arabic, movers, budget over 100 %, drill
links, times in the deployment's zone, narrow-screen table markup."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pandas as pd
import pytest

from dashboards import export, i18n, tables
from dashboards.catalogue import CATALOGUE, PLURALS
from dashboards.charts.base import month_tick, sparse_ticks
from dashboards.links import drill_href
from dashboards.shell.context import local_time, utc_offset
from dashboards.viewmodels import community, media, responsiveness
from mizan.org import load_profile

LRI, PDI = "\u2066", "\u2069"


def plain(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


@pytest.mark.parametrize(
    ("count", "arabic", "english"),
    [
        (1, "منطقة واحدة", "1 region"),
        (2, "منطقتان", "2 regions"),
        (3, "3 مناطق", "3 regions"),
        (10, "10 مناطق", "10 regions"),
        (11, "11 منطقة", "11 regions"),
        (27, "27 منطقة", "27 regions"),
        (99, "99 منطقة", "99 regions"),
        (100, "100 منطقة", "100 regions"),
        (103, "103 مناطق", "103 regions"),
        (111, "111 منطقة", "111 regions"),
        (0, "0 منطقة", "0 regions"),
    ],
)
def test_arabic_plurals_follow_the_arabic_rules(count, arabic, english):
    with i18n.speaking("ar"):
        assert plain(i18n.plural("n_regions", count)) == arabic
    with i18n.speaking("en"):
        assert i18n.plural("n_regions", count) == english


def test_plural_forms_are_complete_and_carry_the_count():
    for key, (arabic, english) in PLURALS.items():
        assert len(arabic) == 5 and len(english) == 2, key
        assert all(form.strip() for form in (*arabic, *english)), key
        # one and two say the number in the word; 3+ carry it
        assert all("{n}" in form for form in arabic[2:]) and all("{n}" in f for f in english)
        assert not any(re.search("[٠-٩]", form) for form in arabic), key
    with i18n.speaking("ar"):
        assert plain(i18n.plural("n_places", 2)) == "مركزين"
        assert plain(i18n.plural("n_action_items", 12)) == "12 تكليفاً"


def test_the_sla_bars_say_their_status_by_icon_and_word():
    frame = pd.DataFrame(
        {
            "channel": ["phone", "web", "app", "email"],
            "name_ar": ["هاتف", "موقع", "تطبيق", "بريد"],
            "name_en": ["Phone", "Web", "App", "E-mail"],
            "sla_hours": [48.0, 72.0, 24.0, 24.0],
            "received": [100, 50, 20, 5],
            "share_within_sla": [0.95, 0.85, 0.5, None],
        }
    )
    for language in ("ar", "en"):
        bars = responsiveness.sla_bars(frame, "channel", language, target=0.9, amber_ratio=0.9)
        assert list(bars["status"]) == ["green", "amber", "red", "grey"]
        words = {code: CATALOGUE[f"rag_{code}"][language == "en"] for code in bars["status"]}
        for status, text in zip(bars["status"], bars["text"], strict=True):
            assert words[status] in text, text
        # the icon beside the word at the bar's end (the right in Arabic, drawn left to right)
        first, third = bars.iloc[0]["text"], bars.iloc[2]["text"]
        if language == "ar":
            assert first.endswith(" ●") and third.endswith("أحمر ✖") and first.startswith("95.0%")
        else:
            assert first.startswith("● Green · 95.0%") and third.startswith("✖ Red")
    # without a target: no status, the share and count only
    bare = responsiveness.sla_bars(frame, "channel", "en")
    assert set(bare["status"]) == {"none"} and bare.iloc[0]["text"] == "95.0% · 100"


def test_key_messages_are_shown_by_their_text():
    profile = load_profile("municipal-sa")
    texts = {m.code: m.name_en for m in profile.key_messages}
    assert len(texts) == 8 and all(re.fullmatch(r"KM\d\d", c) for c in texts)
    assert all(m.name_ar and m.name_en for m in load_profile("party-eg").key_messages)
    frame = pd.DataFrame({"key_message": ["KM03", "KM99"], "share": [0.25, 0.1], "items": [4, 1]})
    bars = media.key_message_bars(frame, "en", texts)
    assert bars.iloc[0]["label"] == texts["KM03"] and "KM03" not in bars.iloc[0]["axis_label"]
    assert bars.iloc[1]["label"] == "KM99"  # a code the profile does not name stays a code
    arabic = media.key_message_bars(frame, "ar", {m.code: m.name_ar for m in profile.key_messages})
    assert re.search("[\u0600-\u06ff]", arabic.iloc[0]["label"])


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_excel_downloads_read_right_to_left_in_arabic():
    frame = pd.DataFrame({"المنطقة": ["الرياض"], "القيمة": [3]})
    assert _sheet(export.excel_bytes(frame, "ورقة", right_to_left=True)).sheet_view.rightToLeft
    assert not _sheet(export.excel_bytes(frame, "Mizan")).sheet_view.rightToLeft


def test_downloaded_rows_carry_headers_in_the_pages_language():
    from dashboards.ui import field_headers

    rows = pd.DataFrame(
        {
            "ticket_id": ["T1"],
            "region_name_ar": ["الرياض"],
            "region_name_en": ["Riyadh"],
            "received_at": ["2026-10-01"],
            "channel": ["phone"],
        }
    )
    for language in ("ar", "en"):
        with i18n.speaking(language):
            shown = field_headers(rows)
        other = "Riyadh" if language == "ar" else "الرياض"
        assert other not in set(shown.stack())  # one language's names only
        for header in shown.columns:
            assert bool(re.search("[\u0600-\u06ff]", header)) == (language == "ar"), header


def test_budget_execution_over_100_percent_is_flagged_in_words():
    for language in ("ar", "en"):
        with i18n.speaking(language):
            over = community.budget_execution(120, 100)
            within = community.budget_execution(80, 100)
        assert "over-budget" in over and CATALOGUE["budget_over"][language == "en"] in over
        assert "▲" in over and "120.0%" in over
        assert "over-budget" not in within and "80.0%" in within
    assert community.budget_execution(5, 0) == tables.ltr("—")
    frame = pd.DataFrame({"budget_spent": [50, 130], "budget_planned": [100, 100]})
    assert community.over_budget(frame) and not community.over_budget(frame.head(1))


def test_a_drill_link_names_the_kpi_region_month_and_secretariat():
    with i18n.speaking("ar"):
        href = drill_href("CMP_CSAT", "RIYADH", "2026-10-01", "PR")
    url = urlparse(href)
    assert url.path == "explorer"  # relative: works under any base path
    assert parse_qs(url.query) == {
        "kpi": ["CMP_CSAT"],
        "region": ["RIYADH"],
        "month": ["2026-10-01"],
        "secretariat": ["PR"],
        "lang": ["ar"],
    }
    link = tables.drill_link(tables.ltr("82%"), href, 'a "title"')
    assert link.startswith('<a class="mz-drill" href="explorer?kpi=CMP_CSAT&amp;region=RIYADH')
    assert "&quot;title&quot;" in link


def test_times_are_shown_in_the_deployments_zone():
    assert local_time("2026-12-03T06:49:10+00:00", "Asia/Riyadh") == "2026-12-03 09:49"
    assert local_time("2026-07-01T10:00:00+00:00", "Africa/Cairo") == "2026-07-01 13:00"
    assert local_time("", "Asia/Riyadh") == ""
    assert utc_offset("Asia/Riyadh") == "UTC+03:00" and utc_offset("No/Such_Zone") == ""


def test_month_ticks_are_short_in_english_and_few():
    assert month_tick("September 2026") == "Sep<br>2026"
    assert month_tick("سبتمبر 2026") == "سبتمبر<br>2026"
    ticks = sparse_ticks([f"m{i}" for i in range(14)])
    assert len(ticks["tickvals"]) <= 6 and ticks["tickvals"][-1] == "m13"


def test_narrow_screens_get_the_status_beside_the_name_and_a_scroll_cue():
    with i18n.speaking("en"):
        markup = tables.table(
            [tables.Col("KPI"), tables.Col("Status")],
            [[tables.Html("Reach" + tables.inline_status("red")), tables.chip("red")]],
            table_id="t",
            scroll_cue=i18n.t("scroll_cue"),
        )
    assert '<p class="mz-scroll-cue"' in markup
    assert tables.inline_status(None) == ""  # no status, nothing beside the name
    assert '<span class="mz-inline-status"><span class="mz-chip mz-red"' in markup
    from dashboards.shell.document import STYLES

    text = (STYLES / "base.css").read_text(encoding="utf-8")
    assert "@media (max-width: 640px)" in text and ".mz-inline-status { display: block" in text


def test_the_closed_sidebar_is_mirrored_for_right_to_left():
    from dashboards.shell.document import stylesheet

    rtl, ltr = stylesheet(rtl=True), stylesheet(rtl=False)
    rule = '[data-testid="stSidebar"][data-collapsed="true"] { transform: translateX(100vw)'
    assert rule in rtl and rule not in ltr
    # open only: closed, the sidebar must shrink to nothing
    assert '[data-testid="stSidebar"] { min-width' not in ltr
