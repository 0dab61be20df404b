"""Trust in every number, as the view-models put it on the pages: a value not reported says so
(never 0, never a RAG colour, no change, no rank); a small sample is shown with its denominator
and no colour; the funnel plot's limits are the warehouse's formula, and only regions outside
them are called out; the data-quality page names the regions that leave columns out."""

from __future__ import annotations

import math
import re
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
import yaml

from dashboards import fmt
from dashboards.catalogue import CATALOGUE
from dashboards.viewmodels import explorer, overview, quality, scorecard, scores

REPO = Path(__file__).resolve().parents[2]


def word(key: str, language: str) -> str:
    return CATALOGUE[key][language == "en"]


def kpi_row(**values: object) -> dict:
    row = {
        "kpi_code": "CMP_CSAT",
        "name_ar": "رضا المواطنين",
        "name_en": "Citizen satisfaction",
        "pillar_order": 4,
        "pillar_name_ar": "الاستجابة",
        "pillar_name_en": "Responsiveness",
        "unit": "share",
        "direction": "higher_better",
        "score_basis": "value",
        "has_data": True,
        "value_status": "reported",
        "sample_size": 40,
        "value": 0.8,
        "value_per_100k": None,
        "value_scored": 0.8,
        "target": 0.75,
        "rag": "green",
        "score": 88.9,
        "mom_change": 0.05,
        "yoy_change": None,
        "rank_in_month": 2,
        "regions_ranked": 13,
    }
    return row | values


NOT_REPORTED = {
    "has_data": False,
    "value_status": "not_reported",
    "sample_size": None,
    "value": None,
    "value_scored": None,
    "rag": "grey",
    "score": None,
    "mom_change": None,
    "rank_in_month": None,
    "regions_ranked": None,
}
SMALL = {
    "value_status": "small_sample",
    "sample_size": 3,
    "value": 1.0,
    "value_scored": 1.0,
    "rag": None,
    "score": None,
    "rank_in_month": None,
    "regions_ranked": None,
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_value_not_reported_is_said_in_words_never_zero_or_coloured(language: str) -> None:
    row = kpi_row(**NOT_REPORTED)
    assert scores.display_status(row["rag"], row["value_status"]) == "not_reported"
    text = scores.value_text(row, "share", language)
    assert text == word("status_not_reported", language)
    assert scores.cell_text(row, "share", language, compact=True) == (
        f"⊘ {word('status_not_reported', language)}"
    )
    # no data stays no data, a reported zero stays a zero
    nothing = kpi_row(has_data=False, value_status="no_data", value=None, rag="grey")
    assert scores.cell_text(nothing, "share", language) == f"○ {word('rag_grey', language)}"
    zero = kpi_row(value=0.0, rag="red")
    assert scores.cell_text(zero, "share", language) == "✖ 0.0%"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_small_sample_shows_its_value_and_denominator_without_a_colour(language: str) -> None:
    row = kpi_row(**SMALL)
    assert scores.display_status(row["rag"], row["value_status"]) == "small_sample"
    records = "3 records" if language == "en" else "\u20663\u2069 سجلات"
    assert scores.value_text(row, "share", language) == word("small_sample_value", language).format(
        value="100.0%", sample=records
    )
    assert scores.cell_text(row, "share", language, compact=True) == (
        f"◌ 100% ({word('sample_n', language).format(n=3)})"
    )
    # neither chip is a RAG colour
    for state in ("not_reported", "small_sample"):
        assert fmt.STATUSES[state].tint == "#FFFFFF"


def scorecard_table(language: str, *rows: dict):
    kpis = pd.DataFrame(list(rows))
    history = pd.DataFrame(
        {
            "month": ["2025-02-01", "2025-03-01"] * len(rows),
            "kpi_code": [r["kpi_code"] for r in rows for _ in range(2)],
            "value_scored": [0.7, 0.8] * len(rows),
            "rag": ["green", "green"] * len(rows),
        }
    )
    return scorecard.kpi_table(
        kpis,
        history,
        language,
        region="RIYADH",
        month="2025-03-01",
        secretariat="ALL",
        currency="SAR",
    )


def cells_of(table: scorecard.KpiTable) -> list[list[str]]:
    return [[str(c) for c in row] for row in table.rows if isinstance(row, list)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_scorecard_table_says_not_reported_with_no_status_change_or_rank(language: str) -> None:
    table = scorecard_table(
        language,
        kpi_row(),
        kpi_row(kpi_code="INI_PARTNERS", unit="count", **NOT_REPORTED),
        kpi_row(kpi_code="DIR_ON_TIME", **SMALL),
    )
    reported, unreported, small = cells_of(table)
    assert 'data-status="green"' in reported[3] and "80.0%" in reported[1]
    assert "2 / 13" in reported[6]
    # not reported: the words in the value cell (a drill link still), its own chip, no 0, no
    # change, no rank, no RAG colour anywhere in the row
    assert word("status_not_reported", language) in unreported[1]
    assert "explorer?kpi=INI_PARTNERS" in unreported[1]
    assert 'data-status="not_reported"' in unreported[3]
    assert unreported[4] == fmt.DASH and unreported[6] == fmt.DASH
    assert not re.search(r">\s*0(\.0+)?%?\s*<", unreported[1])
    assert not any(
        f'data-status="{c}"' in "".join(unreported) for c in ("green", "amber", "red", "grey")
    )
    # small sample: the value, the words and the denominator, its own chip, no rank
    assert "100.0%" in small[1] and word("rag_small_sample", language) in small[1]
    assert ("3 records" if language == "en" else "3\u2069 سجلات") in small[1]
    assert 'data-status="small_sample"' in small[3] and small[6] == fmt.DASH
    assert table.row_classes == ["", "mz-muted", ""]


def test_the_scorecard_download_names_the_status_in_words() -> None:
    kpis = pd.DataFrame([kpi_row(), kpi_row(kpi_code="X", **NOT_REPORTED), kpi_row(**SMALL)])
    frame, headers = scorecard.kpi_download(kpis, "ar")
    assert list(frame["status_label"]) == [
        word("rag_green", "ar"),
        word("rag_not_reported", "ar"),
        word("rag_small_sample", "ar"),
    ]
    assert headers["status_label"] == word("col_status", "ar")
    assert headers["sample_size"] == word("col_sample_size", "ar")


def heat_row(region: str, **values: object) -> dict:
    return kpi_row(
        region_code=region,
        region_name_ar=f"منطقة {region}",
        region_name_en=f"Region {region}",
        **values,
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_heatmap_cell_not_reported_has_no_colour_and_says_so(language: str) -> None:
    part = pd.DataFrame([heat_row("A"), heat_row("B", **NOT_REPORTED), heat_row("C", **SMALL)])
    cells = overview.heatmap_cells(part, language, month="2025-03-01", secretariat="ALL")
    assert list(cells["status"]) == ["green", "not_reported", "small_sample"]
    assert cells.iloc[1]["text"] == f"⊘ {word('status_not_reported', language)}"
    assert word("rag_not_reported", language) in cells.iloc[1]["hover"]
    assert cells.iloc[2]["text"].startswith("◌ 100%")
    assert "region=B" in cells.iloc[1]["link"]


def test_the_league_table_tags_the_own_region_and_counts_by_status() -> None:
    league = pd.DataFrame(
        {
            "rank": [1, None],
            "rank_change": [2, None],
            "region_name_ar": ["الرياض", "مكة"],
            "region_name_en": ["Riyadh", "Makkah"],
            "in_scope": [True, False],
            "status": ["green", "grey"],
            "composite_score": [90.0, None],
            "composite_change": [3.1, None],
            "pillars_covered": [4, 0],
            "pillars_total": [4, 4],
            "is_partial": [False, False],
            "kpis_green": [5, 0],
            "kpis_amber": [1, 0],
            "kpis_red": [0, 0],
            "kpis_grey": [2, 9],
            "has_data": [True, False],
        }
    )
    table = overview.league_table(league, "en", region_label="Region", own_regions=True)
    first, second = ([str(c) for c in row] for row in table.rows)
    assert "Your region" in first[2] or "your region" in first[2].lower()
    assert table.row_classes == ["mz-own", "mz-muted"]
    assert second[0] == fmt.DASH
    movers = overview.movers_list(league, True, "en")
    assert "Riyadh" in movers and "2 places" in movers


# --- the funnel plot ----------------------------------------------------------------------------
def test_the_funnel_z_values_are_the_warehouse_vars_and_the_normal_quantiles() -> None:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["mizan_funnel_z_95"] == explorer.Z_95
    assert project["vars"]["mizan_funnel_z_998"] == explorer.Z_998
    assert pytest.approx(NormalDist().inv_cdf(0.975), abs=1e-6) == explorer.Z_95
    assert pytest.approx(NormalDist().inv_cdf(0.999), abs=1e-6) == explorer.Z_998


def test_the_funnel_curves_match_an_independent_computation() -> None:
    p0 = 0.62
    denominators = pd.Series([3.0, 17.0, 140.0, 901.0])
    curves = explorer.funnel_curves(p0, denominators)
    assert curves["n"].min() == 1.0 and curves["n"].max() > 901.0
    assert curves["n"].is_monotonic_increasing
    normal = NormalDist()
    for n, lo95, hi95, lo998, hi998 in curves[
        ["n", "lower_95", "upper_95", "lower_998", "upper_998"]
    ].itertuples(index=False):
        # the binomial proportion's standard error, computed here on its own terms
        se = math.sqrt(p0 * (1 - p0) / n)
        assert lo95 == pytest.approx(max(0.0, p0 - normal.inv_cdf(0.975) * se), abs=1e-6)
        assert hi95 == pytest.approx(min(1.0, p0 + normal.inv_cdf(0.975) * se), abs=1e-6)
        assert lo998 == pytest.approx(max(0.0, p0 - normal.inv_cdf(0.999) * se), abs=1e-6)
        assert hi998 == pytest.approx(min(1.0, p0 + normal.inv_cdf(0.999) * se), abs=1e-6)
        assert lo998 <= lo95 <= p0 <= hi95 <= hi998
    # the funnel narrows as the sample grows, and passes through every region's denominator
    assert np.all(np.diff(curves["upper_95"]) <= 1e-12)
    assert set(denominators) <= set(curves["n"])


def funnel_frame() -> pd.DataFrame:
    p0 = 0.5
    rows = []
    for code, value, n, position, flag, status in (
        ("TOP", 1.0, 4, "inside", None, "small_sample"),  # first in a ranking, yet inside
        ("MID", 0.55, 100, "inside", None, "reported"),
        ("LOW", 0.30, 100, "far_below", "worse", "reported"),
        ("HIGH", 0.62, 300, "above", "better", "reported"),
    ):
        lo, hi = explorer.control_limit(p0, n, explorer.Z_95)
        rows.append(
            {
                "region_code": code,
                "region_name_ar": code,
                "region_name_en": code.title(),
                "value": value,
                "denominator": float(n),
                "value_status": status,
                "funnel_rate": p0,
                "funnel_lower_95": float(lo),
                "funnel_upper_95": float(hi),
                "funnel_position": position,
                "funnel_flag": flag,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_only_regions_outside_the_limits_are_called_out(language: str) -> None:
    points = explorer.funnel_points(funnel_frame(), language)
    assert list(points["outside"]) == [False, False, True, True]
    assert list(points["small_sample"]) == [True, False, False, False]
    callouts = explorer.funnel_callouts(points, language)
    assert len(callouts) == 2
    assert callouts[0].startswith("Low" if language == "en" else "LOW")  # farthest out first
    assert word("funnel_far_below", language) in callouts[0]
    assert word("funnel_flag_worse", language) in callouts[0]
    assert word("funnel_flag_better", language) in callouts[1]
    assert not any(("Top" if language == "en" else "TOP") in line for line in callouts)


def test_the_funnel_chart_names_outside_points_only() -> None:
    from dashboards.charts import funnel_plot

    frame = funnel_frame()
    points = explorer.funnel_points(frame, "en")
    figure = funnel_plot(
        explorer.funnel_curves(0.5, frame["denominator"]),
        points,
        rate=0.5,
        heading="h",
        subtitle="s",
        axis_title="share",
        x_title="records",
        names={
            "rate": "rate",
            "limits_95": "95",
            "limits_998": "99.8",
            "inside": "inside",
            "outside": "outside",
        },
        rtl=True,
    )
    named = [trace for trace in figure.data if trace.mode == "markers+text"]
    # right to left in Arabic: each name isolated, its arrow saying below or above
    assert len(named) == 1 and list(named[0].text) == ["\u2067▼ Low\u2069", "\u2067▲ High\u2069"]
    quiet = [trace for trace in figure.data if trace.mode == "markers"]
    assert list(quiet[0].x) == [4.0, 100.0] and quiet[0].text is None
    assert list(quiet[0].marker.symbol) == ["circle-open", "circle"]
    assert figure.layout.xaxis.autorange == "reversed"  # right to left in Arabic


def test_the_matrix_grid_says_not_reported_and_keeps_the_newest_month_first() -> None:
    matrix = pd.DataFrame(
        [
            heat_row("A", month="2025-02-01", is_rollup=False, **NOT_REPORTED),
            heat_row("A", month="2025-03-01", is_rollup=False),
            heat_row("B", month="2025-02-01", is_rollup=False, **SMALL),
            heat_row("B", month="2025-03-01", is_rollup=False),
        ]
    )
    names = {"2025-02-01": "February 2025", "2025-03-01": "March 2025"}
    matrix = explorer.labelled(matrix, names, "en")
    grid = explorer.matrix_grid(
        matrix, "en", unit="share", column="value", per_100k=False, region_label="Region",
        month_names=names,
    )  # fmt: skip
    assert list(grid.texts.columns) == ["Region", "March 2025", "February 2025"]
    assert grid.texts.iloc[0]["February 2025"] == "⊘ Not reported"
    assert grid.texts.iloc[1]["February 2025"].startswith("◌ 100.0% · small sample")
    assert grid.statuses.iloc[0]["February 2025"] == "not_reported"
    assert grid.regions == ["A", "B"] and grid.months["March 2025"] == "2025-03-01"
    lines = explorer.trend_lines(matrix, ["A", "B"], lambda m: m)
    assert list(lines["flag"]) == ["", "", "small_sample", ""]
    note = explorer.not_reported_cells(lines, "en")
    assert note is not None and "Region A: February 2025" in note


# --- data quality -------------------------------------------------------------------------------
def coverage_frame() -> pd.DataFrame:
    def row(region, column, status, records, carried, filled):
        return {
            "region_code": region,
            "region_name_ar": f"م{region}",
            "region_name_en": f"Region {region}",
            "source": "initiatives",
            "column_name": column,
            "kpi_codes": "INI_PARTNERS" if column == "partners" else "INI_BENEFICIARIES",
            "files": 2,
            "files_without_column": 2 if status == "absent" else 0,
            "records": records,
            "records_carried": carried,
            "records_filled": filled,
            "carried_share": carried / records,
            "filled_share": filled / records,
            "coverage_status": status,
        }

    return pd.DataFrame(
        [
            row("A", "partners", "absent", 10, 0, 0),
            row("A", "beneficiaries", "filled", 10, 10, 10),
            row("B", "partners", "partly_absent", 10, 4, 4),
            row("B", "beneficiaries", "partly_empty", 10, 10, 8),
        ]
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_quality_grid_lists_which_regions_leave_which_columns_out(language: str) -> None:
    texts, statuses = quality.coverage_grid(coverage_frame(), language, region_label="R")
    partners = quality.column_label("initiatives", "partners", language)
    assert list(texts.columns)[:2] == ["R", partners]  # the column with gaps first
    assert texts.iloc[0][partners] == f"⊘ {word('coverage_absent', language)}"
    assert texts.iloc[1][partners] == f"◐ {word('coverage_partly_absent', language)} · 40%"
    beneficiaries = quality.column_label("initiatives", "beneficiaries", language)
    assert texts.iloc[1][beneficiaries] == "◔ 80%"
    assert list(statuses[partners]) == ["absent", "partly_absent"]
    gaps = quality.coverage_gaps(coverage_frame(), language)
    assert len(gaps) == 2 and all("INI_PARTNERS" in line for line in gaps)
    download = quality.coverage_download(coverage_frame(), language, region_label="R")
    assert next(iter(download[word("coverage_status", language)])) == word(
        "coverage_absent", language
    )
    assert quality.months_back("2025-03-01", 11) == "2024-04-01"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_pillar_pages_kpi_card_says_not_reported(language: str) -> None:
    card = scores.kpi_card(kpi_row(unit="count", **NOT_REPORTED), language)
    assert word("status_not_reported", language) in card
    assert 'data-status="not_reported"' in card and 'data-status="grey"' not in card
    small = scores.kpi_card(kpi_row(**SMALL), language)
    assert 'data-status="small_sample"' in small and "100.0%" in small
    assert word("rag_small_sample", language) in small
    reported = scores.kpi_card(kpi_row(), language)
    assert 'data-status="green"' in reported and "80.0%" in reported


def test_the_scorecard_summary_cards_say_composite_rank_and_pillars() -> None:
    trend = pd.DataFrame(
        {
            "month": ["2025-02-01", "2025-03-01"],
            "composite_score": [80.0, 86.0],
            "is_partial": [False, True],
            "rank": [5, 3],
            "regions_ranked": [13, 13],
        }
    )
    pillars = pd.DataFrame(
        {
            "pillar": ["media"],
            "name_ar": ["الإعلام"],
            "name_en": ["Media"],
            "pillar_score": [70.0],
            "pillar_score_change": [-2.5],
            "status": ["red"],
            "kpis_green": [1],
            "kpis_amber": [0],
            "kpis_red": [2],
            "kpis_grey": [1],
        }
    )
    composite, rank, media = scorecard.summary_cards(
        trend, pillars, "en", month="2025-03-01", ranked=True
    )
    assert "86.0" in composite and "+6.0" in composite and "partial" in composite.lower()
    assert 'data-status="green"' in composite  # 86 ≥ 83.3: on target on average
    assert ">3</span> <small>/ " in rank and "▲ 2" in rank
    assert "Media" in media and "−2.5" in media and 'data-status="red"' in media
    assert len(scorecard.summary_cards(trend, pillars, "en", month="2025-03-01", ranked=False)) == 2
    breakdown = pd.DataFrame(
        {
            "secretariat_code": ["ALL", "PR"],
            "secretariat_name_ar": ["", "العلاقات العامة"],
            "secretariat_name_en": ["", "Public relations"],
            "is_rollup": [True, False],
            "composite_score": [86.0, None],
            "status": ["green", "grey"],
            "media": [70.0, None],
            "kpis_green": [1, 0],
            "kpis_amber": [0, 0],
            "kpis_red": [2, 0],
            "kpis_grey": [1, 4],
        }
    )
    columns, rows, headers = scorecard.secretariat_table(
        breakdown, pillars, "en", secretariat_label="Department"
    )
    assert [c.header for c in columns][:3] == ["Department", "Composite index", "Status"]
    assert str(rows[0][0]).startswith("<b>") and rows[1][0] == "Public relations"
    assert str(rows[1][1]) == fmt.DASH and headers["media"] == "Media"


def test_the_overview_tiles() -> None:
    organisation = pd.DataFrame(
        {
            "month": ["2025-03-01", "2025-02-01"],
            "composite_score": [78.0, 80.0],
            "status": ["amber", "amber"],
            "is_partial": [False, False],
        }
    )
    tile = overview.organisation_card(organisation, "2025-03-01", "en")
    assert "78.0" in tile and "−2.0" in tile and 'data-status="amber"' in tile
    assert fmt.DASH in overview.organisation_card(organisation, "2025-04-01", "en")
    league = pd.DataFrame({"status": ["green", "green", "red", "grey"]})
    regions = overview.regions_by_status_card(league, "ar", region_label="المناطق")
    assert "منطقتان" in regions and "منطقة واحدة" in regions
