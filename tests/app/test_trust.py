"""Trust in every number, through Streamlit's AppTest: a value opens the rows behind it (and a
link to another region is refused, by the region's name), the user's own region stands out in
the league table, movers say places and points, key messages are shown by their text, and
downloads carry headers in the page's language (Excel sheets right to left in Arabic)."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest

from mizan.access import audit
from tests.app.helpers import ARABIC, exceptions, html_blocks, run_page, snapshot, table_rows
from tests.support.users import demo_regions

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


@pytest.fixture
def downloads(monkeypatch):
    """The files behind the download buttons of a run (file name -> the deferred callable)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name or coordinates] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def _names(app_home, language: str = "en") -> dict[str, str]:
    frame = snapshot(
        app_home.serving_path,
        f"SELECT region_code, region_name_{language} AS n FROM marts.dim_region",
    )
    return dict(zip(frame["region_code"], frame["n"], strict=True))


def _latest(app_home) -> str:
    frame = snapshot(
        app_home.serving_path, "SELECT max(month_start) AS m FROM marts.fct_kpi_monthly"
    )
    return str(frame.iloc[0]["m"].date())


def test_every_scorecard_value_links_to_the_rows_behind_it(app_home):
    app = run_page("scorecard", "en")
    region = app.selectbox(key="scorecard_region").value
    markup = next(b for b in html_blocks(app) if 'id="kpi-table"' in b)
    links = re.findall(r'<a class="mz-drill" href="([^"]+)"', markup)
    assert len(links) == len(table_rows(app, "kpi-table")) > 0
    month = app.session_state["month"]
    assert all(
        link.startswith("explorer?kpi=")
        and f"region={region}&month={month}" in link.replace("&amp;", "&")
        for link in links
    )


def test_every_heatmap_cell_carries_its_drill_link(app_home):
    app = run_page("overview", "ar")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    cells = [cell for row in figure["data"][0]["customdata"] for cell in row if cell[1]]
    assert cells and all(cell[1].startswith("explorer?kpi=") for cell in cells)
    assert all("lang=ar" in cell[1] for cell in cells)


def test_a_drill_link_opens_the_explorer_at_the_value(app_home):
    _first, second = demo_regions()
    month = _latest(app_home)
    app = run_page("explorer", "en")
    app.query_params.update(
        {"kpi": "CMP_FIRST_RESPONSE_SLA", "region": second, "month": month, "secretariat": "ALL"}
    )
    app.run()
    assert exceptions(app) == []
    assert app.session_state["explorer_kpi"] == "CMP_FIRST_RESPONSE_SLA"
    assert app.session_state["drill_region"] == second
    assert app.session_state["drill_month"] == month
    assert "kpi" not in app.query_params  # applied once: the widgets are the user's again
    summary = [m.value for m in app.markdown if " · " in m.value and m.value.startswith("**")]
    assert summary and summary[0].startswith(f"**{_names(app_home)[second]} ·")
    assert app.info  # says where the rows are


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_link_to_another_region_is_refused_by_its_name(app_home, tmp_path, lang):
    _mine, other = demo_regions()
    app = run_page("explorer", lang, user="reg")
    app.query_params.update(
        {"kpi": "CMP_FIRST_RESPONSE_SLA", "region": other, "month": _latest(app_home)}
    )
    app.run()
    assert exceptions(app) == []
    errors = " ".join(e.value for e in app.error)
    assert _names(app_home, lang)[other] in errors
    assert other not in errors  # the name, not the code
    assert app.session_state["drill_region"] != other
    refused = [e for e in audit.read(tmp_path / "audit.jsonl") if e["event"] == "scope_refused"]
    assert refused and refused[0]["region"] == other


def test_the_users_own_region_stands_out_in_the_league_table(app_home):
    mine, _other = demo_regions()
    app = run_page("overview", "en", user="reg")
    markup = next(b for b in html_blocks(app) if 'id="league-table"' in b)
    own = re.findall(r'<tr class="mz-row[^"]*mz-own[^"]*">(.*?)</tr>', markup, flags=re.S)
    assert len(own) == 1
    assert _names(app_home)[mine] in own[0] and "your region" in own[0]
    national = run_page("overview", "en")
    assert "mz-own" not in next(b for b in html_blocks(national) if 'id="league-table"' in b)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_movers_say_places_and_points(app_home, lang):
    app = run_page("overview", lang)
    tiles = next(b for b in html_blocks(app) if "mz-cards" in b)
    # Arabic counts take their plural form: نقطة/نقطتان/نقاط, مركز/مركزان/مراكز
    points, places = (
        (("نقط", "نقاط"), ("مركز", "مراك")) if lang == "ar" else (("point",), ("place",))
    )
    if "<li>" in tiles.split(CATALOGUE_RISERS[lang], 1)[1]:
        assert any(word in tiles for word in points) and any(word in tiles for word in places)
    assert ("التغير في الترتيب بالمراكز" if lang == "ar" else "in places") in tiles


CATALOGUE_RISERS = {"ar": "الأكثر تقدماً في الترتيب", "en": "Biggest risers"}


def test_key_messages_are_shown_by_their_text(app_home):
    app = run_page("media", "en")
    assert exceptions(app) == []
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    messages = [s for s in specs if "Key-message" in s["layout"]["title"]["text"]]
    if not messages:
        pytest.skip("no key messages in this month's demo data")
    labels = messages[0]["data"][0]["y"]
    assert labels and not any(re.fullmatch(r"KM\d\d", label) for label in labels)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_downloads_have_headers_in_the_pages_language(app_home, downloads, lang):
    run_page("scorecard", lang)
    sheets = {name: make for name, make in downloads.items() if str(name).endswith(".xlsx")}
    assert sheets
    for name, make in sheets.items():
        sheet = openpyxl.load_workbook(io.BytesIO(make())).active
        assert sheet.sheet_view.rightToLeft == (lang == "ar"), name
        headers = [cell.value for cell in sheet[1]]
        arabic = [h for h in headers if ARABIC.search(str(h))]
        if lang == "ar":
            assert len(arabic) == len(headers), headers
        else:
            assert not arabic, headers
