"""The ingest limit: a plain load of the same inbox files into DuckDB tables, no framework.

What "plain" means here, file by file as it arrives in the inbox:

* CSV/TSV/TXT: DuckDB's own `read_csv`, all columns as text under the header row as sent, one
  statement per group of files with the same source, encoding, delimiter and header line (the
  fastest plain path: DuckDB's sniffer is off, the dialect and column names are given; reading
  hundreds of differently-headed files with `union_by_name` was 6× slower). Encoding and
  delimiter are sniffed from the first 64 KiB and the header line: UTF-8 with or without BOM and
  UTF-16 are read by DuckDB itself; anything else is taken as Windows-1256 and transcoded to a
  UTF-8 temp copy first (DuckDB's encodings extension cannot be downloaded here; Mizan does the
  same transcoding, so both pay it).
* XLSX: python-calamine → Arrow (cells as text) → DuckDB, the fastest plain path available
  (DuckDB's excel extension cannot be downloaded here).
* JSON: DuckDB's `read_json` (nested action items stay a nested list column).

No header recognition, no value parsing or normalisation, no validation, no quarantine, no
deduplication or upsert, no receipts or archive: the cost of moving the bytes into tables, which
is the limit any ingestion approaches. A group that DuckDB refuses (a file that is not text in
the sniffed encoding, an empty file) is retried file by file and the refused files are counted.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow as pa

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
DELIMITERS = (",", ";", "\t", "|")


def sniff(path: Path) -> tuple[str, str, tuple[str, ...]]:
    """(encoding, delimiter, header cells) of a text file from its first 64 KiB."""
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, text = "utf-16", head.decode("utf-16", errors="replace")
    else:
        try:
            text, encoding = head.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # a character cut at the end of the sample
                text, encoding = head[: exc.start].decode("utf-8"), "utf-8"
            else:
                text, encoding = head.decode("cp1256", errors="replace"), "cp1256"
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    delimiter = max(DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter, quotechar='"'), [])
    return encoding, delimiter, tuple(header)


def _xlsx_table(path: Path) -> pa.Table | None:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if not rows:
        return None
    header = [str(h) if h not in (None, "") else f"column{i}" for i, h in enumerate(rows[0])]
    seen: dict[str, int] = {}
    names = []
    for name in header:  # duplicate headers get a suffix, as read_csv does
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name] - 1}")
    width = len(names)
    columns = [
        [None if i >= len(row) or row[i] in (None, "") else str(row[i]) for row in rows[1:]]
        for i in range(width)
    ]
    return pa.table([pa.array(col, pa.string()) for col in columns], names=names)


def load(files: list[Path], warehouse: Path) -> dict:
    """Load `files` (inbox/<source>/<file>) into tables of a new DuckDB file; return counts."""
    con = duckdb.connect(str(warehouse))
    con.execute("set enable_progress_bar = false")
    tmp = Path(tempfile.mkdtemp(prefix="mizan-plain-"))
    counts: dict[str, int] = defaultdict(int)
    failed: list[str] = []
    try:
        csv_groups: dict[tuple[str, str, str, tuple[str, ...]], list[str]] = defaultdict(list)
        json_groups: dict[str, list[str]] = defaultdict(list)
        xlsx: list[tuple[str, Path]] = []
        for path in files:
            source = path.parent.name
            suffix = path.suffix.lower()
            if suffix in CSV_SUFFIXES:
                if path.stat().st_size == 0:
                    continue
                encoding, delimiter, header = sniff(path)
                if encoding == "cp1256":
                    copy = tmp / f"{len(csv_groups)}-{path.name}"
                    with (
                        path.open("r", encoding="cp1256", errors="strict", newline="") as fin,
                        copy.open("w", encoding="utf-8", newline="") as fout,
                    ):
                        shutil.copyfileobj(fin, fout, 1 << 20)
                    path, encoding = copy, "utf-8"
                csv_groups[(source, encoding, delimiter, header)].append(str(path))
            elif suffix in (".json", ".jsonl", ".ndjson"):
                json_groups[source].append(str(path))
            elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
                xlsx.append((source, path))
        for n, ((source, encoding, delimiter, header), paths) in enumerate(
            sorted(csv_groups.items())
        ):
            columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
            options = (
                f"delim = '{delimiter}', header = true, auto_detect = false, "
                f"columns = {{{columns}}}, quote = '\"', escape = '\"', encoding = '{encoding}'"
            )
            counts[source] += _load_group(
                con, f"csv_{source}_{n}", "read_csv($files, " + options + ")", paths, failed
            )
        for source, paths in sorted(json_groups.items()):
            counts[source] += _load_group(
                con, f"json_{source}", "read_json($files, union_by_name = true)", paths, failed
            )
        tables: dict[str, list[pa.Table]] = defaultdict(list)
        for source, path in xlsx:
            try:
                table = _xlsx_table(path)
            except Exception:
                failed.append(str(path))
                continue
            if table is not None:
                tables[source].append(table)
        for source, parts in tables.items():
            for n, table in enumerate(parts):
                con.register("_plain_xlsx", table)
                con.execute(f'create table "xlsx_{source}_{n}" as select * from _plain_xlsx')
                con.unregister("_plain_xlsx")
                counts[source] += table.num_rows
        con.execute("checkpoint")
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"rows": dict(counts), "files": len(files), "files_refused": len(failed)}


def _load_group(con, table: str, reader: str, paths: list[str], failed: list[str]) -> int:
    try:
        con.execute(f'create table "{table}" as select * from {reader}', {"files": paths})
        return con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
    except duckdb.Error:
        if len(paths) == 1:
            failed.append(paths[0])
            return 0
    rows = 0
    for i, path in enumerate(paths):
        rows += _load_group(con, f"{table}_{i}", reader, [path], failed)
    return rows
