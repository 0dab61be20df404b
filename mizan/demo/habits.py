"""How each region writes its files over time: its habit.

A region keeps a habit (format, encoding, header language, digits, date and time formats, file
name) for months on end and changes one or two aspects of it now and then. A handful of
archetype habits are dealt to regions first, so that every format, encoding, Hijri dates and
Arabic-Indic digits occur in every run; the other regions draw theirs at random. Regions that
send meetings as JSON do so for the whole run (their action items travel inside the meetings),
and only small regions keep their files in Excel (bigger ones export CSV from a system).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from mizan.demo.plan import Plan
from mizan.demo.seeding import rng_for, weighted
from mizan.org import OrgProfile

TABULAR_FORMATS = ("csv_utf8", "csv_bom", "csv_cp1256", "csv_semicolon", "tsv", "xlsx")
# Only small regions (at most this share of the complaints) keep their files in Excel. (It also
# keeps generation fast: openpyxl is slow.)
_XLSX_MAX_SHARE = 0.03


@dataclass(frozen=True)
class Habit:
    fmt: str  # one of TABULAR_FORMATS
    lang: str  # ar | en: language of headers and of enumeration values
    header_style: str  # label | alias
    digits: str  # western | arabic (Arabic-Indic) | persian (Extended Arabic-Indic)
    date_style: str  # iso | dmy | hijri | serial | excel (real date cells, XLSX only)
    ts_style: str  # iso | iso_t | offset | utc | dmy | excel (XLSX only)
    line_end: str = "\r\n"
    quote_all: bool = False
    suffix: str = ""  # "", "_final", "_v2" or "+source" (the source's short name)
    list_sep: str = "; "
    thousands: bool = False  # Arabic thousands separator in amounts
    mixing: float = 0.05  # share of cells spelled other than the usual way
    tab_ext: str = "tsv"


# Habits dealt to regions first, so that every run has each format, encoding and style.
_ARCHETYPE_FIELDS = ("fmt", "lang", "header_style", "digits", "date_style", "ts_style")
# fmt: off
_ARCHETYPE_TABLE = (
    ("csv_utf8",      "ar", "label", "arabic",  "hijri",  "iso"),
    ("csv_bom",       "ar", "alias", "western", "dmy",    "dmy"),
    ("csv_cp1256",    "ar", "label", "western", "dmy",    "iso_t"),
    ("csv_semicolon", "en", "label", "western", "iso",    "offset"),
    ("tsv",           "en", "alias", "western", "iso",    "utc"),
    ("xlsx",          "ar", "label", "western", "excel",  "excel"),
    ("csv_utf8",      "en", "label", "western", "serial", "iso"),
    ("xlsx",          "en", "alias", "western", "excel",  "excel"),
    ("csv_bom",       "ar", "label", "arabic",  "hijri",  "dmy"),
    ("csv_cp1256",    "ar", "alias", "western", "hijri",  "offset"),
    ("csv_utf8",      "ar", "alias", "persian", "iso",    "iso_t"),
)
# fmt: on
_ARCHETYPE_EXTRAS: dict[int, dict[str, object]] = {4: {"tab_ext": "txt"}, 8: {"thousands": True}}
_ARCHETYPES: tuple[dict[str, object], ...] = tuple(
    {**dict(zip(_ARCHETYPE_FIELDS, row, strict=True)), **_ARCHETYPE_EXTRAS.get(i, {})}
    for i, row in enumerate(_ARCHETYPE_TABLE)
)


def _random_habit(rng: random.Random) -> Habit:
    fmt = weighted(
        rng,
        {
            "csv_utf8": 0.26,
            "csv_bom": 0.22,
            "csv_cp1256": 0.12,
            "csv_semicolon": 0.1,
            "tsv": 0.08,
            "xlsx": 0.22,
        },
    )
    lang = "ar" if rng.random() < (0.9 if fmt == "csv_cp1256" else 0.65) else "en"
    habit = Habit(
        fmt=fmt,
        lang=lang,
        header_style="label" if rng.random() < 0.6 else "alias",
        digits=weighted(rng, {"arabic": 0.3, "persian": 0.05, "western": 0.65}),
        date_style=weighted(rng, {"iso": 0.35, "dmy": 0.35, "hijri": 0.3})
        if lang == "ar"
        else weighted(rng, {"iso": 0.55, "dmy": 0.4, "serial": 0.05}),
        ts_style=weighted(
            rng, {"iso": 0.35, "iso_t": 0.15, "offset": 0.15, "utc": 0.12, "dmy": 0.23}
        ),
        line_end="\r\n" if rng.random() < 0.6 else "\n",
        quote_all=rng.random() < 0.15,
        suffix=weighted(rng, {"": 0.7, "_final": 0.08, "_v2": 0.05, "+source": 0.17}),
        list_sep=weighted(rng, {"; ": 0.5, "، ": 0.3, ", ": 0.2})
        if lang == "ar"
        else weighted(rng, {"; ": 0.6, ", ": 0.4}),
        thousands=rng.random() < 0.4,
        mixing=rng.choice((0.02, 0.05, 0.12)),
        tab_ext=rng.choice(("tsv", "txt")),
    )
    if fmt == "xlsx" and rng.random() < 0.8:
        habit = replace(habit, date_style="excel", ts_style="excel")
    return normalise(habit)


def normalise(h: Habit) -> Habit:
    """Make a habit consistent: what cp1256 cannot encode, what XLSX stores natively..."""
    if h.fmt != "xlsx":
        h = replace(
            h,
            date_style="iso" if h.date_style == "excel" else h.date_style,
            ts_style="iso" if h.ts_style == "excel" else h.ts_style,
        )
    if h.fmt in ("xlsx", "csv_cp1256") or h.lang == "en":
        h = replace(h, digits="western")
    if h.lang == "en" and h.date_style == "hijri":
        h = replace(h, date_style="iso")
    if h.lang == "en" and h.list_sep == "، ":
        h = replace(h, list_sep="; ")
    if h.digits == "western":
        h = replace(h, thousands=False)
    return h


def _changed(rng: random.Random, h: Habit) -> Habit:
    """The same habit with one or two aspects changed (a new clerk, a new template...)."""
    fresh = _random_habit(rng)
    aspects = rng.sample(
        ("fmt", "header_style", "date_style", "ts_style", "suffix", "quote_all"),
        rng.choice((1, 1, 2)),
    )
    changes = {a: getattr(fresh, a) for a in aspects}
    if "fmt" in changes and fresh.fmt == "xlsx":
        changes.update(date_style=fresh.date_style, ts_style=fresh.ts_style)
    return normalise(replace(h, **changes))


@dataclass(frozen=True)
class RegionHabits:
    region: str
    json_meetings: bool
    epochs: tuple[tuple[int, Habit], ...]  # (first month index, habit), ascending
    small: bool  # small enough to keep its files in Excel

    def epoch_at(self, t: int) -> int:
        index = 0
        for i, (start, _) in enumerate(self.epochs):
            if start <= t:
                index = i
        return index

    def habit_at(self, t: int) -> Habit:
        return self.epochs[self.epoch_at(t)][1]


def region_habits(profile: OrgProfile, plan: Plan, seed: int) -> dict[str, RegionHabits]:
    codes = [r.code for r in profile.regions]
    n = len(plan.months)
    total = sum(v for (s, _, _), v in plan.expected.items() if s == "complaints") or 1.0
    small = {
        code: sum(plan.expected.get(("complaints", code, t), 0.0) for t in range(n)) / total
        <= _XLSX_MAX_SHARE
        for code in codes
    }
    order = list(codes)
    rng_for(seed, "archetypes").shuffle(order)
    archetype: dict[str, dict[str, object]] = {}
    for spec in _ARCHETYPES:
        free = [c for c in order if c not in archetype]
        if spec["fmt"] == "xlsx":
            free = [c for c in free if small[c]] or free
        if free:
            archetype[free[0]] = spec
    n_json = max(1, round(0.2 * len(codes))) if len(codes) > 1 else 0
    json_order = list(codes)
    rng_for(seed, "json-regions").shuffle(json_order)
    json_regions = set(json_order[:n_json])
    out = {}
    for code in codes:
        rng = rng_for(seed, "habit", code)
        habit = _random_habit(rng)
        if code in archetype:
            habit = normalise(replace(habit, **archetype[code]))  # type: ignore[arg-type]
        epochs = [(0, habit)]
        if n > 2:
            changes = rng.choices((0, 1, 2), weights=(0.45, 0.4, 0.15))[0]
            for start in sorted(rng.sample(range(1, n), min(changes, n - 1))):
                epochs.append((start, _changed(rng, epochs[-1][1])))
        if not small[code]:
            epochs = [
                (t, normalise(replace(h, fmt="csv_bom")) if h.fmt == "xlsx" else h)
                for t, h in epochs
            ]
        out[code] = RegionHabits(code, code in json_regions, tuple(epochs), small[code])
    return out
