"""From the words people write to the codes the warehouse keeps: enumerations, regions and
secretariats.

Resolution is a pure function of one text, applied to the DISTINCT values of a batch (a few
dozen spellings for 300,000 rows) and joined back in SQL. Enumerations match a code or any of its
Arabic and English labels through `arabic.match_key` (letter variants, case, spacing and
punctuation do not matter; underscores count as spaces, so "in_progress" is "In Progress");
regions and secretariats resolve through the organisation profile. A mapping file's value map is
tried first, then the usual resolution, then the mapping's default. Nothing is guessed: what does
not resolve is None and the row is quarantined.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from mizan.ingest.arabic import match_key
from mizan.ingest.contracts import PARTNER_TYPES, Field
from mizan.ingest.mapping import FieldMapping
from mizan.org import OrgProfile

Resolver = Callable[[str], "str | None"]


def label_key(text: str) -> str:
    return match_key(str(text).replace("_", " "), strip_admin_words=False)


_CHOICE_INDEXES: dict[tuple[str, int], dict[str, str]] = {}


def _choice_index(field: Field) -> dict[str, str]:
    key = (field.name, id(field))
    if key not in _CHOICE_INDEXES:
        index: dict[str, str] = {}
        for code, labels in field.accepted.items():
            for label in (code, *labels):
                index.setdefault(label_key(label), code)
        _CHOICE_INDEXES[key] = index
    return _CHOICE_INDEXES[key]


def choice_resolver(field: Field) -> Resolver:
    index = _choice_index(field)
    return lambda text: index.get(label_key(text)) if text else None


def base_resolver(field: Field, profile: OrgProfile) -> Resolver:
    if field.kind == "region":
        return profile.resolve_region
    if field.kind == "secretariat":
        return profile.resolve_secretariat
    if field.kind == "choice":
        return choice_resolver(field)
    raise ValueError(f"{field.name} is a {field.kind}, not an enumeration")


def resolver_for(
    field: Field, profile: OrgProfile, mapping: FieldMapping | None = None
) -> Resolver:
    """The text -> code function for a region, secretariat or choice field, honouring a mapping's
    value map (exact values, then prefixes, then patterns) and default."""
    if mapping is None or not mapping.maps_values:
        return base_resolver(field, profile)
    explain = explainer_for(field, profile, mapping)
    return lambda text: explain(text)[0]


def explainer_for(
    field: Field, profile: OrgProfile, mapping: FieldMapping | None = None
) -> Callable[[str], tuple[str | None, str]]:
    """text -> (code, how): how is values | prefixes | patterns | labels | default | unresolved
    (what `mizan mapping check` reports; resolver_for is its first half)."""
    base = base_resolver(field, profile)
    mapping = mapping or FieldMapping()
    mapped = {label_key(k): v for k, v in mapping.values.items()}
    # the longest prefix first, so that "Pothole - Alley" can differ from "Pothole"
    prefixes = sorted(((label_key(k), v) for k, v in mapping.prefixes), key=lambda kv: -len(kv[0]))
    patterns = [(re.compile(p), v) for p, v in mapping.patterns]
    default = mapping.default

    def explain(text: str) -> tuple[str | None, str]:
        if not text:
            return None, "empty"
        key = label_key(text)
        target = mapped.get(key)
        if target is not None:
            return base(target), "values"
        target = next((v for k, v in prefixes if k and key.startswith(k)), None)
        if target is not None:
            return base(target), "prefixes"
        stripped = text.strip()
        target = next((v for p, v in patterns if p.search(stripped)), None)
        if target is not None:
            return base(target), "patterns"
        code = base(text)
        if code is not None:
            return code, "labels"
        if default is not None:
            return base(default), "default"
        return None, "unresolved"

    return explain


# Text fields that hold a list of typed items, "type: name; type: name": the types are
# normalised to codes so that the warehouse can count per type (initiatives' partners).
TYPED_LISTS: Mapping[str, Mapping[str, tuple[str, ...]]] = {"partners": PARTNER_TYPES}
_ITEM_SEPARATORS = re.compile("[;؛\n]+")


def typed_list_resolver(choices: Mapping[str, tuple[str, ...]]) -> Resolver:
    """'جمعية أهلية: بنك الطعام; Private: Orange' -> 'ngo: بنك الطعام; private: Orange'.

    Also accepts a JSON list of {"type", "name"} objects. None when an item has no type, an
    unknown type or no name (the row is then quarantined as invalid_choice)."""
    index: dict[str, str] = {}
    for code, labels in choices.items():
        for label in (code, *labels):
            index.setdefault(label_key(label), code)

    def resolve(text: str) -> str | None:
        text = (text or "").strip()
        if not text:
            return None
        items: list[tuple[str, str]] = []
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                return None
            for item in parsed if isinstance(parsed, list) else ():
                if not isinstance(item, dict):
                    return None
                items.append((str(item.get("type", "")), str(item.get("name", ""))))
        else:
            for item in _ITEM_SEPARATORS.split(text):
                if not item.strip():
                    continue
                kind, sep, name = item.partition(":")
                if not sep:
                    return None
                items.append((kind, name))
        out = []
        for kind, name in items:
            code, name = index.get(label_key(kind)), " ".join(name.split())
            if code is None or not name:
                return None
            out.append(f"{code}: {name}")
        return "; ".join(out) or None

    return resolve
