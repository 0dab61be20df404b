"""The month in review (marts.fct_month_review) on the demo snapshot: every sentence names its KPI
and its number, the numbers equal the marts, nothing the rules call for is left out, and the
Arabic counts take the plural forms of the translation catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboards import i18n
from dashboards.catalogue import PLURALS

MACROS = Path(__file__).resolve().parents[2] / "warehouse" / "macros" / "review_text.sql"
LRI, PDI = "\u2066", "\u2069"
RED_MONTHS = 3  # var mizan_review_red_months
MIN_PLACES = 3  # var mizan_review_min_places


@pytest.fixture(scope="module")
def marts(demo_snapshot) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(demo_snapshot.serving_path), read_only=True) as con:
        return {
            "review": con.sql("SELECT * FROM marts.fct_month_review").df(),
            "kpi": con.sql(
                "SELECT f.*, k.name_ar, k.name_en, k.unit, k.source, "
                "k.score_basis = 'per_100k' AS per_100k FROM marts.fct_kpi_monthly AS f "
                "JOIN marts.dim_kpi AS k USING (kpi_code) WHERE f.secretariat_code = 'ALL'"
            ).df(),
            "scorecard": con.sql(
                "SELECT * FROM marts.mart_scorecard WHERE secretariat_code = 'ALL'"
            ).df(),
            "league": con.sql("SELECT * FROM marts.mart_league_table").df(),
        }


def number(value: float, decimals: int) -> str:
    return f"{abs(value):,.{decimals}f}"


def kpi_value(value: float, unit: str, per_100k: bool) -> str:
    """The number of a KPI value as the review writes it (dashboards.fmt's rules)."""
    if unit in ("share", "ratio"):
        text = number(100 * value, 1) + "%"
    elif per_100k:
        size = abs(value)
        text = number(value, 0 if size >= 100 else 1 if size >= 10 else 2) if size else "0"
    elif unit in ("hours", "points"):
        text = number(value, 1)
    elif unit == "currency":
        text = number(value, 2 if abs(value) < 100 else 0)
    else:
        text = number(value, 0 if float(value).is_integer() else 1)
    return ("−" if value < 0 else "") + text


def kpi_change(change: float, unit: str, per_100k: bool) -> str:
    """A signed change as the review writes it in English, with its unit's words."""
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if unit in ("share", "ratio"):
        return f"{sign}{number(100 * change, 1)} percentage points"
    words = (
        " per 100,000 inhabitants"
        if per_100k
        else {"hours": " h", "points": " points"}.get(unit, "")
    )
    return sign + kpi_value(abs(change), unit, per_100k) + words


def previous(month: pd.Timestamp) -> pd.Timestamp:
    return month - pd.DateOffset(months=1)


def test_the_review_covers_every_region_and_the_organisation(marts):
    review, kpi = marts["review"], marts["kpi"]
    last = kpi["month_start"].max()
    regions = set(kpi["region_code"])
    assert set(review.loc[review["month_start"] == last, "region_code"]) == regions
    assert (
        review.groupby(["month_start", "region_code"])["sentence_no"]
        .apply(lambda s: sorted(s) == list(range(1, len(s) + 1)))
        .all()
    )
    assert review["text_ar"].str.len().gt(10).all() and review["text_en"].str.len().gt(10).all()


def test_every_kpi_sentence_names_its_kpi_and_numbers_that_equal_the_marts(marts):
    review, kpi = marts["review"], marts["kpi"]
    keyed = kpi.set_index(["month_start", "region_code", "kpi_code"])
    about_kpis = review[
        review["kpi_code"].notna() & (review["topic"] != "small_samples_in_regions")
    ]
    assert len(about_kpis) > 50
    for row in about_kpis.itertuples():
        fact = keyed.loc[(row.month_start, row.region_code, row.kpi_code)]
        assert f"«{fact['name_ar']}»" in row.text_ar and row.text_en.startswith(fact["name_en"])
        assert row.value == pytest.approx(fact["value_scored"], rel=1e-12)
        shown = kpi_value(fact["value_scored"], fact["unit"], fact["per_100k"])
        assert f"{LRI}{shown}{PDI}" in row.text_ar, (shown, row.text_ar)
        assert shown in row.text_en
        if row.topic in ("turned_red", "red_streak", "recovered"):
            assert row.target == pytest.approx(fact["target"])
            target = kpi_value(fact["target"], fact["unit"], fact["per_100k"])
            assert target in row.text_en and f"{LRI}{target}{PDI}" in row.text_ar
        if row.topic in ("recovered", "kpi_riser", "kpi_faller"):
            before = keyed.loc[(previous(row.month_start), row.region_code, row.kpi_code)]
            assert row.value_before == pytest.approx(before["value_scored"], rel=1e-12)
        if row.topic in ("kpi_riser", "kpi_faller"):
            before = keyed.loc[(previous(row.month_start), row.region_code, row.kpi_code)]
            assert row.rank == fact["rank_in_month"]
            assert row.rank_change == before["rank_in_month"] - fact["rank_in_month"]
            assert f"to {int(row.rank)} of {int(fact['regions_ranked'])}" in row.text_en
            assert row.change == pytest.approx(fact["value_scored"] - before["value_scored"])
            change = kpi_change(row.change, fact["unit"], fact["per_100k"])
            assert f"({change}, to " in row.text_en, (change, row.text_en)
        if row.topic == "small_sample":
            assert fact["value_status"] == "small_sample"
            assert row.count_stated == fact["sample_size"]


def test_status_sentences_are_exactly_what_the_rules_call_for(marts):
    """Turned red, red for three months or more, recovered: recomputed from fct_kpi_monthly —
    none missing, none extra."""
    kpi = marts["kpi"].sort_values("month_start").copy()
    kpi["before"] = kpi.groupby(["region_code", "kpi_code"])["rag"].shift(1)
    streaks = []
    for _, unit in kpi.groupby(["region_code", "kpi_code"]):
        run = 0
        for rag in unit["rag"]:
            run = run + 1 if rag == "red" else 0
            streaks.append(run)
    kpi["streak"] = pd.Series(
        streaks, index=[i for _, u in kpi.groupby(["region_code", "kpi_code"]) for i in u.index]
    )
    expected = {
        "red_streak": kpi[(kpi["rag"] == "red") & (kpi["streak"] >= RED_MONTHS)],
        "turned_red": kpi[
            (kpi["rag"] == "red")
            & (kpi["streak"] < RED_MONTHS)
            & kpi["before"].isin(["green", "amber", "grey"])
        ],
        "recovered": kpi[kpi["rag"].isin(["green", "amber"]) & (kpi["before"] == "red")],
    }
    review = marts["review"]
    for topic, rows in expected.items():
        said = review[review["topic"] == topic]
        assert len(rows) > 0, topic
        assert set(
            zip(said["month_start"], said["region_code"], said["kpi_code"], strict=True)
        ) == set(zip(rows["month_start"], rows["region_code"], rows["kpi_code"], strict=True)), (
            topic
        )
    streak = review[review["topic"] == "red_streak"].merge(
        kpi, on=["month_start", "region_code", "kpi_code"]
    )
    assert (streak["count_stated"] == streak["streak"]).all()


def test_missing_sources_are_said_for_each_region_and_listed_for_the_organisation(marts):
    kpi, review = marts["kpi"], marts["review"]
    regional = kpi[kpi["region_code"] != "ALL"]
    silent = (
        regional.groupby(["month_start", "region_code", "source"])["value_status"]
        .agg(lambda s: (s == "no_data").all())
        .loc[lambda s: s]
        .index
    )
    said = review[(review["topic"] == "files_missing") & (review["region_code"] != "ALL")]
    assert set(silent) == set(
        zip(said["month_start"], said["region_code"], said["source"], strict=True)
    )
    organisation = review[(review["topic"] == "files_missing") & (review["region_code"] == "ALL")]
    counted = pd.Series([m for m, _, _ in silent]).to_frame("m").assign(s=[s for _, _, s in silent])
    assert dict(
        zip(
            zip(organisation["month_start"], organisation["source"], strict=True),
            organisation["count_stated"],
            strict=True,
        )
    ) == (counted.groupby(["m", "s"]).size().to_dict())


def test_composite_and_league_sentences_equal_the_scorecard(marts):
    review, scorecard, league = marts["review"], marts["scorecard"], marts["league"]
    scores = scorecard.set_index(["month_start", "region_code"])["composite_score"]
    ranks = league.set_index(["month_start", "region_code"])
    composites = review[review["topic"] == "composite"]
    assert len(composites) == scores.notna().sum()
    for row in composites.itertuples():
        assert row.value == pytest.approx(scores[(row.month_start, row.region_code)])
        assert f"Composite index {row.value:,.1f} out of 100" in row.text_en
        assert f"{LRI}{row.value:,.1f}{PDI}" in row.text_ar
        before = scores.get((previous(row.month_start), row.region_code))
        if before is not None and pd.notna(before):
            assert row.change == pytest.approx(row.value - before)
            sign = "+" if row.change > 0 else "−" if row.change < 0 else "±"
            assert f"({sign}{abs(row.change):,.1f} points" in row.text_en
        if row.region_code != "ALL":
            assert row.rank == ranks.loc[(row.month_start, row.region_code), "rank"]
    movers = review[review["topic"].isin(["league_riser", "league_faller"])]
    assert len(movers) > 0
    for row in movers.itertuples():
        month = league[league["month_start"] == row.month_start]
        moved = month["rank_change"].dropna()
        best = moved.max() if row.topic == "league_riser" else moved.min()
        assert row.rank_change == best
        subject = ranks.loc[(row.month_start, row.subject_region_code)]
        assert subject["region_name_en"] in row.text_en and subject["region_name_ar"] in row.text_ar
        assert (
            "places" if abs(best) > 1 else "place"
        ) in row.text_en and "points to" in row.text_en


def test_movers_are_the_kpis_that_moved_most_in_places(marts):
    kpi, review = marts["kpi"], marts["review"]
    now = kpi[kpi["region_code"] != "ALL"]
    before = now.assign(month_start=now["month_start"] + pd.DateOffset(months=1))
    both = now.merge(
        before[["month_start", "region_code", "kpi_code", "rank_in_month"]],
        on=["month_start", "region_code", "kpi_code"],
        suffixes=("", "_before"),
    ).dropna(subset=["rank_in_month", "rank_in_month_before"])
    both["moved"] = both["rank_in_month_before"] - both["rank_in_month"]
    said = review[review["topic"].isin(["kpi_riser", "kpi_faller"])]
    assert len(said) > 0
    for row in said.itertuples():
        unit = both[
            (both["month_start"] == row.month_start) & (both["region_code"] == row.region_code)
        ]
        same_way = unit[unit["moved"] > 0] if row.rank_change > 0 else unit[unit["moved"] < 0]
        assert abs(row.rank_change) >= MIN_PLACES
        # no KPI moved further the same way without being named too
        named = set(
            said[
                (said["month_start"] == row.month_start) & (said["region_code"] == row.region_code)
            ]["kpi_code"]
        )
        further = same_way[same_way["moved"].abs() > abs(row.rank_change)]
        assert set(further["kpi_code"]) <= named


def test_arabic_counts_take_the_catalogue_plural_forms(marts):
    review = marts["review"]
    keys = {
        "red_streak": "n_months",
        "files_missing": "n_kpis",
        "small_sample": "n_records",
        "small_samples_in_regions": "n_regions_genitive",
    }
    checked = 0
    for row in review[review["topic"].isin(keys)].itertuples():
        key = (
            keys[row.topic]
            if row.topic != "files_missing" or row.region_code != "ALL"
            else "n_regions_genitive"
        )
        with i18n.speaking("ar"):
            assert i18n.plural(key, row.count_stated) in row.text_ar
        with i18n.speaking("en"):
            assert i18n.plural(key, row.count_stated) in row.text_en
        checked += 1
    assert checked > 20
    places = review[review["rank_change"].notna() & (review["rank_change"] != 0)]
    for row in places.itertuples():
        with i18n.speaking("ar"):
            assert i18n.plural("n_places", abs(row.rank_change)) in row.text_ar


def test_the_sql_plural_forms_are_the_catalogue_s():
    text = MACROS.read_text(encoding="utf-8")
    block = text[text.index("macro plural_forms()") :]
    found = {
        key: (ast.literal_eval(f"[{arabic}]"), ast.literal_eval(f"[{english}]"))
        for key, arabic, english in re.findall(
            r"'(n_\w+)': \(\s*\[(.*?)\],\s*\[(.*?)\]\)", block, flags=re.S
        )
    }
    assert len(found) >= 6
    for key, (arabic, english) in found.items():
        assert tuple(arabic) == PLURALS[key][0] and tuple(english) == PLURALS[key][1], key


def test_arabic_text_keeps_western_digits_inside_isolates(marts):
    for text in marts["review"]["text_ar"]:
        assert not re.search("[٠-٩۰-۹]", text)
        outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text)
        # outside the isolates only the fixed '100' of "out of 100" / "per 100,000" remains
        assert not re.search(r"\d", outside.replace("100", "")), text
