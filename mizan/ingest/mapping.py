"""Custom layouts: a YAML mapping file says how a file nobody here designed maps to a contract.

Per canonical field it gives the header to read, or a constant for a field the file lacks, a value
map (with a default) for enumerations, regions and secretariats, and explicit date formats. Fields
it does not mention are still recognised by the contract's own headers. Example::

    # Jeddah call centre CRM export
    source: complaints          # optional; must match the source being ingested
    sheet: Tickets              # XLSX: sheet to read (default: the first)
    delimiter: ";"              # CSV: force the delimiter (default: detected)
    encoding: cp1256            # CSV: force the encoding (default: detected)
    fields:
      ticket_id: Case Number    # short form: just the header
      region_code: {constant: MAKKAH}
      received_at: {header: Opened On, formats: ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"]}
      status:
        header: State
        values: {Closed - Fixed: resolved, Pending Customer: in_progress}
        default: open           # any other non-empty value

Dates written as day/month/year or month/day/year: the order is decided per file and column from
the data (a first part above 12 means day first, a second part above 12 means month first, an
AM/PM time means month first). Where the data cannot tell, say it: `date_order: mdy` (or `dmy`)
at the top (every date column) or in a field (that column), or give `formats`.

A `mapping.yml` in a folder under `inbox/<source>/` applies to every data file in that folder and
below (the nearest one up the tree wins). Its `digest` (of its content, not its comments) is part
of a file's identity: the same file sent again with a corrected mapping replaces its earlier load.

Value-map keys are compared through `arabic.match_key`, so case, spacing and Arabic letter
variants do not matter; targets may be codes or any accepted label. Formats are strftime
patterns (`%d/%m/%Y`, `%m/%d/%Y %H:%M`, ...); a value matching none of them is invalid_date.
"""

from __future__ import annotations

import hashlib
import json
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


@dataclass(frozen=True)
class FieldMapping:
    header: str | None = None
    constant: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None
    formats: tuple[str, ...] = ()
    date_order: str | None = None


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

    def get(self, name: str) -> FieldMapping | None:
        return self.fields.get(name)

    def date_order_of(self, name: str) -> str | None:
        """The order declared for a date column (the field's own, else the mapping's)."""
        fm = self.fields.get(name)
        return (fm.date_order if fm else None) or self.date_order


def load_mapping(path: Path | str, source: str) -> LayoutMapping:
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError) as exc:
        raise MappingError(f"Cannot read mapping file {path}: {exc}") from exc
    return parse_mapping(document, source, path)


def parse_mapping(document: object, source: str, path: Path | None = None) -> LayoutMapping:
    where = str(path) if path else "mapping"
    if not isinstance(document, dict):
        raise MappingError(f"{where}: expected a mapping with a 'fields' section.")
    unknown_keys = set(document) - {
        "source",
        "sheet",
        "delimiter",
        "encoding",
        "date_order",
        "fields",
    }
    if unknown_keys:
        raise MappingError(f"{where}: unknown top-level key(s) {sorted(unknown_keys)}.")
    declared = document.get("source")
    if declared is not None and declared != source:
        raise MappingError(f"{where} is for source {declared!r}, not {source!r}.")
    contract: Contract = CONTRACTS[source]
    raw_fields = document.get("fields") or {}
    if not isinstance(raw_fields, dict):
        raise MappingError(f"{where}: 'fields' must map field names to headers or settings.")
    fields: dict[str, FieldMapping] = {}
    for name, spec in raw_fields.items():
        if name not in contract.field_names:
            raise MappingError(
                f"{where}: {source} has no field {name!r}. "
                f"Fields: {', '.join(contract.field_names)}."
            )
        fields[name] = _field_mapping(where, contract, name, spec)
    delimiter = document.get("delimiter")
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(str(delimiter), str(delimiter))
        if len(delimiter) != 1:
            raise MappingError(f"{where}: delimiter must be one character, got {delimiter!r}.")
    return LayoutMapping(
        path=path,
        source=source,
        fields=fields,
        sheet=_opt_str(document.get("sheet")),
        delimiter=delimiter,
        encoding=_opt_str(document.get("encoding")),
        date_order=_date_order(where, document.get("date_order")),
        digest=mapping_digest(document),
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


def _field_mapping(where: str, contract: Contract, name: str, spec: object) -> FieldMapping:
    kind = contract.field(name).kind
    if isinstance(spec, str | int | float):
        return FieldMapping(header=str(spec))
    if not isinstance(spec, dict):
        raise MappingError(f"{where}: field {name!r} must be a header or a mapping.")
    unknown = set(spec) - {
        "header",
        "constant",
        "values",
        "default",
        "format",
        "formats",
        "date_order",
    }
    if unknown:
        raise MappingError(f"{where}: field {name!r} has unknown key(s) {sorted(unknown)}.")
    header, constant = _opt_str(spec.get("header")), _opt_str(spec.get("constant"))
    if header and constant is not None:
        raise MappingError(f"{where}: field {name!r} has both a header and a constant.")
    values = spec.get("values") or {}
    if not isinstance(values, dict):
        raise MappingError(f"{where}: 'values' of {name!r} must map file values to codes.")
    default = _opt_str(spec.get("default"))
    if (values or default) and kind not in MAPPABLE_VALUE_KINDS:
        raise MappingError(
            f"{where}: field {name!r} is a {kind}; value maps apply to enumerations, regions "
            "and secretariats only."
        )
    formats = spec.get("formats", spec.get("format")) or ()
    formats = (formats,) if isinstance(formats, str) else tuple(str(f) for f in formats)
    if formats and kind not in FORMAT_KINDS:
        raise MappingError(f"{where}: field {name!r} is a {kind}; formats apply to dates only.")
    date_order = _date_order(f"{where}: field {name!r}", spec.get("date_order"))
    if date_order and kind not in FORMAT_KINDS:
        raise MappingError(
            f"{where}: field {name!r} is a {kind}; date_order applies to dates only."
        )
    if kind == "choice":
        from mizan.ingest.labels import choice_resolver

        resolve = choice_resolver(contract.field(name))
        for target in [*values.values(), *([default] if default else [])]:
            if resolve(str(target)) is None:
                raise MappingError(
                    f"{where}: {target!r} (in the values of {name!r}) is not one of "
                    f"{', '.join(contract.field(name).choices)}."
                )
    return FieldMapping(
        header=header,
        constant=constant,
        values={str(k): str(v) for k, v in values.items()},
        default=default,
        formats=formats,
        date_order=date_order,
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
