"""Custom layouts: a YAML mapping file says how a file nobody here designed maps to a contract.

The reference, with worked examples, is docs/mapping.md; the JSON Schema is
`mapping_schema.SCHEMA` (docs/mapping.schema.json). In short::

    # Jeddah call centre CRM export
    source: complaints          # optional; must match the source being ingested
    preset: open311             # optional: start from a built-in layout (presets/<name>.yml)
    sheet: Tickets              # XLSX: sheet to read (default: the best-matching one)
    delimiter: ";"              # CSV: force the delimiter (default: detected)
    encoding: cp1256            # CSV: force the encoding (default: detected)
    date_order: mdy             # every a/b/yyyy date column is month first
    fields:
      ticket_id: Case Number    # short form: just the header
      subject: Case Number      # two fields may read the same column
      region_code: {header: [District, Council District]}   # the first the file has
      secretariat_code: {constant: CUSTOMER_CARE}
      received_at: {header: Opened On, formats: ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"]}
      channel: {header: Source, values: {Fax: other}, empty: unknown}
      category:
        header: Request Type
        values: {Street Light Out: lighting}      # exact (case, spacing, letter variants aside)
        prefixes: {"Pothole": paving}             # begins with (the longest prefix wins)
        patterns: {"(?i)garbage|trash|litter": cleaning}   # regular expression (first wins)
        default: other          # any other non-empty value
      resolved_at: {header: Closed, when: {status: [resolved, closed]}}

A value is resolved by `values`, then `prefixes`, then `patterns`, then the contract's own codes
and labels, then `default`; an empty cell by `empty` (else it is missing). Targets are codes or
any accepted label, checked when the mapping is read. Choice fields that accept `unknown`
(meeting_type, outlet_type, owned_or_earned, sentiment, channel) say so where a file does not:
a KPI that reads such a field leaves the record out — not reported, never invented.

Dates written as day/month/year or month/day/year: the order is decided per file and column from
the data (a first part above 12 means day first, a second part above 12 means month first, an
AM/PM time means month first). Where the data cannot tell, say it: `date_order: mdy` (or `dmy`)
at the top (every date column) or in a field (that column), or give `formats`.

A `mapping.yml` in a folder under `inbox/<source>/` applies to every data file in that folder and
below (the nearest one up the tree wins). Its `digest` (of its content, not its comments) is part
of a file's identity: the same file sent again with a corrected mapping replaces its earlier load.
Every problem in a mapping file is reported with its line (`mapping.yml:7: ...`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mizan.ingest.contracts import CONTRACTS, Contract


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says where and what to change."""


MAPPABLE_VALUE_KINDS = ("choice", "region", "secretariat")
DATE_ORDERS = ("dmy", "mdy")
MAPPING_FILE_NAMES = ("mapping.yml", "mapping.yaml")
FORMAT_KINDS = ("date", "timestamp")
PRESET_DIR = Path(__file__).parent / "presets"
_FIELD_KEYS = (
    "header",
    "constant",
    "values",
    "prefixes",
    "patterns",
    "default",
    "empty",
    "format",
    "formats",
    "date_order",
    "when",
)


@dataclass(frozen=True)
class FieldMapping:
    header: str | None = None  # the first of `headers`
    constant: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None
    formats: tuple[str, ...] = ()
    date_order: str | None = None
    headers: tuple[str, ...] = ()  # alternatives: the first the file has is read
    prefixes: tuple[tuple[str, str], ...] = ()
    patterns: tuple[tuple[str, str], ...] = ()
    empty: str | None = None  # code of an empty cell
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> codes

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.headers or ((self.header,) if self.header else ())

    @property
    def maps_values(self) -> bool:
        return bool(self.values or self.prefixes or self.patterns or self.default)


@dataclass(frozen=True)
class LayoutMapping:
    path: Path | None
    source: str | None
    fields: Mapping[str, FieldMapping]
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    date_order: str | None = None
    digest: str = ""  # sha256 of the mapping's content (canonical JSON), part of a file's identity
    preset: str | None = None

    def get(self, name: str) -> FieldMapping | None:
        return self.fields.get(name)

    def date_order_of(self, name: str) -> str | None:
        """The order declared for a date column (the field's own, else the mapping's)."""
        fm = self.fields.get(name)
        return (fm.date_order if fm else None) or self.date_order

    @property
    def label(self) -> str:
        """How receipts name it: the file, else the preset."""
        if self.path is not None:
            return str(self.path)
        return f"preset:{self.preset}" if self.preset else "mapping"


def load_mapping(path: Path | str, source: str) -> LayoutMapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MappingError(f"Cannot read mapping file {path}: {exc}") from exc
    return parse_mapping_text(text, source, path)


def parse_mapping_text(text: str, source: str, path: Path | None = None) -> LayoutMapping:
    """A mapping from its YAML text; errors name the line (`mapping.yml:7: ...`)."""
    where = str(path) if path else "mapping"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark is not None:
            problem += f" ({context} that starts on line {cmark.line + 1})"
        raise MappingError(f"{where}{line}: not valid YAML: {problem}.") from exc
    return parse_mapping(document, source, path, text=text)


def load_preset(name: str) -> dict:
    path = PRESET_DIR / f"{name}.yml"
    if not path.is_file():
        raise MappingError(f"no preset {name!r}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def preset_mapping(name: str, source: str) -> LayoutMapping:
    """A built-in layout (presets/<name>.yml) as a mapping of its own."""
    path = PRESET_DIR / f"{name}.yml"
    mapping = parse_mapping_text(path.read_text(encoding="utf-8"), source, None)
    return LayoutMapping(**{**mapping.__dict__, "preset": name})


def parse_mapping(
    document: object, source: str, path: Path | None = None, *, text: str | None = None
) -> LayoutMapping:
    """Check a mapping document (against the JSON Schema, then the contract) and read it.

    `text`: the YAML it was read from, for line numbers in the messages."""
    from mizan.ingest.mapping_schema import line_index, line_of, schema_errors

    where = str(path) if path else "mapping"
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise MappingError(f"{where}: expected a mapping with a 'fields' section.")
    declared = document.get("source")
    if declared is not None and declared != source:
        raise MappingError(f"{where}: this mapping is for source {declared!r}, not {source!r}.")
    problems = schema_errors(document, source, text)
    if problems:
        raise MappingError(
            "\n".join(
                re.sub(r"^line (\d+): ", lambda m: f"{where}:{m.group(1)}: ", p) for p in problems
            )
        )
    index = line_index(text) if text else {}

    def at(*keys: object) -> str:
        line = line_of(index, tuple(keys))
        return f"{where}:{line}" if line else where

    contract: Contract = CONTRACTS[source]
    raw_fields = dict(document.get("fields") or {})
    preset = document.get("preset")
    if preset:
        base = (load_preset(preset).get("fields") or {}) if preset else {}
        raw_fields = {**base, **raw_fields}
    fields: dict[str, FieldMapping] = {}
    errors: list[str] = []
    for name, spec in raw_fields.items():
        try:
            fields[name] = _field_mapping(
                contract, name, spec, lambda *k, n=name: at("fields", n, *k)
            )
        except MappingError as exc:
            errors.append(str(exc))
    if errors:
        raise MappingError("\n".join(errors))
    delimiter = document.get("delimiter")
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(str(delimiter), str(delimiter))
        if len(delimiter) != 1:
            raise MappingError(
                f"{at('delimiter')}: delimiter must be one character, got {delimiter!r}."
            )
    digest = mapping_digest(document)
    if preset:
        digest = mapping_digest({"mapping": document, "preset": load_preset(preset)})
    return LayoutMapping(
        path=path,
        source=source,
        fields=fields,
        sheet=_opt_str(document.get("sheet")),
        delimiter=delimiter,
        encoding=_opt_str(document.get("encoding")),
        date_order=_date_order(at("date_order"), document.get("date_order")),
        digest=digest,
        preset=preset,
    )


def mapping_digest(document: object) -> str:
    """sha256 of the mapping's content: the same for the same settings whatever the comments,
    key order or quoting."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _date_order(where: str, value: object) -> str | None:
    if value is None:
        return None
    order = str(value).strip().lower()
    if order not in DATE_ORDERS:
        raise MappingError(
            f"{where}: date_order must be 'dmy' (day/month/year) or 'mdy' (month/day/year), "
            f"got {value!r}."
        )
    return order


def _targets(spec: Mapping) -> list[tuple[tuple[str, ...], str]]:
    """(where in the field's settings, target code) of every value map entry."""
    out: list[tuple[tuple[str, ...], str]] = []
    for key in ("values", "prefixes", "patterns"):
        for source_value, target in (spec.get(key) or {}).items():
            out.append(((key, str(source_value)), str(target)))
    for key in ("default", "empty"):
        if spec.get(key) is not None:
            out.append(((key,), str(spec[key])))
    return out


def _field_mapping(contract: Contract, name: str, spec: object, at) -> FieldMapping:
    f = contract.field(name)
    kind = f.kind
    if isinstance(spec, str | int | float):
        return FieldMapping(header=str(spec), headers=(str(spec),))
    assert isinstance(spec, dict)  # the schema says so
    unknown = set(spec) - set(_FIELD_KEYS)
    if unknown:
        raise MappingError(f"{at()}: field {name!r} has unknown key(s) {sorted(unknown)}.")
    headers = spec.get("header")
    headers = (
        tuple(str(h) for h in headers)
        if isinstance(headers, list)
        else ((str(headers),) if headers is not None else ())
    )
    constant = _opt_str(spec.get("constant"))
    if headers and constant is not None:
        raise MappingError(f"{at()}: field {name!r} has both a header and a constant.")
    maps = any(spec.get(k) for k in ("values", "prefixes", "patterns"))
    if (maps or spec.get("default") is not None) and kind not in MAPPABLE_VALUE_KINDS:
        raise MappingError(
            f"{at()}: field {name!r} is a {kind}; value maps apply to enumerations, regions "
            "and secretariats only."
        )
    if spec.get("empty") is not None and kind != "choice":
        raise MappingError(
            f"{at('empty')}: field {name!r} is a {kind}; 'empty' applies to enumerations only "
            "(a region or secretariat is never guessed)."
        )
    patterns = []
    for pattern, target in (spec.get("patterns") or {}).items():
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise MappingError(
                f"{at('patterns', pattern)}: pattern {pattern!r} of {name!r} is not a valid "
                f"regular expression: {exc}."
            ) from exc
        patterns.append((str(pattern), str(target)))
    formats = spec.get("formats", spec.get("format")) or ()
    formats = (formats,) if isinstance(formats, str) else tuple(str(x) for x in formats)
    if formats and kind not in FORMAT_KINDS:
        raise MappingError(f"{at()}: field {name!r} is a {kind}; formats apply to dates only.")
    date_order = _date_order(at("date_order"), spec.get("date_order"))
    if date_order and kind not in FORMAT_KINDS:
        raise MappingError(f"{at()}: field {name!r} is a {kind}; date_order applies to dates only.")
    if kind == "choice":
        from mizan.ingest.labels import choice_resolver

        resolve = choice_resolver(f)
        checks = _targets(spec)
        if constant is not None:
            checks.append((("constant",), constant))
        for keys, target in checks:
            if resolve(target) is None:
                raise MappingError(
                    f"{at(*keys)}: {target!r} (in {'.'.join(keys)} of {name!r}) is not one of "
                    f"{', '.join(f.accepted)}."
                )
    when: dict[str, tuple[str, ...]] = {}
    for other, codes in (spec.get("when") or {}).items():
        if other not in contract.field_names or contract.field(other).kind != "choice":
            choices = [x.name for x in contract.fields if x.kind == "choice"]
            raise MappingError(
                f"{at('when', other)}: 'when' of {name!r} names {other!r}; it can name "
                f"{', '.join(choices)}."
            )
        from mizan.ingest.labels import choice_resolver

        resolve = choice_resolver(contract.field(other))
        codes = codes if isinstance(codes, list) else [codes]
        resolved = []
        for code in codes:
            got = resolve(str(code))
            if got is None:
                raise MappingError(
                    f"{at('when', other)}: {code!r} is not one of "
                    f"{', '.join(contract.field(other).accepted)}."
                )
            resolved.append(got)
        when[other] = tuple(resolved)
    return FieldMapping(
        header=headers[0] if headers else None,
        constant=constant,
        values={str(k): str(v) for k, v in (spec.get("values") or {}).items()},
        default=_opt_str(spec.get("default")),
        formats=formats,
        date_order=date_order,
        headers=headers,
        prefixes=tuple((str(k), str(v)) for k, v in (spec.get("prefixes") or {}).items()),
        patterns=tuple(patterns),
        empty=_opt_str(spec.get("empty")),
        when=when,
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
