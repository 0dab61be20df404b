"""Built-in layouts that need no mapping file: Open311 GeoReport v2 service requests.

`detect(path, source)` reads a file's header (CSV, spreadsheet) or its first records (JSON) and
returns the preset's mapping when the file is in that layout — for complaints, a file with
`service_request_id` and `requested_datetime` is Open311 — or None. Ingestion applies it to a
file that no mapping.yml covers; a mapping.yml may start from it (`preset: open311`).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from mizan.ingest import readers as R
from mizan.ingest.headers import FileRejected
from mizan.ingest.labels import label_key
from mizan.ingest.mapping import LayoutMapping, MappingError, preset_mapping

# preset -> (source, header keys that identify it, all required)
SIGNATURES = {"open311": ("complaints", ("service_request_id", "requested_datetime"))}


def detect(path: Path, source: str) -> LayoutMapping | None:
    wanted_here = [(n, w) for n, (src, w) in SIGNATURES.items() if src == source]
    if not wanted_here or not _mentions(Path(path), [w[0] for _, w in wanted_here]):
        return None
    keys = _keys(Path(path))
    if not keys:
        return None
    for name, (preset_source, wanted) in SIGNATURES.items():
        if preset_source == source and all(label_key(w) in keys for w in wanted):
            try:
                return preset_mapping(name, source)
            except MappingError:  # pragma: no cover - the shipped presets are tested
                return None
    return None


def _mentions(path: Path, names: list[str]) -> bool:
    """A cheap first look (CSV and JSON only: Open311 is an API's layout): does the start of the
    file name one of the identifying keys? Spreadsheets are not looked into."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ".json", ".jsonl", ".ndjson"):
        return False
    try:
        # only a regular file, never followed through a link: a fifo would block the open, and
        # links and devices are refused by the inbox guard before anything reads them
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(65536).lower()
    except OSError:
        return False
    return any(n.encode() in head or n.encode("utf-16-le") in head for n in names)


def _keys(path: Path) -> set[str]:
    """The header keys (label_key) of a file's first rows or records; empty when unreadable."""
    try:
        fmt = R.detect_format(path)
        if fmt in ("json", "jsonl"):
            keys: set[str] = set()
            for n, record in enumerate(R.iter_json_documents(path, fmt)):
                if isinstance(record, dict):
                    keys |= {label_key(str(k)) for k in record}
                if n >= 20:
                    break
            return keys
        if fmt == "excel":
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            keys = set()
            for n, row in enumerate(sheet.iter_rows()):
                keys |= {label_key(R.cell_text(c) or "") for c in row}
                if n >= R.HEADER_SEARCH_ROWS:
                    break
            return keys
        fp = R.fingerprint(path, fmt)
        head = R._text_head(path, fp.encoding or "utf-8", 65536)
        keys = set()
        for delimiter in R.DELIMITERS:
            for n, row in enumerate(csv.reader(io.StringIO(head), delimiter=delimiter)):
                keys |= {label_key(c) for c in row}
                if n >= R.HEADER_SEARCH_ROWS:
                    break
        return keys
    except (FileRejected, OSError, UnicodeDecodeError, csv.Error, ValueError):
        return set()
    except Exception:  # an unreadable spreadsheet: ingestion itself says why
        return set()


def runs_by_preset(source: str, paths: list[Path]) -> list[tuple[LayoutMapping | None, list[Path]]]:
    """Consecutive files (in the order given) in the same built-in layout (None: none), so that
    the latest file still wins across layouts."""
    runs: list[tuple[LayoutMapping | None, list[Path]]] = []
    for path in paths:
        preset = detect(path, source)
        name = preset.preset if preset else None
        if runs and (runs[-1][0].preset if runs[-1][0] else None) == name:
            runs[-1][1].append(path)
        else:
            runs.append((preset, [path]))
    return runs
