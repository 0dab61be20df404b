"""Records and their versions over time, and what a region's generators share.

A record (ticket, meeting, initiative...) is created with its whole life decided up front; its
*versions* are the snapshots a region's monthly file would show at the end of each month, kept
only when they change. The first version goes into the file of the month the record first
appears in; each later one into the file of the month it changed in — the "newer record for an
existing key" that ingestion upserts. A region that skips a month sends the latest state in its
next file.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from mizan.demo.months import Month
from mizan.demo.plan import Plan, RegionTraits
from mizan.demo.seeding import rng_for, weighted
from mizan.demo.vocab import Vocab, vocab_for
from mizan.org import OrgProfile

Row = dict[str, Any]
UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class TruthItem:
    """What one clean record adds to the truth tables: `counters` in `(table, region, month)`."""

    table: str
    t: int
    counters: tuple[tuple[str, int], ...]
    key: str


@dataclass(slots=True)
class Record:
    source: str
    key: str
    versions: list[tuple[int, Row]]  # (month index of the file, row); first is the first seen
    truth: tuple[TruthItem, ...] = ()
    nested_keys: tuple[str, ...] = ()  # keys of nested child records (meetings -> actions)

    @property
    def single_version(self) -> bool:
        return len(self.versions) == 1


@dataclass
class RegionContext:
    """Everything a region's record generators need: its profile, plan, words and calendar."""

    profile: OrgProfile
    plan: Plan
    region: str
    seed: int
    _weights: dict[str, dict[str, float]] = field(default_factory=dict)
    _shifts: dict[tuple[int, int, int, int], dt.timedelta] = field(default_factory=dict)

    @cached_property
    def traits(self) -> RegionTraits:
        return self.plan.traits(self.region)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        return self.plan.months

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.profile.timezone)

    @cached_property
    def vocab(self) -> Vocab:
        return vocab_for(self.profile.country)

    @cached_property
    def country(self) -> str:
        return self.profile.country.upper()

    @cached_property
    def month_ends(self) -> tuple[dt.datetime, ...]:
        """For month t, the first instant after it (local): the moment its file is exported."""
        return tuple(m.shift(1).start_dt for m in self.months)

    @cached_property
    def region_name(self) -> str:
        """The region's Arabic name without its administrative word, for titles."""
        name = self.profile.region(self.region).name_ar
        for prefix in ("منطقة ", "محافظة ", "أمانة "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    @cached_property
    def weekend(self) -> tuple[int, ...]:
        return (4, 5)  # Friday and Saturday in both demo countries

    def quality(self, t: int) -> float:
        return self.traits.quality(t, len(self.months))

    def rng(self, *parts: object) -> random.Random:
        return rng_for(self.seed, self.region, *parts)

    def local(self, value: dt.datetime) -> dt.datetime:
        """A wall-clock time that exists in the deployment's time zone (DST gaps skipped).
        Clocks change on the hour, so the shift is cached per local hour."""
        hour = (value.year, value.month, value.day, value.hour)
        shift = self._shifts.get(hour)
        if shift is None:
            probe = dt.datetime(*hour, 30)
            back = probe.replace(tzinfo=self.tz).astimezone(UTC).astimezone(self.tz)
            shift = self._shifts[hour] = back.replace(tzinfo=None) - probe
        return value + shift if shift else value

    def secretariat_for(self, rng: random.Random, source: str) -> str:
        """A secretariat, weighted by what the source is about (by the English names)."""
        weights = self._weights.get(source)
        if weights is None:
            hints = _SECRETARIAT_HINTS.get(source, ())
            weights = {}
            local = self.rng("secretariat-mix", source)
            for sec in self.profile.secretariats:
                text = f"{sec.code} {sec.name_en} {' '.join(sec.aliases)}".casefold()
                boost = 5.0 if any(h in text for h in hints) else 1.0
                weights[sec.code] = boost * local.uniform(0.5, 1.5)
            self._weights[source] = weights
        return weighted(rng, weights)

    def fill(
        self, rng: random.Random, template: str, *, month: str = "", secretariat: str = ""
    ) -> str:
        """A template with its {region}, {place}, {street}, {month}, {secretariat} filled in."""
        if "{" not in template:
            return template
        text = template.replace("{region}", self.region_name)
        if "{place}" in text:
            text = text.replace("{place}", rng.choice(self.vocab.places))
        if "{street}" in text:
            text = text.replace("{street}", rng.choice(self.vocab.streets))
        return text.replace("{month}", month).replace("{secretariat}", secretariat)

    def day_in_month(self, rng: random.Random, t: int, *, workday: bool = True) -> dt.date:
        month = self.months[t]
        for _ in range(6):
            day = month.start + dt.timedelta(days=rng.randrange(month.days))
            if not workday or day.weekday() not in self.weekend or rng.random() < 0.1:
                return day
        return day

    def versions(
        self, snapshot: Callable[[dt.datetime], Row], first: int, settled: dt.datetime
    ) -> list[tuple[int, Row]]:
        """The snapshots at the end of each month from `first` on, kept when they change,
        moved past the region's missing months."""
        out: list[tuple[int, Row]] = []
        last: Row | None = None
        ends = self.month_ends
        for k in range(first, len(ends)):
            snap = snapshot(ends[k])
            if snap != last:
                out.append((k, snap))
                last = snap
            if ends[k] > settled:
                break
        return self.shift_for_gaps(out)

    def shift_for_gaps(self, versions: Sequence[tuple[int, Row]]) -> list[tuple[int, Row]]:
        plan, n = self.plan, len(self.months)
        if self.region != plan.gap_region:
            return list(versions)
        out: dict[int, Row] = {}
        for k, row in versions:
            while k < n and plan.is_gap(self.region, k):
                k += 1
            if k < n:
                out[k] = row  # a later version of the same month replaces an earlier one
        return sorted(out.items(), key=lambda kv: kv[0])


_SECRETARIAT_HINTS = {
    "complaints": ("customer", "care", "community", "service", "940"),
    "media_coverage": ("media",),
    "initiatives": ("community", "youth", "women", "social"),
    "meetings": ("organi", "public relations", "pr "),
    "meeting_actions": ("organi", "public relations"),
}
