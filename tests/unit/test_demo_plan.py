"""The demo plan: volumes, region sizes and trends, the missing months — without writing files."""

from __future__ import annotations

import datetime as dt

import pytest

from mizan.demo.months import Month, default_end_month, month_span
from mizan.demo.plan import DIRECTIVE_SHARE, TARGETS_24_MONTHS, make_plan
from mizan.org import load_profile

PROFILES = ("party-eg", "municipal-sa")


def _plan(profile: str, months: int = 24, scale: float = 1.0, seed: int = 7):
    return make_plan(
        load_profile(profile), month_span(Month.parse("2025-12"), months), seed=seed, scale=scale
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_volumes_at_scale_1_are_within_15_percent_of_the_targets(profile: str) -> None:
    totals = _plan(profile).totals()
    actual = {
        "complaints": totals["complaints"],
        "media_coverage": totals["media_coverage"],
        "initiatives": totals["initiatives"],
        "meetings": totals["meetings"],
        "action_items": totals["meeting_actions"] + totals["directives"],
    }
    for stream, target in TARGETS_24_MONTHS.items():
        assert abs(actual[stream] - target) <= 0.15 * target, (stream, actual[stream], target)
    assert totals["directives"] == pytest.approx(DIRECTIVE_SHARE * 40_000, rel=0.15)


def test_scale_multiplies_volumes() -> None:
    one, three = _plan("party-eg", 6).totals(), _plan("party-eg", 6, scale=3).totals()
    for stream in ("complaints", "media_coverage", "initiatives", "meetings"):
        assert three[stream] == pytest.approx(3 * one[stream], rel=0.1), stream


@pytest.mark.parametrize("profile", PROFILES)
def test_regions_differ_in_size_and_trend(profile: str) -> None:
    plan = _plan(profile)
    per_region = {
        r.code: sum(plan.count("complaints", r.code, t) for t in range(24)) for r in plan.regions
    }
    assert max(per_region.values()) > 5 * min(per_region.values())
    biggest = max(plan.regions, key=lambda r: r.population).code
    smallest = min(plan.regions, key=lambda r: r.population).code
    assert per_region[biggest] > per_region[smallest]
    trends = {r.trend for r in plan.regions}
    assert {"improving", "declining"} <= trends
    for r in plan.regions:
        if r.trend == "improving":
            assert r.quality_end > r.quality_start
        if r.trend == "declining":
            assert r.quality_end < r.quality_start


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("months", [4, 6, 24])
def test_one_region_misses_two_consecutive_inner_months(profile: str, months: int) -> None:
    plan = _plan(profile, months)
    assert plan.gap_region is not None
    first, second = plan.gap_months
    assert second == first + 1 and first > 0 and second < months - 1
    for stream in ("complaints", "meetings", "media_coverage"):
        assert plan.count(stream, plan.gap_region, first) == 0
        assert plan.count(stream, plan.gap_region, second) == 0
    gaps = [(r.code, t) for r in plan.regions for t in range(months) if plan.is_gap(r.code, t)]
    assert len(gaps) == 2


def test_short_runs_have_no_gap() -> None:
    assert _plan("party-eg", 3).gap_region is None


def test_plan_depends_on_the_seed_only_through_its_streams() -> None:
    a, b = _plan("party-eg", 6, seed=1), _plan("party-eg", 6, seed=1)
    assert a.counts == b.counts
    assert _plan("party-eg", 6, seed=2).counts != a.counts


def test_default_end_month_is_the_last_complete_month() -> None:
    assert default_end_month(dt.date(2025, 3, 15)) == Month(2025, 2)
    assert default_end_month(dt.date(2025, 1, 1)) == Month(2024, 12)
    assert [m.label for m in month_span(Month(2025, 2), 3)] == ["2024-12", "2025-01", "2025-02"]
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse("2025-13")
