"""How much each region sends, month by month, and how well it performs.

The plan is cheap (no records, no files): per stream, region and month the number of new records,
drawn from a Poisson distribution around an expected value that follows the region's size
(population to a power below one, so that small regions are not empty), a season, a growth trend
and, for PR activity, the region's performance. One region stops sending for two consecutive
months. Tests check volumes against the plan without writing any file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from mizan.demo.months import Month
from mizan.demo.seeding import clamp, poisson, rng_for
from mizan.org import OrgProfile

# Distinct records at scale 1 over 24 months, for any profile (spread over its regions).
TARGETS_24_MONTHS: Mapping[str, int] = {
    "complaints": 300_000,
    "media_coverage": 100_000,
    "initiatives": 20_000,
    "meetings": 15_000,
    "action_items": 40_000,  # meeting action items and leadership directives together
}
DIRECTIVE_SHARE = 0.15

# The streams the plan counts; "meeting_actions" are action items of held meetings.
STREAMS = (
    "complaints",
    "media_coverage",
    "initiatives",
    "meetings",
    "meeting_actions",
    "directives",
)

_STREAM_TOTAL = {
    "complaints": TARGETS_24_MONTHS["complaints"],
    "media_coverage": TARGETS_24_MONTHS["media_coverage"],
    "initiatives": TARGETS_24_MONTHS["initiatives"],
    "meetings": TARGETS_24_MONTHS["meetings"],
    "meeting_actions": TARGETS_24_MONTHS["action_items"] * (1 - DIRECTIVE_SHARE),
    "directives": TARGETS_24_MONTHS["action_items"] * DIRECTIVE_SHARE,
}
# Size follows population to this power: complaints almost proportionally, PR activity much less.
_SIZE_EXPONENT = {
    "complaints": 0.85,
    "media_coverage": 0.6,
    "initiatives": 0.55,
    "meetings": 0.5,
    "meeting_actions": 0.5,
    "directives": 0.3,
}
# Calendar-month factors (January first): more service complaints in summer, less PR activity
# in August, a busier December.
_SEASON = {
    "complaints": (0.92, 0.9, 0.95, 1.0, 1.05, 1.12, 1.16, 1.12, 1.02, 0.97, 0.93, 0.9),
    "media_coverage": (1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 0.9, 0.85, 1.0, 1.05, 1.05, 1.1),
    "initiatives": (0.95, 1.0, 1.05, 1.0, 1.0, 0.9, 0.8, 0.75, 1.0, 1.1, 1.15, 1.2),
    "meetings": (1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 0.85, 0.75, 1.0, 1.1, 1.1, 1.15),
    "meeting_actions": (1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 0.85, 0.75, 1.0, 1.1, 1.1, 1.15),
    "directives": (1.0,) * 12,
}
# Streams whose volume rises with the region's performance (an active PR department).
_ACTIVITY_STREAMS = ("media_coverage", "initiatives", "meetings", "meeting_actions")


@dataclass(frozen=True)
class RegionTraits:
    """A region's size and performance over the run."""

    code: str
    population: int  # the size the generator draws volumes from (see _region_traits)
    quality_start: float  # 0..1: share of things done well (on time, positive, held...)
    quality_end: float
    trend: str  # improving, declining, steady
    growth: float  # relative change of complaint volume over the run

    def quality(self, t: int, months: int) -> float:
        x = t / (months - 1) if months > 1 else 0.5
        return self.quality_start + (self.quality_end - self.quality_start) * x


@dataclass(frozen=True)
class Plan:
    profile: str
    seed: int
    scale: float
    months: tuple[Month, ...]
    regions: tuple[RegionTraits, ...]
    gap_region: str | None
    gap_months: tuple[int, ...]  # indexes into months
    expected: Mapping[tuple[str, str, int], float]  # (stream, region, t) -> mean
    counts: Mapping[tuple[str, str, int], int]  # (stream, region, t) -> drawn count

    def count(self, stream: str, region: str, t: int) -> int:
        return self.counts.get((stream, region, t), 0)

    def is_gap(self, region: str, t: int) -> bool:
        return region == self.gap_region and t in self.gap_months

    def traits(self, region: str) -> RegionTraits:
        return next(r for r in self.regions if r.code == region)

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(STREAMS, 0)
        for (stream, _, _), n in self.counts.items():
            totals[stream] += n
        return totals

    def targets(self) -> dict[str, float]:
        """What the run aims at: the 24-month targets, prorated to its months and scale."""
        factor = self.scale * len(self.months) / 24
        return {stream: total * factor for stream, total in _STREAM_TOTAL.items()}


def make_plan(profile: OrgProfile, months: tuple[Month, ...], *, seed: int, scale: float) -> Plan:
    n = len(months)
    traits = _region_traits(profile, seed)
    gap_region, gap_months = _choose_gap(profile, traits, n, seed)
    expected: dict[tuple[str, str, int], float] = {}
    counts: dict[tuple[str, str, int], int] = {}
    for stream in STREAMS:
        raw: dict[tuple[str, int], float] = {}
        for region in traits:
            size = region.population ** _SIZE_EXPONENT[stream]
            q_mean = (region.quality_start + region.quality_end) / 2
            for t, month in enumerate(months):
                x = t / (n - 1) if n > 1 else 0.5
                weight = size * _SEASON[stream][month.month - 1]
                weight *= 1 + region.growth * (x - 0.5) if stream == "complaints" else 1
                if stream in _ACTIVITY_STREAMS:
                    weight *= 0.6 + 0.8 * q_mean + 0.6 * (region.quality(t, n) - q_mean)
                raw[(region.code, t)] = weight
        total = _STREAM_TOTAL[stream] * scale * n / 24
        norm = total / sum(raw.values())
        for (code, t), weight in raw.items():
            lam = 0.0 if (code == gap_region and t in gap_months) else weight * norm
            expected[(stream, code, t)] = lam
            drawn = poisson(rng_for(seed, "plan", stream, code, months[t].label), lam)
            if drawn:
                counts[(stream, code, t)] = drawn
    return Plan(
        profile=profile.name,
        seed=seed,
        scale=scale,
        months=months,
        regions=traits,
        gap_region=gap_region,
        gap_months=gap_months,
        expected=expected,
        counts=counts,
    )


def _region_traits(profile: OrgProfile, seed: int) -> tuple[RegionTraits, ...]:
    n = len(profile.regions)
    improving = max(1, round(0.3 * n))
    declining = max(1, round(0.25 * n)) if n > 1 else 0
    deck = ["improving"] * improving + ["declining"] * declining
    deck += ["steady"] * max(0, n - len(deck))
    rng_for(seed, "trends").shuffle(deck)
    # A region without a population (the profile does not know it) is sized like the median
    # region: only for drawing volumes, never written into the warehouse.
    known = sorted(r.population for r in profile.regions if r.population)
    fallback = known[len(known) // 2] if known else 1_000_000
    traits = []
    for region, trend in zip(profile.regions, deck, strict=False):
        rng = rng_for(seed, "traits", region.code)
        start = rng.uniform(0.35, 0.85)
        if trend == "improving":
            end = start + rng.uniform(0.15, 0.35)
        elif trend == "declining":
            end = start - rng.uniform(0.15, 0.35)
        else:
            end = start + rng.uniform(-0.05, 0.05)
        traits.append(
            RegionTraits(
                code=region.code,
                population=max(region.population or fallback, 1),
                quality_start=round(start, 4),
                quality_end=round(clamp(end, 0.1, 0.97), 4),
                trend=trend,
                growth=round(rng.uniform(-0.25, 0.3), 4),
            )
        )
    return tuple(traits)


def _choose_gap(
    profile: OrgProfile, traits: tuple[RegionTraits, ...], months: int, seed: int
) -> tuple[str | None, tuple[int, ...]]:
    """One mid-sized region misses two consecutive months, neither the first nor the last."""
    if months < 4 or not traits:
        return None, ()
    by_size = sorted(traits, key=lambda r: (-r.population, r.code))
    low, high = min(3, len(by_size) - 1), max(math.ceil(len(by_size) * 0.75), 1)
    candidates = by_size[low:high] or by_size
    rng = rng_for(seed, "gap", profile.name)
    region = rng.choice(candidates).code
    start = rng.randrange(1, months - 2)
    return region, (start, start + 1)
