"""The organisation profile: which regions and secretariats a deployment has, and their names.

A profile is a folder of data (seeds/profiles/<name>/: profile.yml, regions.csv,
secretariats.csv), never code, so that another country's regions need no code change. Resolving a
name to its canonical code goes through `arabic.match_key`; what does not resolve is None and the
caller quarantines it — a name is never guessed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from mizan.ingest.arabic import match_key
from mizan.settings import REPO_ROOT

PROFILES_DIR = REPO_ROOT / "seeds" / "profiles"


class ProfileError(ValueError):
    """A profile folder that cannot be used as it is (missing file, duplicate alias, ...)."""


@dataclass(frozen=True)
class Region:
    code: str
    iso_3166_2: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...]
    population: int
    population_year: int
    parent: str


@dataclass(frozen=True)
class Secretariat:
    code: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class KeyMessage:
    """A message the organisation wants carried by the media (`key_messages` codes in coverage)."""

    code: str
    name_ar: str
    name_en: str


@dataclass(frozen=True)
class OrgProfile:
    name: str
    name_ar: str
    name_en: str
    country: str
    timezone: str
    currency: str
    region_label_ar: str
    region_label_en: str
    secretariat_label_ar: str
    secretariat_label_en: str
    regions: tuple[Region, ...]
    secretariats: tuple[Secretariat, ...]
    key_messages: tuple[KeyMessage, ...] = ()

    @cached_property
    def _region_index(self) -> dict[str, str]:
        return _alias_index(
            "region",
            (
                (r.code, (r.code, r.iso_3166_2, r.name_ar, r.name_en, *r.aliases))
                for r in self.regions
            ),
        )

    @cached_property
    def _secretariat_index(self) -> dict[str, str]:
        return _alias_index(
            "secretariat",
            ((s.code, (s.code, s.name_ar, s.name_en, *s.aliases)) for s in self.secretariats),
        )

    def resolve_region(self, name: str | None) -> str | None:
        """Canonical region code for any accepted spelling, or None."""
        return self._region_index.get(match_key(name)) if name else None

    def resolve_secretariat(self, name: str | None) -> str | None:
        return self._secretariat_index.get(match_key(name)) if name else None

    def region(self, code: str) -> Region:
        return next(r for r in self.regions if r.code == code)

    @property
    def region_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.regions)

    @property
    def secretariat_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.secretariats)


def _alias_index(kind: str, entries) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in entries:
        for name in names:
            key = match_key(name)
            if not key:
                continue
            if index.get(key, code) != code:
                raise ProfileError(
                    f"The {kind} spelling {name!r} belongs to both {index[key]} and {code}; "
                    "remove it from one of them so that it resolves to one place."
                )
            index[key] = code
    return index


def available_profiles() -> list[str]:
    return sorted(p.name for p in PROFILES_DIR.iterdir() if (p / "profile.yml").exists())


def load_profile(name_or_path: str | Path) -> OrgProfile:
    """Load a profile by name (a folder under seeds/profiles) or by path to a folder."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = PROFILES_DIR / str(name_or_path)
    if not (folder / "profile.yml").exists():
        raise ProfileError(
            f"No organisation profile {str(name_or_path)!r}: expected a folder with profile.yml, "
            f"regions.csv and secretariats.csv. Available: {', '.join(available_profiles())}."
        )
    meta = yaml.safe_load((folder / "profile.yml").read_text(encoding="utf-8"))
    regions = tuple(
        Region(
            code=row["code"].strip(),
            iso_3166_2=row.get("iso_3166_2", "").strip(),
            name_ar=row["name_ar"].strip(),
            name_en=row["name_en"].strip(),
            aliases=_split_aliases(row.get("aliases")),
            population=int(row["population"]),
            population_year=int(row.get("population_year") or 0),
            parent=row.get("parent", "").strip(),
        )
        for row in _read_csv(folder / "regions.csv")
    )
    secretariats = tuple(
        Secretariat(
            code=row["code"].strip(),
            name_ar=row["name_ar"].strip(),
            name_en=row["name_en"].strip(),
            aliases=_split_aliases(row.get("aliases")),
        )
        for row in _read_csv(folder / "secretariats.csv")
    )
    profile = OrgProfile(
        name=meta.get("name", folder.name),
        name_ar=meta["name_ar"],
        name_en=meta["name_en"],
        country=meta["country"],
        timezone=meta["timezone"],
        currency=meta.get("currency", ""),
        region_label_ar=meta.get("region_label_ar", "المنطقة"),
        region_label_en=meta.get("region_label_en", "Region"),
        secretariat_label_ar=meta.get("secretariat_label_ar", "الإدارة"),
        secretariat_label_en=meta.get("secretariat_label_en", "Secretariat"),
        regions=regions,
        secretariats=secretariats,
        key_messages=tuple(
            KeyMessage(row["code"].strip(), row["name_ar"].strip(), row["name_en"].strip())
            for row in (
                _read_csv(folder / "key_messages.csv")
                if (folder / "key_messages.csv").exists()
                else []
            )
        ),
    )
    # Build the indexes now so that a broken profile fails at load, not in the middle of a file.
    _ = profile._region_index, profile._secretariat_index
    return profile


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise ProfileError(f"The profile is missing {path.name} ({path}).")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(r for r in handle if not r.startswith("#"))]


def _split_aliases(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())
