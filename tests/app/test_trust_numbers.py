"""Not reported, small samples, funnel plots and optional columns through Streamlit's AppTest, on
the demo snapshot: what the pages show is what fct_kpi_monthly and fct_input_coverage say —
'not reported' in words wherever such a cell appears (never 0, never a RAG colour), a small
sample with its denominator, a funnel plot naming exactly the regions outside its limits, and
the regions that leave optional columns out."""

from __future__ import annotations

import html
import json

import pytest

from dashboards.viewmodels import scores
from tests.app.helpers import exceptions, html_blocks, run_page, snapshot, table_rows

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


def _month(value) -> str:
    return str(value.date()) if hasattr(value, "date") else str(value)


def _unreported_cell(app_home):
    """A region and month with a KPI not reported (the latest such month)."""
    frame = snapshot(
        app_home.serving_path,
        """SELECT month_start, region_code, count(*) AS n FROM marts.fct_kpi_monthly
           WHERE value_status = 'not_reported' AND secretariat_code = 'ALL' AND region_code <> 'ALL'
           GROUP BY ALL ORDER BY month_start DESC, n DESC LIMIT 1""",
    )
    assert not frame.empty, "the demo snapshot has no KPI not reported"
    return _month(frame.iloc[0]["month_start"]), frame.iloc[0]["region_code"]


def _kpis(app_home, region: str, month: str):
    return snapshot(
        app_home.serving_path,
        """SELECT f.kpi_code, k.name_en, k.name_ar, f.value_status, f.sample_size, f.rag
           FROM marts.fct_kpi_monthly AS f JOIN marts.dim_kpi AS k USING (kpi_code)
           WHERE f.region_code = ? AND f.month_start = ?::DATE AND f.secretariat_code = 'ALL'""",
        [region, month],
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_scorecard_says_not_reported_and_flags_small_samples(app_home, lang):
    month, region = _unreported_cell(app_home)
    app = run_page("scorecard", lang, month=month, scorecard_region=region)
    assert exceptions(app) == []
    kpis = _kpis(app_home, region, month).set_index(f"name_{lang}")
    rows = {row[0].split("  ")[0]: row for row in table_rows(app, "kpi-table")}
    words = {"ar": ("لم يُبلَّغ", "عينة صغيرة"), "en": ("Not reported", "Small sample")}[lang]
    seen = {"not_reported": 0, "small_sample": 0}
    for name, kpi in kpis.iterrows():
        row = next(r for label, r in rows.items() if label.startswith(name))
        value, status, rank = row[1], row[3], row[6]
        if kpi["value_status"] == "not_reported":
            seen["not_reported"] += 1
            assert value == words[0] and words[0] in status and rank == "—", row
        elif kpi["value_status"] == "small_sample":
            seen["small_sample"] += 1
            records = scores.sample_text(kpi["sample_size"], lang)
            assert (
                words[1] in value and records.replace("\u2066", "").replace("\u2069", "") in value
            )

            assert words[1] in status and rank == "—", row
        else:
            assert words[0] not in value and words[1] not in status, row
    assert seen["not_reported"] > 0
    markup = next(b for b in html_blocks(app) if 'id="kpi-table"' in b)
    assert markup.count('data-status="not_reported"') >= seen["not_reported"]


def test_a_heatmap_cell_not_reported_says_so_without_a_colour(app_home):
    month, region = _unreported_cell(app_home)
    pillar = snapshot(
        app_home.serving_path,
        """SELECT k.pillar, f.kpi_code FROM marts.fct_kpi_monthly AS f
           JOIN marts.dim_kpi AS k USING (kpi_code)
           WHERE f.region_code = ? AND f.month_start = ?::DATE AND f.secretariat_code = 'ALL'
             AND f.value_status = 'not_reported' LIMIT 1""",
        [region, month],
    ).iloc[0]
    app = run_page("overview", "en", month=month, overview_pillar=pillar["pillar"])
    assert exceptions(app) == []
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    heat = figure["data"][0]
    cells = [
        (text, link)
        for text_row, data_row in zip(heat["text"], heat["customdata"], strict=True)
        for text, (_hover, link) in zip(text_row, data_row, strict=True)
    ]
    wanted = [
        text
        for text, link in cells
        if f"kpi={pillar['kpi_code']}&" in link and f"region={region}&" in link
    ]
    assert wanted == ["⊘ Not reported"]


def _funnel_case(app_home):
    """A share KPI and month where some region is outside the 95 % limits."""
    frame = snapshot(
        app_home.serving_path,
        """SELECT kpi_code, month_start, count(*) AS outside FROM marts.fct_kpi_monthly
           WHERE secretariat_code = 'ALL' AND region_code <> 'ALL'
             AND funnel_position NOT IN ('inside') GROUP BY ALL
           ORDER BY month_start DESC, outside DESC LIMIT 1""",
    )
    assert not frame.empty, "no region outside any funnel in the demo snapshot"
    return frame.iloc[0]["kpi_code"], _month(frame.iloc[0]["month_start"])


def test_the_funnel_plot_names_exactly_the_regions_outside_its_limits(app_home):
    kpi, month = _funnel_case(app_home)
    app = run_page("explorer", "en", month=month, explorer_kpi=kpi)
    assert exceptions(app) == []
    mart = snapshot(
        app_home.serving_path,
        """SELECT r.region_name_en AS name, f.funnel_position, f.denominator, f.funnel_rate,
                  f.funnel_lower_95, f.funnel_upper_95
           FROM marts.fct_kpi_monthly AS f JOIN marts.dim_region AS r USING (region_code)
           WHERE f.kpi_code = ? AND f.month_start = ?::DATE AND f.secretariat_code = 'ALL'
             AND f.region_code <> 'ALL' AND f.funnel_rate IS NOT NULL""",
        [kpi, month],
    )
    outside = set(mart.loc[mart["funnel_position"] != "inside", "name"])
    figures = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    funnel = next(f for f in figures if f["layout"].get("xaxis", {}).get("type") == "log")
    named = [t for tr in funnel["data"] if tr.get("mode") == "markers+text" for t in tr["text"]]
    assert {label[2:] for label in named} == outside  # '▲ name' / '▼ name'
    quiet = [tr for tr in funnel["data"] if tr.get("mode") == "markers"]
    assert sum(len(tr["x"]) for tr in quiet) == len(mart) - len(outside)
    # the curves pass through every region's own limits, as the warehouse computed them
    limits = [tr for tr in funnel["data"] if tr.get("mode") == "lines" and tr.get("legendgroup")]
    assert {tr["name"] for tr in limits} == {"95% limits", "99.8% limits"}
    upper_95 = next(tr for tr in limits if tr["legendgroup"] == "95")  # upper first
    curve = dict(zip(upper_95["x"], upper_95["y"], strict=True))
    for row in mart.itertuples():
        assert curve[float(row.denominator)] == pytest.approx(row.funnel_upper_95, abs=1e-9)
    callouts = html.unescape(next(b for b in html_blocks(app) if "mz-funnel-callouts" in b))
    assert all(name in callouts for name in outside)
    assert not any(name in callouts for name in set(mart["name"]) - outside)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_quality_page_lists_which_regions_leave_which_columns_out(app_home, lang):
    month = _month(
        snapshot(
            app_home.serving_path,
            """SELECT max(month_start) AS m FROM marts.fct_input_coverage
               WHERE coverage_status = 'absent'""",
        ).iloc[0]["m"]
    )
    app = run_page("quality", lang, month=month)
    assert exceptions(app) == []
    columns = [d for d in app.dataframe if any(" · " in str(c) for c in d.value.columns)]
    assert len(columns) == 1, "one grid of optional columns"
    grid = columns[0]
    absent = snapshot(
        app_home.serving_path,
        f"""SELECT DISTINCT r.region_name_{lang} AS name FROM marts.fct_input_coverage AS c
            JOIN marts.dim_region AS r USING (region_code)
            WHERE c.month_start = ?::DATE AND c.coverage_status = 'absent'""",
        [month],
    )
    assert not absent.empty
    regions = set(grid.value.iloc[:, 0])
    assert set(absent["name"]) <= regions
    icon_cells = "".join(grid.value.astype(str).to_numpy().ravel())
    assert "⊘" in icon_cells
    gaps = html.unescape(next(b for b in html_blocks(app) if "mz-coverage-gaps" in b))
    assert all(name in gaps for name in absent["name"])
