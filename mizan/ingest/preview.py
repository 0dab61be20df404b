"""A dry run of one file with a mapping (`mizan mapping check`, the upload page's preview), and a
draft mapping from a file's headers and values (`mizan mapping suggest`).

The dry run loads the file with the real ingestion code into a throwaway warehouse (a temporary
folder, never the deployment's), so what it shows is exactly what a load would do: the first rows
as parsed, the rows refused and why, the date order chosen per column. It adds, from the file's
own cells, every value of a value-mapped column with how it resolved (by `values`, `prefixes`,
`patterns`, the contract's labels, the `default`, or not at all), with counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from mizan.ingest import presets
from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.ingest.headers import FileRejected, HeaderMap, match_headers
from mizan.ingest.labels import explainer_for, label_key
from mizan.ingest.mapping import LayoutMapping, load_mapping
from mizan.ingest.receipts import FileReceipt
from mizan.org import OrgProfile
from mizan.settings import Settings
from mizan.warehouse_db import warehouse_connection

ENUM_KINDS = ("choice", "region", "secretariat")


@dataclass
class ValueCount:
    field: str
    value: str
    count: int
    code: str | None
    how: str  # values | prefixes | patterns | labels | default | unresolved


@dataclass
class Preview:
    source: str
    file: str
    mapping: str | None
    receipts: list[FileReceipt]
    columns: list[str] = field(default_factory=list)  # contract fields shown, in order
    rows: list[dict] = field(default_factory=list)  # first rows: row, status, values, problem
    values: list[ValueCount] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    regions: dict[str, int] = field(default_factory=dict)  # rows that would load, per region

    @property
    def receipt(self) -> FileReceipt:
        return self.receipts[0]

    @property
    def unmapped(self) -> list[ValueCount]:
        return [v for v in self.values if v.how == "unresolved"]

    @property
    def defaulted(self) -> list[ValueCount]:
        return [v for v in self.values if v.how == "default"]

    def as_json(self) -> dict:
        r = self.receipt
        return {
            "file": self.file,
            "source": self.source,
            "mapping": self.mapping,
            "status": r.status,
            "error": r.error,
            "rows_in": r.rows_in,
            "would_load": r.loaded,
            "would_refuse": r.rejected,
            "date_orders": r.date_orders or {},
            "columns": self.columns,
            "first_rows": self.rows,
            "unmapped_values": [v.__dict__ for v in self.unmapped],
            "default_values": [v.__dict__ for v in self.defaulted],
            "unknown_columns": self.unknown_columns,
        }


def dry_run(
    path: Path,
    source: str,
    *,
    settings: Settings,
    profile: OrgProfile,
    mapping: Path | None = None,
    rows: int = 10,
) -> Preview:
    """What loading `path` would do, without touching the deployment's warehouse or inbox."""
    from mizan.ingest.api import ingest_files

    path = Path(path)
    layout = load_mapping(mapping, source) if mapping else presets.detect(path, source)
    scratch = Path(tempfile.mkdtemp(prefix="mizan-preview-"))
    try:
        home = scratch / "home"
        trial = Settings.from_env(
            home=home,
            profile=settings.profile,
            timezone=settings.timezone or profile.timezone,
            secret="preview",  # personal data is never shown; hashes from this key mean nothing
            duckdb_memory_limit=settings.duckdb_memory_limit,
        )
        trial.ensure_dirs()
        copy = scratch / path.name  # a copy: ingestion archives what it reads from an inbox
        shutil.copy(path, copy)
        with warehouse_connection(trial) as con:
            receipts = ingest_files(
                con, source, [copy], settings=trial, profile=profile, mapping=mapping
            )
            preview = Preview(
                source=source,
                file=str(path),
                mapping=str(mapping) if mapping else (layout.label if layout else None),
                receipts=[r for r in receipts if r.source == source] or receipts,
            )
            _first_rows(con, CONTRACTS[source], preview, rows)
            preview.regions = _regions(con, source)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if preview.receipt.status != "rejected":
        with contextlib.suppress(FileRejected):
            preview.values, preview.unknown_columns = value_report(path, source, profile, layout)
    return preview


def _regions(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, int]:
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()}  # fmt: skip
    if source not in tables:
        return {}
    return dict(
        con.execute(
            f"SELECT region_code, count(*) FROM raw.{source} GROUP BY 1 ORDER BY 1"
        ).fetchall()
    )


def _first_rows(con: duckdb.DuckDBPyConnection, contract: Contract, preview: Preview, n: int):
    shown = [f.name for f in contract.fields if f.kind != "pii"]
    preview.columns = shown
    loaded = con.execute(
        f"SELECT _row_number, {', '.join(shown)} FROM raw.{contract.source} "
        "WHERE _row_number <= ? ORDER BY _row_number",
        [n],
    ).fetchall()
    refused = con.execute(
        "SELECT row_number, reason, column_name, value, reason_en, reason_ar, row_json "
        "FROM raw.quarantine WHERE source = ? AND row_number <= ? ORDER BY row_number",
        [contract.source, n],
    ).fetchall()
    out: dict[int, dict] = {}
    for row in loaded:
        values = {name: _plain(v) for name, v in zip(shown, row[1:], strict=True)}
        out[row[0]] = {"row": row[0], "status": "loaded", "values": values}
    for number, reason, column, value, en, ar, row_json in refused:
        out[number] = {
            "row": number,
            "status": "refused",
            "values": json.loads(row_json) if row_json else {},
            "reason": reason,
            "column": column,
            "value": value,
            "problem_en": en,
            "problem_ar": ar,
        }
    preview.rows = [out[k] for k in sorted(out)]


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if value is not None and not isinstance(value, str | int | float | bool):
        return str(value)
    return value


# --- reading a file's cells (no warehouse) ----------------------------------------------------


def read_cells(
    path: Path, source: str, layout: LayoutMapping | None
) -> tuple[HeaderMap | None, list[str], Iterator[dict[str, str | None]]]:
    """(header map for tabular files, the column names as sent, records field -> text)."""
    contract = CONTRACTS[source]
    fmt = R.detect_format(path)
    if fmt == "json" or fmt == "jsonl":
        index = R.JsonFieldIndex(contract, layout)
        documents = list(R.iter_json_documents(path, fmt))
        keys = list(
            dict.fromkeys(str(k) for d in documents[:200] if isinstance(d, dict) for k in d)
        )

        def records() -> Iterator[dict[str, str | None]]:
            for document in documents:
                values, _, _ = R.split_json_record(document, index, None)
                yield values

        return None, keys, records()
    if fmt == "excel":
        header, rows = R.read_excel(path, contract, layout)
        if header is None:
            return None, [], iter(())
        return header, list(header.columns), _tabular(header, (cells for _, cells in rows))
    fp = R.fingerprint(path, fmt, layout.encoding if layout else None)
    encoding = fp.encoding or "utf-8"
    csv_layout = R.probe_csv(path, encoding, contract, layout)
    if csv_layout is None:
        return None, [], iter(())
    cells = (row for _, row in R.iter_csv_rows(path, encoding, csv_layout))
    header = csv_layout.header
    return header, list(header.columns), _tabular(header, cells)


def _tabular(header: HeaderMap, rows) -> Iterator[dict[str, str | None]]:
    names = [f for f in header.present if f not in header.constants]
    positions = {name: header.column_of(name) for name in names}
    for cells in rows:
        record: dict[str, str | None] = dict(header.constants)
        for name, i in positions.items():
            record[name] = cells[i] if i is not None and i < len(cells) else None
        yield record


def value_report(
    path: Path, source: str, profile: OrgProfile, layout: LayoutMapping | None
) -> tuple[list[ValueCount], list[str]]:
    """Every distinct value of the region, secretariat and choice columns, with its count and
    how it resolves; and the columns the contract does not know."""
    contract = CONTRACTS[source]
    header, _, records = read_cells(path, source, layout)
    fields = [f for f in contract.fields if f.kind in ENUM_KINDS]
    counts: dict[str, Counter] = {f.name: Counter() for f in fields}
    for record in records:
        for f in fields:
            text = record.get(f.name)
            if text is not None and str(text).strip():
                counts[f.name][str(text).strip()] += 1
    out: list[ValueCount] = []
    for f in fields:
        explain = explainer_for(f, profile, layout.get(f.name) if layout else None)
        for value, count in counts[f.name].most_common():
            code, how = explain(value)
            out.append(ValueCount(f.name, value, count, code, how))
    unknown = [header.columns[i] for i in header.extras] if header is not None else []
    return out, unknown


# --- a draft mapping --------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# Words that name the same thing in the exports of other systems (English: what a draft's
# guesses compare; Arabic headers are matched through the contracts' own aliases).
_SYNONYMS = {
    "number": "no",
    "num": "no",
    "nbr": "no",
    "case": "ticket",
    "request": "ticket",
    "sr": "ticket",
    "opened": "received",
    "created": "received",
    "requested": "received",
    "closed": "resolved",
    "completed": "resolved",
    "district": "region",
    "ward": "region",
    "governorate": "region",
    "agency": "secretariat",
    "department": "secretariat",
    "origin": "channel",
    "method": "channel",
    "headline": "title",
}


def _words(text: str) -> set[str]:
    words = set()
    for raw in _WORD.findall(str(text).replace("_", " ")):
        word = label_key(raw)
        word = _SYNONYMS.get(word, word)
        if len(word) > 1 or word.isdigit():
            words.add(word)
    return words


def _guess(contract: Contract, column: str, taken: set[str]) -> str | None:
    """The field whose headers share the most words with an unrecognised column (a draft's
    guess, marked as such), or None."""
    words = _words(column)
    if not words:
        return None
    best, score = None, 0.0
    for f in contract.fields:
        if f.name in taken or f.kind == "pii":
            continue
        for h in (*f.headers, f.name.replace("_code", "")):
            other = _words(h)
            if not other:
                continue
            overlap = len(words & other) / len(words | other)
            if overlap > score:
                best, score = f.name, overlap
    return best if score >= 0.5 else None


def suggest(path: Path, source: str, profile: OrgProfile, *, max_values: int = 25) -> str:
    """A draft mapping.yml for `path`: every column the contract recognises named explicitly,
    guesses for the others marked `# check`, the required fields still missing left as
    comments, `unknown` where a field that allows it is absent, and the values no label
    resolves listed for the steward to map. Check it with `mizan mapping check`."""
    path = Path(path)
    contract = CONTRACTS[source]
    preset = presets.detect(path, source)
    if preset is not None:
        return (
            f"# {path.name}: an Open311 GeoReport v2 file — it loads with no mapping.\n"
            f"# To change how it reads, start from the preset (docs/mapping.md, Open311):\n"
            f"source: {source}\npreset: {preset.preset}\nfields: {{}}\n"
        )
    header: HeaderMap | None = None
    columns: list[str] = []
    try:
        header, columns, _ = read_cells(path, source, None)
    except FileRejected as exc:
        if exc.code != "missing_columns":
            raise
    if header is None and not columns:
        columns = _raw_header(path, source)
    if header is None:
        # the contract's own headers do not cover the required fields: match what they do cover
        header = _lenient_header(contract, columns)
    matched = header.field_headers if header else {}
    lines = [
        f"# Draft mapping for {path.name} ({source}), written by `mizan mapping suggest`.",
        "# Lines marked `# check` are guesses from the header: confirm or correct them, then run",
        f"#   mizan mapping check {path.name} --source {source} --mapping mapping.yml",
        f"source: {source}",
    ]
    body: list[str] = []
    taken = set(matched)
    guesses: dict[str, str] = {}
    for column in columns:
        if column in matched.values():
            continue
        guess = _guess(contract, column, taken | set(guesses))
        if guess:
            guesses[guess] = column
    values = _values_by_field(path, source, profile, {**matched, **guesses})
    for f in contract.fields:
        column = matched.get(f.name) or guesses.get(f.name)
        note = "  # check" if f.name in guesses else ""
        if column is None:
            if f.fallbacks and "unknown" in f.fallbacks:
                body.append(f"  {f.name}: {{empty: unknown}}  # the file does not say")
            elif f.required:
                body.append(f"  # {f.name}: {{header: ?}}  # required: which column, or a constant")
            continue
        unresolved = [v for v in values.get(f.name, []) if v.how == "unresolved"]
        if f.kind in ENUM_KINDS and unresolved:
            body.append(f"  {f.name}:{note}")
            body.append(f"    header: {_yaml_str(column)}")
            body.append("    values:  # map each to a code (or delete it: those rows are refused)")
            for v in unresolved[:max_values]:
                choices = ", ".join(f.accepted) if f.kind == "choice" else "a code of the profile"
                body.append(f"      # {_yaml_str(v.value)}: ?   # {v.count} rows; {choices}")
            if len(unresolved) > max_values:
                body.append(f"      # … {len(unresolved) - max_values} more values")
            if f.kind == "choice" and "other" in f.accepted:
                body.append("    # default: other")
            if f.fallbacks and "unknown" in f.fallbacks:
                body.append("    empty: unknown")
        elif f.fallbacks and "unknown" in f.fallbacks:
            body.append(f"  {f.name}: {{header: {_yaml_str(column)}, empty: unknown}}{note}")
        else:
            body.append(f"  {f.name}: {_yaml_str(column)}{note}")
    lines.append("fields:" if body else "fields: {}")
    lines += body
    return "\n".join(lines) + "\n"


def _values_by_field(
    path: Path, source: str, profile: OrgProfile, chosen: dict[str, str]
) -> dict[str, list[ValueCount]]:
    """The values of the chosen columns of the value-mapped fields, with how the contract's own
    labels resolve them (read straight from the cells: the draft need not be complete)."""
    contract = CONTRACTS[source]
    wanted = {n: c for n, c in chosen.items() if contract.field(n).kind in ENUM_KINDS}
    if not wanted:
        return {}
    counts: dict[str, Counter] = {n: Counter() for n in wanted}
    try:
        for record in _raw_records(path, source):
            for name, column in wanted.items():
                text = record.get(column)
                if text is not None and str(text).strip():
                    counts[name][str(text).strip()] += 1
    except (FileRejected, OSError, ValueError):
        return {}
    out: dict[str, list[ValueCount]] = {}
    for name, counter in counts.items():
        explain = explainer_for(contract.field(name), profile, None)
        out[name] = [
            ValueCount(name, value, count, *explain(value))
            for value, count in counter.most_common()
        ]
    return out


def _raw_records(path: Path, source: str) -> Iterator[dict[str, str | None]]:
    """A file's records as column (as sent) -> text, the header being its first non-blank row."""
    fmt = R.detect_format(path)
    if fmt in ("json", "jsonl"):
        for document in R.iter_json_documents(path, fmt):
            if isinstance(document, dict):
                yield {str(k): R.cell_text(v) for k, v in document.items()}
        return
    columns = _raw_header(path, source)
    if fmt == "excel":
        from python_calamine import CalamineWorkbook

        rows = iter(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
        for row in rows:
            if any((R.cell_text(c) or "").strip() for c in row):
                break
        for row in rows:
            yield dict(zip(columns, (R.cell_text(c) for c in row), strict=False))
        return
    import csv

    fp = R.fingerprint(path, fmt)
    delimiter = _delimiter(path, fp.encoding or "utf-8")
    with path.open(encoding=fp.encoding or "utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for row in reader:
            if any(c.strip() for c in row):
                break
        for row in reader:
            yield dict(zip(columns, row, strict=False))


def _delimiter(path: Path, encoding: str) -> str:
    head = R._text_head(path, encoding, 65536)
    first = next((line for line in head.splitlines() if line.strip()), "")
    return max(R.DELIMITERS, key=first.count)


def _raw_header(path: Path, source: str) -> list[str]:
    fmt = R.detect_format(path)
    if fmt in ("json", "jsonl"):
        docs = list(R.iter_json_documents(path, fmt))[:200]
        return list(dict.fromkeys(str(k) for d in docs if isinstance(d, dict) for k in d))
    if fmt == "excel":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        for row in sheet.iter_rows():
            cells = [R.cell_text(c) for c in row]
            if any(c and c.strip() for c in cells):
                return [c or "" for c in cells]
        return []
    import csv
    import io

    fp = R.fingerprint(path, fmt)
    head = R._text_head(path, fp.encoding or "utf-8", 65536)
    for row in csv.reader(io.StringIO(head), delimiter=_delimiter(path, fp.encoding or "utf-8")):
        if any(c.strip() for c in row):
            return row
    return []


def _lenient_header(contract: Contract, columns: list[str]) -> HeaderMap | None:
    """The columns the contract's headers recognise, whatever is missing."""
    from mizan.ingest.headers import _index, unique_columns

    index = _index(contract, None)
    fields: list[str | None] = []
    seen: set[str] = set()
    for column in columns:
        name = index.get(label_key(column))
        if name in seen:
            name = None
        if name:
            seen.add(name)
        fields.append(name)
    return HeaderMap(columns=unique_columns(columns), fields=tuple(fields))


def _yaml_str(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def headers_of(path: Path, source: str) -> HeaderMap:
    """The header map of a file read with the contract's own headers (raises FileRejected)."""
    header, columns, _ = read_cells(path, source, None)
    return header or match_headers(CONTRACTS[source], columns)
