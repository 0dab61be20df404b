"""An independent reader of the demo generator's files, for its tests.

It decodes, splits and parses every file the way a careful data steward would (without the
ingestion package, which is built separately) and reports, per data row, the problems it finds as
(reason, column) pairs with the codes of `reasons.ROW_REASONS`. The tests compare that with the
fault manifest: rows in the manifest must carry exactly their fault, all other rows none.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from hijridate import Hijri

from mizan.ingest.arabic import match_key, to_western_digits
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.org import OrgProfile

EXCEL_EPOCH = dt.date(1899, 12, 30)
_HIJRI = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})\s*هـ$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2}))?$")
_ISO_TS = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$"
)
_SERIAL = re.compile(r"^\d{5}$")


class Problem(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]
    nested: list[list[dict[str, Any]]] = field(default_factory=list)  # JSON meetings: actions


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256")


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
        return Table([str(h) for h in rows[0]], rows[1:]) if rows else Table([], [])
    if suffix == ".json":
        objects = json.loads(path.read_text(encoding="utf-8"))
        if not objects:
            return Table([], [])
        header = [k for k in objects[0] if k != "actions"]
        rows = [[obj.get(k) for k in header] for obj in objects]
        nested = [obj.get("actions", []) for obj in objects]
        return Table(header, rows, nested)
    text = decode(path.read_bytes())
    if not text:
        return Table([], [])
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ";", ","), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return Table(rows[0], rows[1:]) if rows else Table([], [])


def map_header(contract: Contract, header: list[str]) -> list[str | None]:
    index = {_key(h): f.name for f in contract.fields for h in f.headers}
    return [index.get(_key(h)) for h in header]


def _key(text: str) -> str:
    """Headers and labels compare without administrative words dropped (else "region_code" and
    "secretariat_code" would both read "code") and with underscores as spaces."""
    return match_key(str(text).replace("_", " "), strip_admin_words=False)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = to_western_digits(str(value)).strip()
    return text or None


def parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise Problem("invalid_number")
    if isinstance(value, int | float):
        return float(value)
    text = _text(value).replace(",", "")  # type: ignore[union-attr]
    try:
        return float(text)
    except ValueError:
        raise Problem("invalid_number") from None


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value) or ""
    try:
        if m := _HIJRI.match(text):
            return Hijri(int(m[1]), int(m[2]), int(m[3])).to_gregorian()
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _DMY.match(text)) and not m[4]:
            if len(m[3]) == 2:
                raise Problem("ambiguous_date")
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if _SERIAL.match(text):
            return EXCEL_EPOCH + dt.timedelta(days=int(text))
    except (ValueError, OverflowError):
        raise Problem("invalid_date") from None
    raise Problem("invalid_date")


def parse_timestamp(value: Any, tz: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    text = _text(value) or ""
    try:
        if m := _ISO_TS.match(text):
            moment = dt.datetime(
                int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0)
            )
            if m[7]:
                offset = dt.timedelta(0)
                if m[7] != "Z":
                    sign = 1 if m[7][0] == "+" else -1
                    offset = sign * dt.timedelta(hours=int(m[7][1:3]), minutes=int(m[7][4:6]))
                aware = moment.replace(tzinfo=dt.timezone(offset))
                moment = aware.astimezone(tz).replace(tzinfo=None)
            return moment
        if m := _DMY.match(text):
            if len(m[3]) == 2:
                raise Problem("ambiguous_date")
            return dt.datetime(int(m[3]), int(m[2]), int(m[1]), int(m[4] or 0), int(m[5] or 0))
    except ValueError:
        raise Problem("invalid_date") from None
    return dt.datetime.combine(parse_date(value), dt.time())


def check_row(
    contract: Contract, profile: OrgProfile, columns: list[str | None], cells: list[Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Parsed values and the problems of one row."""
    tz = ZoneInfo(profile.timezone)
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    by_name = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
    for f in contract.fields:
        raw = by_name.get(f.name)
        text = _text(raw) if not isinstance(raw, int | float | dt.date) else raw
        if text is None:
            if f.required:
                problems.append(("missing_value", f.name))
            values[f.name] = None
            continue
        try:
            if f.kind == "region":
                values[f.name] = profile.resolve_region(str(text)) or _raise("unknown_region")
            elif f.kind == "secretariat":
                values[f.name] = profile.resolve_secretariat(str(text)) or _raise(
                    "unknown_secretariat"
                )
            elif f.kind == "choice":
                index = {_key(v): c for c, labels in f.choices.items() for v in (c, *labels)}
                values[f.name] = index.get(_key(str(text))) or _raise("invalid_choice")
            elif f.kind in ("count", "amount"):
                number = parse_number(raw)
                if number < 0:
                    raise Problem("negative_count")
                values[f.name] = number
            elif f.kind == "score":
                number = parse_number(raw)
                if not (f.minimum or 0) <= number <= (f.maximum or number):
                    raise Problem("out_of_range")
                values[f.name] = number
            elif f.kind == "date":
                values[f.name] = parse_date(raw)
            elif f.kind == "timestamp":
                values[f.name] = parse_timestamp(raw, tz)
            else:
                values[f.name] = str(raw).strip()
        except Problem as problem:
            problems.append((problem.reason, f.name))
            values[f.name] = None
    for rule in contract.order_rules:
        earlier, later = values.get(rule.earlier), values.get(rule.later)
        if earlier is not None and later is not None and later < earlier:
            problems.append(("out_of_order", rule.later))
    return values, problems


def _raise(reason: str) -> Any:
    raise Problem(reason)


@dataclass
class FileCheck:
    """Per data row (1-based) of a file: parsed values and problems; nested rows keyed
    (row, nested_index) for JSON meetings."""

    columns: list[str | None]
    values: dict[Any, dict[str, Any]]
    problems: dict[Any, list[tuple[str, str]]]
    raw: dict[Any, list[Any]]


def check_file(path: Path, source: str, profile: OrgProfile) -> FileCheck:
    contract = CONTRACTS[source]
    table = read_table(path)
    columns = map_header(contract, table.header)
    check = FileCheck(columns, {}, {}, {})
    for i, cells in enumerate(table.rows, start=1):
        check.values[i], check.problems[i] = check_row(contract, profile, columns, cells)
        check.raw[i] = cells
    child = CONTRACTS["meeting_actions"]
    for i, children in enumerate(table.nested, start=1):
        for j, obj in enumerate(children, start=1):
            header = list(obj)
            cells = list(obj.values())
            key = (i, j)
            check.values[key], check.problems[key] = check_row(
                child, profile, map_header(child, header), cells
            )
            check.raw[key] = cells
    # conflicting duplicates of one key within the file
    key_name = contract.natural_key
    groups: dict[str, list[int]] = {}
    for i in range(1, len(table.rows) + 1):
        key = check.values[i].get(key_name)
        if key:
            groups.setdefault(key, []).append(i)
    for rows in groups.values():
        if len(rows) > 1 and any(check.raw[r] != check.raw[rows[0]] for r in rows):
            for r in rows:
                check.problems[r].append(("duplicate_conflict", key_name))
    return check
