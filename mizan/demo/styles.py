"""The style of one file: a region's habit applied to one source and month — which columns in
which order under which headers, and how the region spells regions, secretariats and values."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from mizan.demo.habits import Habit, RegionHabits
from mizan.demo.seeding import rng_for
from mizan.demo.spelling import (
    choice_labels,
    header_options,
    is_arabic,
    label_key,
    region_spellings,
    secretariat_spellings,
)
from mizan.ingest.contracts import CONTRACTS, PARTNER_TYPES
from mizan.org import OrgProfile

# What each format means on disk: (file format, encoding, delimiter).
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
    if not _profile_text_fits(profile, region, _FORMAT_SPEC[format_name][1]):
        format_name = "csv_utf8"  # the Arabic names themselves do not fit: write this file in UTF-8
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

    if not _is_unicode(encoding):
        # A legacy code page (Windows-1256) cannot hold every transliteration ("Az Zarqā’"):
        # such a file uses only the spellings it can hold, the Arabic name at the least.
        region_arabic = profile.region(region).name_ar
        region_variants = _fitting(region_variants, encoding) or (region_arabic,)
        if not _fits(region_usual, encoding):
            region_usual = region_arabic
        for sec in profile.secretariats:
            sec_variants[sec.code] = _fitting(sec_variants[sec.code], encoding) or (sec.name_ar,)
            if not _fits(sec_usual[sec.code], encoding):
                sec_usual[sec.code] = sec.name_ar

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


def _is_unicode(encoding: str) -> bool:
    return not encoding or encoding.replace("_", "-").lower().startswith(("utf-8", "utf-16"))


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _fitting(spellings: tuple[str, ...], encoding: str) -> tuple[str, ...]:
    return tuple(s for s in spellings if _fits(s, encoding))


def _profile_text_fits(profile: OrgProfile, region: str, encoding: str) -> bool:
    """Whether the Arabic names a file may carry (in values and in free text: the region's,
    every secretariat's, the organisation's) can be written in `encoding`."""
    if _is_unicode(encoding):
        return True
    names = [profile.name_ar, profile.region(region).name_ar]
    names += [s.name_ar for s in profile.secretariats]
    return all(_fits(name, encoding) for name in names)


# Fields the demo generator does not produce (they arrive from real files only).
_NOT_GENERATED = {"media_coverage": ("title",), "complaints": ("expected_at",)}


def _columns(rng: random.Random, contract, source: str, *, keep_all: bool) -> tuple[str, ...]:
    names = [f.name for f in contract.fields if f.name not in _NOT_GENERATED.get(source, ())]
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
            clash = label_key(profile.secretariat_label_ar)
            pool = [h for h in pool if label_key(h) != clash] or pool
            preferred = [h for h in pool if label_key(h) == label_key(profile.region_label_ar)]
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
