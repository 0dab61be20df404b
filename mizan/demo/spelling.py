"""The spellings under which regions, secretariats and enumeration values arrive.

Every variant is derived from the profile and the contracts (never listed by hand) and kept only
if it resolves back to the right code the way ingestion resolves it (the profile for regions and
secretariats; `label_key` for headers and enumeration labels), so that
the generator never writes a "clean" value the profile cannot resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from mizan.ingest.arabic import match_key
from mizan.ingest.contracts import Contract, Field
from mizan.org import OrgProfile

_ARABIC = re.compile("[\u0600-\u06ff]")
_TATWEEL = "\u0640"
_FATHA = "\u064e"


def label_key(text: str) -> str:
    """How headers and enumeration labels are compared: `match_key` with underscores read as
    spaces and without dropping administrative words (else "region_code" and
    "secretariat_code" would both read "code")."""
    return match_key(str(text).replace("_", " "), strip_admin_words=False)


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


@dataclass(frozen=True)
class Spellings:
    """Accepted spellings of one name, by script; `ar[0]` and `en[0]` are the usual ones."""

    ar: tuple[str, ...]
    en: tuple[str, ...]


def orthographic_variants(text: str) -> list[str]:
    """Variants a person typing the name might produce: hamza-less alef, ه for ة, ي/ى swapped,
    tatweel, diacritics."""
    variants = []
    folded = text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    variants.append(folded)
    variants.append(re.sub("ة\\b", "ه", text))
    variants.append(re.sub("ى\\b", "ي", text) if "ى" in text else re.sub("ي\\b", "ى", text))
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 4 and is_arabic(word):
        cut = len(word) // 2
        if word[cut - 1] not in "اأإآدذرزوةى" and word[cut] not in "اأإآة":
            stretched = word[:cut] + _TATWEEL * 2 + word[cut:]
            variants.append(" ".join([*words[:longest], stretched, *words[longest + 1 :]]))
        first = 3 if word.startswith("ال") else 1  # a fatha on the name's first letter
        marked = word[:first] + _FATHA + word[first:]
        variants.append(" ".join([*words[:longest], marked, *words[longest + 1 :]]))
    return [v for v in variants if v != text]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


def _admin_prefix(label_ar: str) -> str:
    """'المحافظة' -> 'محافظة': the word that precedes a region's name in letters."""
    return label_ar[2:] if label_ar.startswith("ال") else label_ar


@lru_cache(maxsize=64)
def region_spellings(profile: OrgProfile, code: str) -> Spellings:
    region = profile.region(code)
    arabic_aliases = [a for a in region.aliases if is_arabic(a)]
    latin_aliases = [a for a in region.aliases if not is_arabic(a)]
    core = region.name_ar
    for prefix in ("منطقة ", "محافظة ", "أمانة "):
        if core.startswith(prefix):
            core = core[len(prefix) :]
    prefix = _admin_prefix(profile.region_label_ar)
    ar = [region.name_ar, f"{prefix} {core}", core, f"أمانة {core}", *arabic_aliases]
    ar += [v for name in list(ar[:3]) for v in orthographic_variants(name)]
    en = [
        region.name_en,
        *latin_aliases,
        region.name_en.upper(),
        f"{region.name_en} {profile.region_label_en}",
        region.iso_3166_2,
        region.code,
    ]
    return Spellings(
        ar=tuple(s for s in _unique(ar) if profile.resolve_region(s) == code),
        en=tuple(s for s in _unique(en) if profile.resolve_region(s) == code),
    )


@lru_cache(maxsize=64)
def secretariat_spellings(profile: OrgProfile, code: str) -> Spellings:
    sec = next(s for s in profile.secretariats if s.code == code)
    ar = [sec.name_ar, *(a for a in sec.aliases if is_arabic(a))]
    ar += [v for name in list(ar[:2]) for v in orthographic_variants(name)]
    en = [sec.name_en, *(a for a in sec.aliases if not is_arabic(a)), sec.code]
    return Spellings(
        ar=tuple(s for s in _unique(ar) if profile.resolve_secretariat(s) == code),
        en=tuple(s for s in _unique(en) if profile.resolve_secretariat(s) == code),
    )


_CACHE: dict[tuple[str, int], object] = {}


def choice_index(field: Field) -> Mapping[str, str]:
    """label_key of every accepted value (code or label) -> code."""
    cached = _CACHE.get(("index", id(field)))
    if cached is not None:
        return cached  # type: ignore[return-value]
    index: dict[str, str] = {}
    for code, labels in field.choices.items():
        for value in (code, *labels):
            index.setdefault(label_key(value), code)
    _CACHE[("index", id(field))] = index
    return index


def choice_labels(field: Field) -> Mapping[str, Spellings]:
    """Per code, the labels that resolve unambiguously to it: Arabic ones, then English ones
    (the code itself first among the English)."""
    cached = _CACHE.get(("labels", id(field)))
    if cached is not None:
        return cached  # type: ignore[return-value]
    counts: dict[str, set[str]] = {}
    for code, labels in field.choices.items():
        for value in (code, *labels):
            counts.setdefault(label_key(value), set()).add(code)
    out = {}
    for code, labels in field.choices.items():
        good = _unique(v for v in (code, *labels) if counts[label_key(v)] == {code})
        out[code] = Spellings(
            ar=tuple(v for v in good if is_arabic(v)),
            en=tuple(v for v in good if not is_arabic(v)),
        )
    _CACHE[("labels", id(field))] = out
    return out


def header_options(contract: Contract) -> Mapping[str, Spellings]:
    """Per field, the headers that identify it unambiguously within its contract, by script:
    Arabic (the label first) and English (the canonical name first)."""
    cached = _CACHE.get(("headers", id(contract)))
    if cached is not None:
        return cached  # type: ignore[return-value]
    owners: dict[str, set[str]] = {}
    for f in contract.fields:
        for header in f.headers:
            owners.setdefault(label_key(header), set()).add(f.name)
    out = {}
    for f in contract.fields:
        good = _unique(h for h in f.headers if owners[label_key(h)] == {f.name})
        out[f.name] = Spellings(
            ar=tuple(h for h in good if is_arabic(h)) or (f.label_ar,),
            en=tuple(h for h in good if not is_arabic(h)) or (f.name,),
        )
    _CACHE[("headers", id(contract))] = out
    return out
