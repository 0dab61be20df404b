"""Every page in both languages on the demo snapshot, through Streamlit's AppTest: no exception,
and the numbers on the page are the marts' numbers."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from dashboards.scope import Scope
from tests.app.helpers import (
    ARABIC,
    PAGES,
    exceptions,
    first_number,
    html_blocks,
    run_page,
    snapshot,
    table_rows,
    without_narrow_only,
)
from tests.support.users import write_test_users

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


@pytest.fixture
def latest(app_home):
    months = snapshot(app_home.serving_path, "SELECT max(month_start) AS m FROM marts.dim_month")
    return str(months.iloc[0]["m"].date())


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(app_home, page, lang):
    app = run_page(page, lang)
    assert exceptions(app) == []
    titles = [t.value for t in app.title]
    assert len(titles) == 1
    assert bool(ARABIC.search(titles[0])) == (lang == "ar")
    # the month and the data-as-of line head every page
    captions = " ".join(c.value for c in app.caption)
    assert ("البيانات حتى" if lang == "ar" else "Data as of") in captions


def test_league_table_has_one_row_per_region_with_the_marts_ranks(app_home, latest):
    app = run_page("overview", "en")
    rows = table_rows(app, "league-table")
    league = snapshot(
        app_home.serving_path,
        "SELECT region_name_en, rank, composite_score, rank_change FROM marts.mart_league_table "
        "WHERE month_start = ?::DATE",
        [latest],
    )
    regions = snapshot(
        app_home.serving_path, "SELECT count(*) AS n FROM marts.dim_region WHERE NOT is_rollup"
    ).iloc[0]["n"]
    assert len(rows) == regions == len(league)
    shown = {row[2]: row for row in rows}  # rank, change, region, composite, ...
    for mart in league.itertuples():
        row = shown[mart.region_name_en]
        if not pd.isna(mart.rank):  # ranked
            assert first_number(row[0]) == mart.rank
            assert first_number(row[3]) == pytest.approx(mart.composite_score, abs=0.05)
    ranks = [first_number(r[0]) for r in rows if first_number(r[0]) is not None]
    assert ranks == sorted(ranks)


def test_overview_heatmap_shows_each_region_once_per_kpi_of_the_pillar(app_home):
    app = run_page("overview", "ar")
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    figure = json.loads(charts[0].proto.spec)
    heatmap = figure["data"][0]
    regions = snapshot(
        app_home.serving_path, "SELECT count(*) AS n FROM marts.dim_region WHERE NOT is_rollup"
    ).iloc[0]["n"]
    assert len(heatmap["y"]) == regions
    coordination = snapshot(
        app_home.serving_path,
        "SELECT count(*) AS n FROM marts.dim_kpi WHERE pillar = 'coordination'",
    ).iloc[0]["n"]
    assert len(heatmap["x"]) == coordination
    # every chart carries a title and a subtitle with the data-as-of date
    assert figure["layout"]["title"]["text"]
    assert "البيانات حتى" in figure["layout"]["title"]["subtitle"]["text"]


def test_scorecard_values_equal_fct_kpi_monthly(app_home, latest):
    app = run_page("scorecard", "en")
    region = app.selectbox(key="scorecard_region").value
    rows = table_rows(app, "kpi-table")
    facts = snapshot(
        app_home.serving_path,
        """
        SELECT k.name_en, f.value, f.target, f.rag, f.rank_in_month, k.unit, k.score_basis
        FROM marts.fct_kpi_monthly AS f JOIN marts.dim_kpi AS k USING (kpi_code)
        JOIN reference.pillar_weights AS p ON p.pillar = k.pillar
        WHERE f.month_start = ?::DATE AND f.region_code = ? AND f.secretariat_code = 'ALL'
        ORDER BY p.sort_order, k.sort_order
        """,
        [latest, region],
    )
    assert len(rows) == len(facts) > 0
    for row, fact in zip(rows, facts.itertuples(), strict=True):
        assert row[0].startswith(fact.name_en)
        shown = first_number(row[1])
        if pd.isna(fact.value):  # no data: a dash, never 0
            assert shown is None
            continue
        if fact.unit in ("share", "ratio"):
            assert shown == pytest.approx(100 * fact.value, abs=0.051)
        else:
            assert shown == pytest.approx(fact.value, abs=0.51 if abs(fact.value) >= 100 else 0.051)
        if not pd.isna(fact.rank_in_month):
            assert first_number(row[6]) == fact.rank_in_month
    # (the status column; a narrow screen repeats each status beside the KPI's name)
    statuses = without_narrow_only(
        next(block for block in html_blocks(app) if 'id="kpi-table"' in block)
    )
    for code in ("green", "amber", "red"):
        assert statuses.count(f'data-status="{code}"') == int((facts["rag"] == code).sum())


def test_explorer_matrix_and_drill_down(app_home, latest):
    app = run_page("explorer", "en", explorer_kpi="CMP_RECEIVED")
    assert exceptions(app) == []
    matrix = app.dataframe[0].value
    regions = snapshot(app_home.serving_path, "SELECT count(*) AS n FROM marts.dim_region").iloc[0][
        "n"
    ]
    assert len(matrix) == regions  # every region and the organisation
    region = app.selectbox(key="drill_region").value
    summary = snapshot(
        app_home.serving_path,
        "SELECT numerator FROM marts.fct_kpi_monthly WHERE kpi_code = 'CMP_RECEIVED' "
        "AND region_code = ? AND secretariat_code = 'ALL' AND month_start = ?::DATE",
        [region, latest],
    )
    received = int(summary.iloc[0]["numerator"])
    drilled = app.dataframe[1].value
    assert len(drilled) == min(received, 50)
    assert f"{received:,} rows" in " ".join(m.value for m in app.markdown)


def test_drill_down_follows_the_region_chosen(app_home):
    app = run_page("explorer", "en", explorer_kpi="CMP_BACKLOG")
    picker = app.selectbox(key="drill_region")
    names = snapshot(
        app_home.serving_path,
        "SELECT region_code, region_name_en FROM marts.dim_region WHERE NOT is_rollup",
    ).set_index("region_code")["region_name_en"]
    other = next(code for code in sorted(names.index, reverse=True) if code != picker.value)
    picker.set_value(other).run()
    assert exceptions(app) == []
    label = names[other]
    assert any(m.value.startswith(f"**{label} ·") for m in app.markdown)


@pytest.mark.parametrize(
    "page, pillar",
    [
        ("responsiveness", "responsiveness"),
        ("media", "media"),
        ("community", "community"),
        ("coordination", "coordination"),
    ],
)
def test_operational_pages_show_their_pillar(app_home, page, pillar):
    app = run_page(page, "ar")
    kpis = snapshot(
        app_home.serving_path, "SELECT count(*) AS n FROM marts.dim_kpi WHERE pillar = ?", [pillar]
    ).iloc[0]["n"]
    cards = sum(block.count('class="mz-card"') for block in html_blocks(app))
    assert cards == kpis
    assert len(app.get("plotly_chart")) >= 2


def test_data_quality_page_explains_a_missing_build_status(app_home, tmp_path, monkeypatch):
    home = tmp_path / "home"  # the snapshot without the runner's status file
    shutil.copytree(app_home.home / "serving", home / "serving")
    monkeypatch.setenv("MIZAN_HOME", str(home))
    app = run_page("quality", "en")
    assert any("no status file" in i.value for i in app.info)
    assert app.get("html")  # rejected-row summary
    assert len(app.dataframe) >= 2  # receipts and rejected rows


@pytest.mark.parametrize(
    "status, shows",
    [
        ({"status": "published", "message": "ok", "failed_checks": []}, "published"),
        (
            {"status": "blocked", "message": "checks failed", "failed_checks": ["a:b"]},
            "blocked",
        ),
        ({"status": "failed", "message": "dbt failed", "failed_checks": []}, "failed"),
    ],
)
def test_data_quality_page_shows_the_last_publish_status(
    app_home, status, shows, tmp_path, monkeypatch
):
    home = tmp_path / "home"  # a copy: the shared snapshot's home stays as built
    shutil.copytree(app_home.home / "serving", home / "serving")
    monkeypatch.setenv("MIZAN_HOME", str(home))
    status_file = home / "runs" / "last_build.json"
    status_file.parent.mkdir(parents=True)
    status_file.write_text(
        json.dumps(
            {
                "run_id": "r1",
                "started_at": "2026-01-01T00:00:00Z",
                "finished_at": "2026-01-01T00:01:00Z",
                "snapshot_published_at": "2026-01-01T00:01:00Z",
                **status,
            }
        ),
        encoding="utf-8",
    )
    app = run_page("quality", "en")
    assert exceptions(app) == []
    cards = " ".join(html_blocks(app))
    assert f'data-status="{shows}"' in cards
    assert status["message"] in cards
    if shows == "blocked":
        assert app.warning and "last good snapshot" in app.warning[0].value
    if shows == "failed":
        assert app.error


def test_pages_explain_that_nothing_is_published(tmp_path, monkeypatch):
    monkeypatch.setenv("MIZAN_HOME", str(tmp_path))
    write_test_users(tmp_path / "users.json")  # MIZAN_HOME/users.json
    for page in ("overview", "scorecard", "quality"):
        app = run_page(page, "en")
        assert exceptions(app) == []
        assert any("Nothing has been published yet" in i.value for i in app.info)


def test_a_regional_scope_reaches_only_its_region(app_home, monkeypatch):
    codes = snapshot(
        app_home.serving_path,
        "SELECT region_code FROM marts.dim_region WHERE NOT is_rollup ORDER BY region_code",
    )["region_code"].tolist()
    mine = codes[0]
    import dashboards.shell.user

    monkeypatch.setattr(dashboards.shell.user, "current_scope", lambda: Scope(frozenset({mine})))
    app = run_page("scorecard", "en")
    assert len(app.selectbox(key="scorecard_region").options) == 1
    assert app.selectbox(key="scorecard_region").value == mine
    # the league table of composites stays complete
    overview = run_page("overview", "en")
    assert len(table_rows(overview, "league-table")) == len(codes)
    # a value set for another region (as a URL or a stale widget could) is not followed
    other = run_page("coordination", "en", coordination_region=codes[1])
    assert exceptions(other) == []
    assert len(other.selectbox(key="coordination_region").options) == 1
    assert other.selectbox(key="coordination_region").value == mine


def test_the_calendar_setting_puts_hijri_first(app_home):
    gregorian = run_page("overview", "en")
    hijri = run_page("overview", "en", calendar="hijri")
    first = gregorian.caption[0].value
    assert first.index("20") < first.index("AH")  # 'October 2026 · Rabi' … 1448 AH'
    second = hijri.caption[0].value
    assert second.index("AH") < second.index(" 20")  # 'Rabi' … 1448 AH · October 2026'
    assert not re.search("[٠-٩]", run_page("overview", "ar").caption[0].value)
