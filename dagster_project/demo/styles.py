"""How each region writes its files: its habit, and the style of one file.

A region keeps a habit (format, encoding, header language, digits, date and time formats, file
name) for months on end and changes one or two aspects of it now and then. A handful of
archetype habits are dealt to regions first, so that every format, encoding, Hijri dates and
Arabic-Indic digits occur in every run; the other regions draw theirs at random. Regions that
send meetings as JSON do so for the whole run (their action items travel inside the meetings).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from dagster_project.demo.plan import Plan
from dagster_project.demo.seeding import rng_for, weighted
from dagster_project.demo.spelling import (
    choice_labels,
    header_options,
    is_arabic,
    region_spellings,
    secretariat_spellings,
)
from dagster_project.ingest.arabic import match_key
from dagster_project.ingest.contracts import CONTRACTS, PARTNER_TYPES
from dagster_project.org import OrgProfile

TABULAR_FORMATS = ("csv_utf8", "csv_bom", "csv_cp1256", "csv_semicolon", "tsv", "xlsx")
# What each tabular format means on disk: (file format, encoding, delimiter).
_FORMAT_SPEC = {
    "csv_utf8": ("csv", "utf-8", ","),
    "csv_bom": ("csv", "utf-8-sig", ","),
    "csv_cp1256": ("csv", "cp1256", ","),
    "csv_semicolon": ("csv", "utf-8", ";"),
    "tsv": ("csv", "utf-8", "\t"),
    "xlsx": ("xlsx", "", ""),
    "json": ("json", "utf-8", ""),
}
# Partner-type labels that describe a type rather than one kind of partner ("religious", not
# "church"), so that "type: name" reads right whatever the partner's name.
_GENERIC_PARTNER_LABELS = {
    "ngo": ("جمعية أهلية", "منظمة مجتمع مدني", "مؤسسة أهلية", "ngo", "civil society"),
    "education": ("تعليمي", "education", "academic"),
    "religious": ("ديني", "religious"),
    "social": ("اجتماعي", "social"),
    "private": ("قطاع خاص", "خاص", "private", "business"),
}
_SUFFIX_BY_SOURCE = {
    "complaints": "_complaints",
    "media_coverage": "_media",
    "initiatives": "_initiatives",
    "meetings": "_meetings",
    "meeting_actions": "_actions",
}
# Optional columns a region may leave out of its template.
_OMITTABLE = {
    "complaints": ("subject", "complainant_email", "complainant_national_id", "reopened_count"),
    "media_coverage": ("hashtags", "url", "secretariat_code", "impressions"),
    "initiatives": ("partners", "budget_planned", "budget_spent", "actual_start"),
    "meetings": ("chaired_by", "title", "invited"),
    "meeting_actions": ("title",),
}
# Only small regions (at most this share of the complaints) keep their files in Excel; bigger
# ones export CSV from a system. (It also keeps generation fast: openpyxl is slow.)
_XLSX_MAX_SHARE = 0.03


@dataclass(frozen=True)
class Habit:
    fmt: str  # one of TABULAR_FORMATS
    lang: str  # ar | en: language of headers and of enumeration values
    header_style: str  # label | alias
    digits: str  # western | arabic (Arabic-Indic)
    date_style: str  # iso | dmy | hijri | serial | excel (real date cells, XLSX only)
    ts_style: str  # iso | iso_t | offset | utc | dmy | excel (XLSX only)
    line_end: str = "\r\n"
    quote_all: bool = False
    suffix: str = ""  # "", "_final", "_v2" or "+source" (the source's short name)
    list_sep: str = "; "
    thousands: bool = False  # Arabic thousands separator in amounts
    mixing: float = 0.05  # share of cells spelled other than the usual way
    tab_ext: str = "tsv"


_ARCHETYPES: tuple[dict[str, object], ...] = (
    dict(
        fmt="csv_utf8",
        lang="ar",
        header_style="label",
        digits="arabic",
        date_style="hijri",
        ts_style="iso",
    ),
    dict(
        fmt="csv_bom",
        lang="ar",
        header_style="alias",
        digits="western",
        date_style="dmy",
        ts_style="dmy",
    ),
    dict(
        fmt="csv_cp1256",
        lang="ar",
        header_style="label",
        digits="western",
        date_style="dmy",
        ts_style="iso_t",
    ),
    dict(
        fmt="csv_semicolon",
        lang="en",
        header_style="label",
        digits="western",
        date_style="iso",
        ts_style="offset",
    ),
    dict(
        fmt="tsv",
        lang="en",
        header_style="alias",
        digits="western",
        date_style="iso",
        ts_style="utc",
        tab_ext="txt",
    ),
    dict(
        fmt="xlsx",
        lang="ar",
        header_style="label",
        digits="western",
        date_style="excel",
        ts_style="excel",
    ),
    dict(
        fmt="csv_utf8",
        lang="en",
        header_style="label",
        digits="western",
        date_style="serial",
        ts_style="iso",
    ),
    dict(
        fmt="xlsx",
        lang="en",
        header_style="alias",
        digits="western",
        date_style="excel",
        ts_style="excel",
    ),
    dict(
        fmt="csv_bom",
        lang="ar",
        header_style="label",
        digits="arabic",
        date_style="hijri",
        ts_style="dmy",
        thousands=True,
    ),
    dict(
        fmt="csv_cp1256",
        lang="ar",
        header_style="alias",
        digits="western",
        date_style="hijri",
        ts_style="offset",
    ),
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
        digits="arabic" if rng.random() < 0.35 else "western",
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
    return _normalise(habit)


def _normalise(h: Habit) -> Habit:
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
    return _normalise(replace(h, **changes))


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
            habit = _normalise(replace(habit, **archetype[code]))  # type: ignore[arg-type]
        epochs = [(0, habit)]
        if n > 2:
            changes = rng.choices((0, 1, 2), weights=(0.45, 0.4, 0.15))[0]
            for start in sorted(rng.sample(range(1, n), min(changes, n - 1))):
                epochs.append((start, _changed(rng, epochs[-1][1])))
        if not small[code]:
            epochs = [
                (t, _normalise(replace(h, fmt="csv_bom")) if h.fmt == "xlsx" else h)
                for t, h in epochs
            ]
        out[code] = RegionHabits(code, code in json_regions, tuple(epochs), small[code])
    return out


@dataclass(frozen=True)
class FileStyle:
    """Everything about how one file is written."""

    source: str
    region: str
    format_name: str  # csv_utf8 ... xlsx, json
    fmt: str  # csv | xlsx | json
    encoding: str
    delimiter: str
    habit: Habit
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    region_usual: str
    region_variants: tuple[str, ...]
    secretariat_usual: Mapping[str, str]
    secretariat_variants: Mapping[str, tuple[str, ...]]
    labels_usual: Mapping[str, Mapping[str, str]]  # field -> code -> label
    label_variants: Mapping[str, Mapping[str, tuple[str, ...]]]
    partner_labels: Mapping[str, str]
    nested_headers: Mapping[str, str] | None = None  # JSON meetings: action field -> key

    @property
    def lang(self) -> str:
        return self.habit.lang

    @cached_property
    def ext(self) -> str:
        if self.fmt in ("xlsx", "json"):
            return self.fmt
        return self.habit.tab_ext if self.delimiter == "\t" else "csv"

    def file_name(self, month_label: str) -> str:
        suffix = self.habit.suffix
        if suffix == "+source":
            suffix = _SUFFIX_BY_SOURCE[self.source]
        return f"{self.region.lower()}_{month_label}{suffix}.{self.ext}"

    def describe(self) -> dict[str, object]:
        h = self.habit
        return {
            "format": self.format_name,
            "encoding": self.encoding or None,
            "delimiter": self.delimiter or None,
            "lang": h.lang,
            "headers": h.header_style,
            "digits": h.digits,
            "dates": h.date_style,
            "timestamps": h.ts_style,
        }


def file_style(
    profile: OrgProfile, habits: RegionHabits, source: str, t: int, seed: int
) -> FileStyle:
    epoch = habits.epoch_at(t)
    habit = habits.habit_at(t)
    return _file_style(profile, habits.region, source, epoch, habit, habits, seed)


_STYLE_CACHE: dict[tuple, FileStyle] = {}


def _file_style(profile, region, source, epoch, habit, habits, seed) -> FileStyle:
    cache_key = (profile.name, id(profile), region, source, epoch, habit, seed)
    cached = _STYLE_CACHE.get(cache_key)
    if cached is not None:
        return cached
    if len(_STYLE_CACHE) > 4096:
        _STYLE_CACHE.clear()
    rng = rng_for(seed, "style", region, source, epoch)
    contract = CONTRACTS[source]
    format_name = habit.fmt
    if habits.json_meetings and source in ("meetings", "meeting_actions"):
        format_name = "json"
        habit = replace(
            habit,
            digits="western",
            thousands=False,
            date_style="iso" if habit.date_style in ("excel", "serial") else habit.date_style,
            ts_style="iso" if habit.ts_style == "excel" else habit.ts_style,
        )
    fmt, encoding, delimiter = _FORMAT_SPEC[format_name]

    columns = _columns(rng, contract, source, keep_all=format_name == "json")
    headers = tuple(_header(rng, profile, contract, name, habit) for name in columns)
    lang = habit.lang

    spell = region_spellings(profile, region)
    own, other = (spell.ar, spell.en) if lang == "ar" else (spell.en, spell.ar)
    region_usual = _usual_region(rng, spell, lang, profile.region(region).iso_3166_2, region)
    region_variants = tuple(own) + tuple(other[:2])

    sec_usual, sec_variants = {}, {}
    for sec in profile.secretariats:
        s = secretariat_spellings(profile, sec.code)
        mine, theirs = (s.ar, s.en) if lang == "ar" else (s.en, s.ar)
        mine = mine or theirs
        sec_usual[sec.code] = mine[0] if rng.random() < 0.6 else rng.choice(mine[:3])
        sec_variants[sec.code] = tuple(mine) + tuple(theirs[:1])

    labels_usual: dict[str, dict[str, str]] = {}
    label_variants: dict[str, dict[str, tuple[str, ...]]] = {}
    for f in contract.fields:
        if f.kind != "choice":
            continue
        usual, variants = {}, {}
        for code, spellings in choice_labels(f).items():
            mine = (spellings.ar if lang == "ar" else spellings.en) or spellings.en or (code,)
            if lang == "en":
                usual[code] = code if rng.random() < 0.5 else rng.choice(mine)
            else:
                usual[code] = mine[0] if rng.random() < 0.5 else rng.choice(mine)
            variants[code] = tuple(mine)
        labels_usual[f.name], label_variants[f.name] = usual, variants

    partner_labels = {}
    for kind, labels in PARTNER_TYPES.items():
        generic = [x for x in _GENERIC_PARTNER_LABELS.get(kind, ()) if x in labels] or [kind]
        mine = [x for x in generic if is_arabic(x) == (lang == "ar")] or [kind]
        partner_labels[kind] = mine[0] if rng.random() < 0.6 else rng.choice(mine)

    nested = None
    if format_name == "json" and source == "meetings":
        child = CONTRACTS["meeting_actions"]
        nested = {f.name: _header(rng, profile, child, f.name, habit) for f in child.fields}

    style = FileStyle(
        source=source,
        region=region,
        format_name=format_name,
        fmt=fmt,
        encoding=encoding,
        delimiter=delimiter,
        habit=habit,
        columns=columns,
        headers=headers,
        region_usual=region_usual,
        region_variants=region_variants,
        secretariat_usual=sec_usual,
        secretariat_variants=sec_variants,
        labels_usual=labels_usual,
        label_variants=label_variants,
        partner_labels=partner_labels,
        nested_headers=nested,
    )
    _STYLE_CACHE[cache_key] = style
    return style


def _columns(rng: random.Random, contract, source: str, *, keep_all: bool) -> tuple[str, ...]:
    names = [f.name for f in contract.fields]
    if not keep_all:
        names = [n for n in names if not (n in _OMITTABLE[source] and rng.random() < 0.2)]
    key = contract.natural_key
    rest = [n for n in names if n != key]
    if rng.random() < 0.12:
        rng.shuffle(rest)
    else:
        for _ in range(rng.randint(0, 3)):
            item = rest.pop(rng.randrange(len(rest)))
            rest.insert(rng.randrange(len(rest) + 1), item)
    if rng.random() < 0.85:
        return (key, *rest)
    rest.insert(rng.randrange(1, len(rest) + 1), key)
    return tuple(rest)


def _header(rng: random.Random, profile: OrgProfile, contract, name: str, habit: Habit) -> str:
    options = header_options(contract)[name]
    field = contract.field(name)
    if habit.lang == "ar":
        pool = list(options.ar)
        if name == "region_code":
            clash = match_key(profile.secretariat_label_ar)
            pool = [h for h in pool if match_key(h) != clash] or pool
            preferred = [h for h in pool if match_key(h) == match_key(profile.region_label_ar)]
            if preferred and rng.random() < 0.7:
                return preferred[0]
        if habit.header_style == "label" and field.label_ar in pool:
            return field.label_ar
        return rng.choice(pool)
    pool = list(options.en)
    if name == "region_code":
        preferred = [h for h in pool if h.casefold() == profile.region_label_en.casefold()]
        if preferred and rng.random() < 0.6:
            return preferred[0]
    if habit.header_style == "label":
        return name
    choice = rng.choice(pool[1:] or pool)
    return choice.title() if rng.random() < 0.5 else choice


def _usual_region(rng: random.Random, spell, lang: str, iso: str, code: str) -> str:
    if lang == "ar" and spell.ar:
        return rng.choices(spell.ar[:3], weights=(0.4, 0.4, 0.2)[: len(spell.ar[:3])])[0]
    pick = rng.random()
    if pick < 0.2 and iso in spell.en:
        return iso
    if pick < 0.3 and code in spell.en:
        return code
    en = spell.en or spell.ar
    return en[0] if pick < 0.8 else rng.choice(en)
