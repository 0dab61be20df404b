"""The organisation profile: which regions and secretariats a deployment has, and their names.

A profile is a folder of data (seeds/profiles/<name>/: profile.yml, regions.csv,
secretariats.csv), never code, so that another country's regions need no code change. Resolving a
name to its canonical code goes through `arabic.match_key`; what does not resolve is None and the
caller quarantines it — a name is never guessed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    population: int | None  # None: not known, so the region has no per-100,000 values
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
    # how the organisation's files write a/b/yyyy dates when a file cannot tell: dmy | mdy | None
    date_order: str | None = None

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
    def has_populations(self) -> bool:
        """Every region has a population, so per-100,000 values exist for all of them and for
        the organisation as a whole."""
        return all(r.population is not None for r in self.regions)

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


def profile_folder(name_or_path: str | Path) -> Path:
    """The folder of a profile given by name (a folder under seeds/profiles) or by path."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = PROFILES_DIR / str(name_or_path)
    if not (folder / "profile.yml").exists():
        raise ProfileError(
            f"No organisation profile {str(name_or_path)!r}: expected a folder with profile.yml, "
            f"regions.csv and secretariats.csv. Available: {', '.join(available_profiles())}."
        )
    return folder


# --- checking --------------------------------------------------------------------------------

ERROR, WARNING, NOTE = "error", "warning", "note"

REQUIRED_META = ("name_ar", "name_en", "country", "timezone")
REGION_COLUMNS = ("code", "name_ar", "name_en")
SECRETARIAT_COLUMNS = ("code", "name_ar", "name_en")
# Codes are what users type (`mizan users add --region CODE`, upper-cased) and what files and
# marts carry; 'ALL' is the roll-up of every region or secretariat in the marts.
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
RESERVED_CODES = ("ALL",)


@dataclass(frozen=True)
class Issue:
    """One finding of `check_profile`: where (file and line, 0 for the file as a whole), how bad,
    and what to do."""

    severity: str  # error | warning | note
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class ProfileCheck:
    """What `check_profile` found, and the profile itself when it has no errors."""

    folder: Path
    issues: list[Issue] = field(default_factory=list)
    profile: OrgProfile | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, severity: str, file: str, line: int, message: str) -> None:
        self.issues.append(Issue(severity, file, line, message))


def check_profile(name_or_path: str | Path) -> ProfileCheck:
    """Read a profile folder and say everything wrong with it, line by line: required files and
    columns, codes present and unique, both names present, populations (optional: a region
    without one has no per-100,000 values), and spellings that would resolve to two codes.
    `load_profile` refuses a profile with errors; warnings and notes leave it usable."""
    folder = profile_folder(name_or_path)
    check = ProfileCheck(folder)
    meta = _check_meta(check, folder / "profile.yml")
    regions = _check_regions(check, folder / "regions.csv")
    secretariats = _check_secretariats(check, folder / "secretariats.csv")
    if check.ok and meta is not None:
        check.profile = OrgProfile(
            name=str(meta.get("name", folder.name)),
            name_ar=str(meta["name_ar"]),
            name_en=str(meta["name_en"]),
            country=str(meta["country"]),
            timezone=str(meta["timezone"]),
            currency=str(meta.get("currency", "") or ""),
            region_label_ar=str(meta.get("region_label_ar", "المنطقة")),
            region_label_en=str(meta.get("region_label_en", "Region")),
            secretariat_label_ar=str(meta.get("secretariat_label_ar", "الإدارة")),
            secretariat_label_en=str(meta.get("secretariat_label_en", "Secretariat")),
            regions=tuple(r for r, _ in regions),
            secretariats=tuple(s for s, _ in secretariats),
            key_messages=_key_messages(folder / "key_messages.csv"),
            date_order=str(meta["date_order"]).strip().lower() if meta.get("date_order") else None,
        )
    return check


def _key_messages(path: Path) -> tuple[KeyMessage, ...]:
    """The profile's key messages (optional file): coverage names them by code."""
    if not path.exists():
        return ()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(r for r in handle if not r.startswith("#")))
    return tuple(
        KeyMessage(row["code"].strip(), row["name_ar"].strip(), row["name_en"].strip())
        for row in rows
    )


def load_profile(name_or_path: str | Path) -> OrgProfile:
    """Load a profile by name (a folder under seeds/profiles) or by path to a folder; a profile
    with errors (see `check_profile`, `mizan profile check`) is refused with every error."""
    check = check_profile(name_or_path)
    if check.profile is None:
        errors = "\n".join(f"  {issue}" for issue in check.errors)
        raise ProfileError(
            f"The organisation profile {check.folder} has errors (`mizan profile check` lists "
            f"them all):\n{errors}"
        )
    return check.profile


def _check_meta(check: ProfileCheck, path: Path) -> dict | None:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        check.add(ERROR, path.name, 0, f"cannot be read as UTF-8 YAML: {exc}")
        return None
    if not isinstance(meta, dict):
        check.add(ERROR, path.name, 0, "must be a mapping of keys (name_ar, name_en, ...).")
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    for key in REQUIRED_META:
        if not str(meta.get(key) or "").strip():
            check.add(ERROR, path.name, 0, f"`{key}` is missing or empty; it is required.")
    timezone = str(meta.get("timezone") or "").strip()
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            line = next((i for i, t in enumerate(lines, 1) if t.startswith("timezone")), 0)
            check.add(
                ERROR,
                path.name,
                line,
                f"timezone {timezone!r} is not an IANA time zone (e.g. Asia/Amman, Africa/Cairo).",
            )
    order = meta.get("date_order")
    if order is not None and str(order).strip().lower() not in ("dmy", "mdy"):
        line = next((i for i, t in enumerate(lines, 1) if t.startswith("date_order")), 0)
        check.add(
            ERROR,
            path.name,
            line,
            f"date_order {order!r} must be dmy (day/month/year) or mdy (month/day/year): how "
            "a/b/yyyy dates are read when a file cannot tell.",
        )
    return meta


def _rows(check: ProfileCheck, path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """The rows of a profile CSV with the line each starts on (lines starting with # skipped)."""
    if not path.exists():
        check.add(ERROR, path.name, 0, f"the file is missing ({path}).")
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        check.add(ERROR, path.name, 0, f"is not UTF-8 text ({exc.reason} at byte {exc.start}).")
        return
    numbers: list[int] = []

    def lines() -> Iterator[str]:
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            if not line.startswith("#"):
                numbers.append(number)
                yield line

    reader = csv.DictReader(lines())
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        check.add(
            ERROR,
            path.name,
            numbers[0] if numbers else 1,
            f"missing column(s) {', '.join(missing)}; the header is {','.join(header) or '(empty)'}.",
        )
        return
    while True:
        seen = len(numbers)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            check.add(ERROR, path.name, numbers[seen] if seen < len(numbers) else 0, str(exc))
            return
        if None in row:
            check.add(
                ERROR,
                path.name,
                numbers[seen],
                f"{len(row[None]) + len(header)} fields where the header has {len(header)} "
                "(a comma inside a name must be quoted).",
            )
            continue
        yield numbers[seen], {k: (v or "").strip() for k, v in row.items()}


def _check_entry_names(
    check: ProfileCheck, file: str, line: int, row: dict, kind: str, codes: dict[str, int]
) -> bool:
    code = row["code"]
    ok = True
    if not code:
        check.add(ERROR, file, line, f"the {kind} has no code.")
        return False
    if not _CODE.match(code):
        check.add(
            ERROR,
            file,
            line,
            f"code {code!r}: use capital Latin letters, digits and _ (e.g. {_suggest(code)}).",
        )
        ok = False
    if code in RESERVED_CODES:
        check.add(ERROR, file, line, f"code {code!r} is reserved for the roll-up of every {kind}.")
        ok = False
    if code in codes:
        check.add(ERROR, file, line, f"code {code} is already used on line {codes[code]}.")
        ok = False
    else:
        codes[code] = line
    for column, language in (("name_ar", "Arabic"), ("name_en", "English")):
        if not row.get(column):
            check.add(ERROR, file, line, f"{code} has no {language} name ({column}).")
            ok = False
    return ok


def _suggest(code: str) -> str:
    return re.sub(r"[^A-Z0-9_]+", "_", code.upper()).strip("_") or "AMMAN"


def _check_spellings(
    check: ProfileCheck, file: str, kind: str, entries: list[tuple[int, str, tuple[str, ...]]]
) -> None:
    """Every spelling (code, ISO code, names, aliases) must resolve to one code only."""
    owners: dict[str, tuple[str, int, str]] = {}
    for line, code, spellings in entries:
        for spelling in spellings:
            if not spelling:
                continue
            key = match_key(spelling)
            if not key:
                check.add(
                    WARNING,
                    file,
                    line,
                    f"{code}: the spelling {spelling!r} has no letters or digits and never matches.",
                )
                continue
            owner = owners.get(key)
            if owner is None:
                owners[key] = (code, line, spelling)
            elif owner[0] != code:
                check.add(
                    ERROR,
                    file,
                    line,
                    f"the {kind} spelling {spelling!r} of {code} reads the same as {owner[2]!r} of "
                    f"{owner[0]} (line {owner[1]}): it would resolve to both {owner[0]} and "
                    f"{code}; remove it from one of them.",
                )


def _check_regions(check: ProfileCheck, path: Path) -> list[tuple[Region, int]]:
    file = path.name
    codes: dict[str, int] = {}
    iso_codes: dict[str, int] = {}
    regions: list[tuple[Region, int]] = []
    spellings: list[tuple[int, str, tuple[str, ...]]] = []
    for line, row in _rows(check, path, REGION_COLUMNS):
        ok = _check_entry_names(check, file, line, row, "region", codes)
        code, iso = row["code"], row.get("iso_3166_2", "")
        if iso:
            if iso in iso_codes:
                check.add(
                    ERROR, file, line, f"ISO code {iso} is already used on line {iso_codes[iso]}."
                )
                ok = False
            iso_codes[iso] = line
        population = _optional_int(check, file, line, code, row, "population", minimum=1)
        year = _optional_int(check, file, line, code, row, "population_year", minimum=1800)
        if population is False or year is False:
            ok = False
        aliases = _split_aliases(row.get("aliases"))
        spellings.append((line, code, (code, iso, row["name_ar"], row["name_en"], *aliases)))
        if ok:
            region = Region(
                code=code,
                iso_3166_2=iso,
                name_ar=row["name_ar"],
                name_en=row["name_en"],
                aliases=aliases,
                population=population or None,
                population_year=year or 0,
                parent=row.get("parent", ""),
            )
            regions.append((region, line))
    _check_spellings(check, file, "region", spellings)
    if codes and not any(r.population for r, _ in regions) and len(regions) == len(codes):
        check.add(
            NOTE,
            file,
            0,
            "no region has a population: per-100,000 values are off (null) for every region, "
            "and KPIs scored per 100,000 get no score.",
        )
    else:
        for region, line in regions:
            if region.population is None:
                check.add(
                    WARNING,
                    file,
                    line,
                    f"{region.code} has no population: its per-100,000 values (and the "
                    "organisation's) are null, and KPIs scored per 100,000 get no score there.",
                )
    if not codes and check.ok:
        check.add(ERROR, file, 0, "lists no region.")
    return regions


def _optional_int(
    check: ProfileCheck, file: str, line: int, code: str, row: dict, column: str, *, minimum: int
) -> int | bool | None:
    """The column as an integer, None when empty, False (after an error) when not a number."""
    text = row.get(column, "")
    if not text:
        return None
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        check.add(
            ERROR,
            file,
            line,
            f"{code}: {column} {text!r} is not a whole number (digits only, no separators; "
            "leave it empty where it is not known).",
        )
        return False
    if value < minimum:
        check.add(ERROR, file, line, f"{code}: {column} {value} is below {minimum}.")
        return False
    return value


def _check_secretariats(check: ProfileCheck, path: Path) -> list[tuple[Secretariat, int]]:
    file = path.name
    codes: dict[str, int] = {}
    secretariats: list[tuple[Secretariat, int]] = []
    spellings: list[tuple[int, str, tuple[str, ...]]] = []
    for line, row in _rows(check, path, SECRETARIAT_COLUMNS):
        ok = _check_entry_names(check, file, line, row, "secretariat", codes)
        aliases = _split_aliases(row.get("aliases"))
        spellings.append(
            (line, row["code"], (row["code"], row["name_ar"], row["name_en"], *aliases))
        )
        if ok:
            secretariats.append(
                (
                    Secretariat(
                        code=row["code"],
                        name_ar=row["name_ar"],
                        name_en=row["name_en"],
                        aliases=aliases,
                    ),
                    line,
                )
            )
    _check_spellings(check, file, "secretariat", spellings)
    if not codes and check.ok:
        check.add(ERROR, file, 0, "lists no secretariat.")
    return secretariats


def _split_aliases(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())
