"""Reading what regions send: format, encoding, delimiter and header row, and the records.

* CSV/TXT/TSV in UTF-8 (with or without BOM), UTF-16 (with BOM, or without it when the zero
  bytes say so) or Windows-1256; comma, semicolon, tab or pipe. The encoding is detected while
  the file is hashed (one streaming pass); cp1256 is accepted only when the text is plausible
  (no NUL bytes, almost no control characters), otherwise the file is `undecodable`. The header
  row may follow a few title lines; the row that names the most contract fields is the header.
  The records themselves are read by DuckDB (`stage`), after cp1256/UTF-16 files have been
  transcoded to a UTF-8 temp file in chunks; this module only reads them in Python as the
  fallback for files DuckDB's strict reader refuses (e.g. a row with too many cells).
* XLSX/XLS/ODS through python-calamine: the first sheet, or the one a mapping file names.
* JSON (an array of records, or an object holding one) and JSON Lines. A meeting may nest its
  action items under "actions"; they become meeting_actions records that inherit the meeting's
  region, secretariat and meeting_id when they do not give their own.

Row numbers are 1-based data rows after the header (blank lines not counted; rows whose cells
are all empty are counted but not loaded), and the n-th record of a JSON file (nested actions
are numbered in the order they appear in the file).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from mizan.ingest.contracts import Contract
from mizan.ingest.headers import FileRejected, HeaderMap, candidate_fields, match_headers
from mizan.ingest.labels import label_key
from mizan.ingest.mapping import LayoutMapping

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".xlsb": "excel",
    ".ods": "excel",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 10  # title lines tolerated above the header row
CHUNK = 1 << 20
# Nested child lists in JSON records, by the header key of the JSON property.
NESTED_KEYS = {label_key(k): k for k in ("actions", "action items", "الإجراءات", "التكليفات")}
# Fields a nested action inherits from its meeting when it does not give its own.
INHERITED_FIELDS = ("region_code", "secretariat_code", "meeting_id")


def detect_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise FileRejected("unsupported_format", value=path.suffix or path.name)
    return fmt


# --- hashing and encodings -------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    encoding: str | None  # Python codec of a text file's bytes; None for binary formats
    transcode: bool  # whether DuckDB needs a UTF-8 copy


def fingerprint(path: Path, fmt: str, forced_encoding: str | None = None) -> Fingerprint:
    """sha256 of the file and, for CSV, its encoding, in one streaming pass."""
    digest = hashlib.sha256()
    size = 0
    text = fmt == "csv"
    head = b""
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    utf8_ok = True
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if text:
                if len(head) < 65536:
                    head += chunk[: 65536 - len(head)]
                if utf8_ok:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError:
                        utf8_ok = False
        if text and utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    encoding = None
    if text:
        encoding = forced_encoding or detect_encoding(head, utf8_ok)
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise FileRejected("undecodable", value=f"unknown encoding {encoding!r}") from exc
    transcode = encoding not in (None, "utf-8", "utf-8-sig")
    return Fingerprint(digest.hexdigest(), size, encoding, transcode)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def detect_encoding(head: bytes, utf8_ok: bool) -> str:
    """The codec of a text file from its first bytes and whether all of it is valid UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        if not utf8_ok:
            raise FileRejected("undecodable", value="a UTF-8 mark but bytes that are not UTF-8")
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if utf8_ok and b"\x00" not in head:
        return "utf-8"
    sample = head[: len(head) - len(head) % 2]
    if sample and b"\x00" in sample:
        # UTF-16 without a mark: whichever byte order yields plausible text.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                decoded = sample.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(decoded) > 0.95:
                return codec
        raise FileRejected("undecodable", value="the file contains binary data (zero bytes)")
    text = head.decode("cp1256", errors="replace")
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 200):
        raise FileRejected(
            "undecodable", value="the bytes are neither UTF-8, UTF-16 nor Windows-1256 text"
        )
    return "cp1256"


def _plausible(text: str) -> float:
    """Share of characters a text file in Arabic or English is made of."""
    if not text:
        return 0.0
    good = sum(
        1
        for ch in text
        if ch in "\t\r\n"
        or " " <= ch <= "~"
        or "\u00a0" <= ch <= "\u00ff"
        or "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u2000" <= ch <= "\u206f"
        or "\ufb50" <= ch <= "\ufeff"
    )
    return good / len(text)


def transcode_to_utf8(src: Path, encoding: str, dst: Path) -> None:
    """Write a UTF-8 copy of a text file, in chunks (memory stays bounded)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with src.open("rb") as fin, dst.open("w", encoding="utf-8", newline="") as fout:
            while chunk := fin.read(CHUNK):
                fout.write(decoder.decode(chunk))
            fout.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise FileRejected(
            "undecodable", value=f"{encoding}: {exc.reason} at byte {exc.start}"
        ) from exc


# --- CSV layout --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str
    skip_lines: int  # physical lines before the header line
    header: HeaderMap


def _text_head(path: Path, encoding: str, chars: int = 262144) -> str:
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        return handle.read(chars)


def probe_csv(
    path: Path, encoding: str, contract: Contract, mapping: LayoutMapping | None
) -> CsvLayout | None:
    """Delimiter, title lines and header of a CSV file; None when the file holds no text at all."""
    head = _text_head(path, encoding)
    if not head.strip():
        return None
    # An incomplete last line in the sample must not count as a record.
    if len(head) >= 262144 and "\n" in head:
        head = head[: head.rfind("\n") + 1]
    delimiters = (mapping.delimiter,) if mapping and mapping.delimiter else DELIMITERS
    if mapping is None and path.suffix.lower() == ".tsv":
        delimiters = ("\t", *DELIMITERS)
    best: tuple[int, int, int, str, int, list[str]] | None = None
    # A row naming every required field (and at least two fields) is taken as the header at once.
    enough = max(len(contract.required_fields), 2)
    for rank, delimiter in enumerate(delimiters):
        reader = csv.reader(io.StringIO(head), delimiter=delimiter, quotechar='"', strict=False)
        lines_before = 0
        seen = 0
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                lines_before = reader.line_num
                continue
            score = candidate_fields(contract, row, mapping)
            # more fields recognised wins; then more cells (the right delimiter); then order
            key = (score, min(len(row), 2), -rank)
            if best is None or key > best[:3]:
                best = (*key, delimiter, lines_before, row)
            lines_before = reader.line_num
            seen += 1
            if seen >= HEADER_SEARCH_ROWS or score >= enough:
                break
        if best is not None and best[0] >= enough:
            break  # the first delimiter tried already finds the header: no need to try others
    if best is None:
        return None
    _, _, _, delimiter, skip, header_row = best
    header = match_headers(contract, header_row, mapping)
    return CsvLayout(delimiter=delimiter, skip_lines=skip, header=header)


def iter_csv_rows(path: Path, encoding: str, layout: CsvLayout) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as read) of the data rows; blank lines are skipped, not counted."""
    with path.open("r", encoding=encoding, newline="") as handle:
        for _ in range(layout.skip_lines):
            handle.readline()
        reader = csv.reader(handle, delimiter=layout.delimiter, quotechar='"', strict=False)
        next(reader, None)  # the header
        number = 0
        for row in reader:
            if not row:
                continue
            number += 1
            yield number, row


# --- cell values -------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A spreadsheet or JSON value as the text the parsers read."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == math.floor(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- Excel -------------------------------------------------------------------------------------


def read_excel(
    path: Path, contract: Contract, mapping: LayoutMapping | None
) -> tuple[HeaderMap | None, Iterator[tuple[int, list[str | None]]]]:
    """Header and rows (row number, cell texts) of the mapping's sheet or else of the sheet whose
    headers match the contract best (the first such sheet: a workbook often opens with notes).

    Rows are streamed from calamine's parsed sheet, one Python list at a time. A file whose
    sheets all lack required columns is refused with the names of the sheets read."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if mapping and mapping.sheet:
            if mapping.sheet not in workbook.sheet_names:
                raise FileRejected(
                    "unreadable",
                    column="XLSX",
                    value=f"no sheet named «{mapping.sheet}» "
                    f"(sheets: {', '.join(workbook.sheet_names)})",
                )
            names = [mapping.sheet]
        else:
            names = list(workbook.sheet_names)
        enough = max(len(contract.required_fields), 2)
        chosen: tuple[int, str, Iterator, list, int] | None = None
        for name in names or [None]:
            sheet = (
                workbook.get_sheet_by_name(name)
                if name is not None
                else workbook.get_sheet_by_index(0)
            )
            rows = iter(sheet.iter_rows())
            head = [row for _, row in zip(range(HEADER_SEARCH_ROWS * 2), rows, strict=False)]
            found = _excel_header(head, contract, mapping)
            if found is not None and (chosen is None or found[0] > chosen[0]):
                chosen = (found[0], name or "", rows, head, found[1])
            if chosen is not None and chosen[0] >= enough:
                break
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected("unreadable", column="Excel", value=_first_line(exc)) from exc
    if chosen is None:
        return None, iter(())
    _, sheet_name, rows, head, header_index = chosen
    try:
        header = match_headers(contract, [cell_text(c) for c in head[header_index]], mapping)
    except FileRejected as exc:
        if exc.code != "missing_columns" or len(names) < 2:
            raise
        read = ", ".join(f"«{n}»" for n in names)
        raise FileRejected(
            exc.code,
            column=exc.column,
            value=f"{exc.value}. Sheets read: {read}; the closest headers were in «{sheet_name}»",
        ) from None
    width = len(header.columns)

    def data() -> Iterator[tuple[int, list[str | None]]]:
        number = 0
        for row in [*head[header_index + 1 :]]:
            number += 1
            yield number, _cells(row, width)
        for row in rows:
            number += 1
            yield number, _cells(row, width)

    return header, data()


def _excel_header(
    head: list, contract: Contract, mapping: LayoutMapping | None
) -> tuple[int, int] | None:
    """(score, index) of the row among `head` that names the most contract fields."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(head):
        cells = [cell_text(c) for c in row]
        if not any(c and c.strip() for c in cells):
            continue
        score = candidate_fields(contract, cells, mapping)
        if best is None or score > best[0]:
            best = (score, index)
    return best


def _cells(row: Sequence[object], width: int) -> list[str | None]:
    cells = [cell_text(c) for c in row[:width]]
    cells += [None] * (width - len(cells))
    return cells


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


# --- JSON --------------------------------------------------------------------------------------


@dataclass
class JsonRecord:
    number: int
    values: dict[str, str | None]  # contract field -> text
    verbatim: dict[str, object]  # the record as sent (nested children removed)
    keys: dict[str, str]  # contract field -> the JSON key it came from


class JsonFieldIndex:
    """Maps JSON property names to contract fields (cached per name), honouring a mapping."""

    def __init__(self, contract: Contract, mapping: LayoutMapping | None) -> None:
        self.contract, self.mapping = contract, mapping
        self._cache: dict[str, str | None] = {}
        self._copies: dict[str, list[str]] = {}
        self.constants = (
            {n: m.constant for n, m in mapping.fields.items() if m.constant is not None}
            if mapping
            else {}
        )
        self.seen: set[str] = set(self.constants)

    def field_of(self, key: str) -> str | None:
        if key not in self._cache:
            header = match_headers_single(self.contract, key, self.mapping)
            self._cache[key] = header
        return self._cache[key]

    def copies_of(self, key: str) -> list[str]:
        """The other fields a mapping feeds from the same key (one column, several fields)."""
        if not self.mapping:
            return []
        if key not in self._copies:
            wanted = label_key(key)
            names = [
                name
                for name, fm in self.mapping.fields.items()
                if any(label_key(h) == wanted for h in fm.candidates)
            ]
            self._copies[key] = names[1:]
        return self._copies[key]

    def alternative_rank(self, name: str, key: str) -> int | None:
        """Position of `key` among the headers a mapping lists for `name` (None: not listed
        there, or only one listed)."""
        fm = self.mapping.get(name) if self.mapping else None
        if fm is None or len(fm.candidates) < 2:
            return None
        keys = [label_key(h) for h in fm.candidates]
        wanted = label_key(key)
        return keys.index(wanted) if wanted in keys else None

    def field_headers(self) -> dict[str, str]:
        """field -> the JSON key it came from (the first seen), shared keys included."""
        out: dict[str, str] = {}
        for key, name in self._cache.items():
            for each in ([name] if name else []) + (self.copies_of(key) if name else []):
                out.setdefault(each, key)
        return out

    def check_complete(self) -> None:
        present = set(self.seen)
        if self.mapping:  # a field the mapping gives a code for empty cells may be absent
            present |= {n for n, m in self.mapping.fields.items() if m.empty is not None}
        missing = [f for f in self.contract.required_fields if f.name not in present]
        if missing:
            raise FileRejected(
                "missing_columns",
                column=", ".join(f"{f.name} ({f.label_ar})" for f in missing),
                value="; ".join(
                    f"{f.name}: " + " / ".join(dict.fromkeys(f.headers)) for f in missing
                ),
            )


def match_headers_single(contract: Contract, key: str, mapping: LayoutMapping | None) -> str | None:
    wanted = label_key(key)
    if mapping:
        for name, fm in mapping.fields.items():
            if any(label_key(h) == wanted for h in fm.candidates):
                return name
    pinned = set(mapping.fields) if mapping else set()
    for f in contract.fields:
        if f.name in pinned:
            continue
        if any(label_key(h) == wanted for h in f.headers):
            return f.name
    return None


def _records_of(document: object) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        lists = [
            v
            for v in document.values()
            if isinstance(v, list) and all(isinstance(x, dict) for x in v)
        ]
        if len(lists) == 1:
            return lists[0]
        if not document:
            return []
        return [document]
    raise FileRejected("unreadable", column="JSON", value="expected a list of records")


def iter_json_documents(path: Path, fmt: str) -> Iterator[object]:
    """The records of a JSON or JSON Lines file (JSON Lines streamed line by line)."""
    if fmt == "json":
        with path.open("rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileRejected("undecodable", value=f"JSON must be UTF-8: {exc.reason}") from exc
        if not text.strip():
            return
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if "Extra data" not in str(exc):
                raise FileRejected("unreadable", column="JSON", value=_first_line(exc)) from exc
            yield from _iter_lines(io.StringIO(text))
            return
        yield from _records_of(document)
        return
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        try:
            yield from _iter_lines(handle)
        except UnicodeDecodeError as exc:
            raise FileRejected(
                "undecodable", value=f"JSON Lines must be UTF-8: {exc.reason}"
            ) from exc


def _iter_lines(handle: io.TextIOBase) -> Iterator[object]:
    for line_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileRejected(
                "unreadable", column="JSON Lines", value=f"line {line_number}: {_first_line(exc)}"
            ) from exc


def split_json_record(
    record: object,
    index: JsonFieldIndex,
    child_index: JsonFieldIndex | None,
) -> tuple[dict[str, str | None], dict[str, object], list[dict[str, object]]]:
    """(field values, verbatim record without children, child records as sent)."""
    if not isinstance(record, dict):
        return {}, {"value": record}, []
    values: dict[str, str | None] = dict(index.constants)
    verbatim: dict[str, object] = {}
    children: list[dict[str, object]] = []
    taken: dict[str, str] = {}
    for key, value in record.items():
        key = str(key)
        if child_index is not None and label_key(key) in NESTED_KEYS and isinstance(value, list):
            children.extend(v if isinstance(v, dict) else {"value": v} for v in value)
            continue
        verbatim[key] = value
        name = index.field_of(key)
        if name is None or name in index.constants:
            continue
        if name in taken:
            rank = index.alternative_rank(name, key)
            if rank is None:
                raise FileRejected(
                    "duplicate_columns", column=f"«{taken[name]}», «{key}»", value=name
                )
            if rank > (index.alternative_rank(name, taken[name]) or 0):
                continue  # a mapping's later alternative: the earlier one present wins
        taken[name] = key
        index.seen.add(name)
        values[name] = cell_text(value)
        for copy in index.copies_of(key):  # one key feeding several fields
            index.seen.add(copy)
            values[copy] = values[name]
    return values, verbatim, children


def child_values(
    child: dict[str, object], parent: dict[str, str | None], index: JsonFieldIndex
) -> tuple[dict[str, str | None], dict[str, object]]:
    values, verbatim, _ = split_json_record(child, index, None)
    for name in INHERITED_FIELDS:
        if values.get(name) in (None, "") and parent.get(name) not in (None, ""):
            values[name] = parent[name]
            index.seen.add(name)
    return values, verbatim


def file_mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return float("inf")  # a file that vanished sorts last and is reported unreadable


def sort_files(paths: Sequence[Path]) -> list[Path]:
    """Deterministic processing order: modification time, then name (then full path)."""
    return sorted(paths, key=lambda p: (file_mtime(p), p.name, str(p)))
