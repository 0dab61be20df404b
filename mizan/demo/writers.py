"""Write CSV, XLSX and JSON files byte-for-byte reproducibly.

CSV and JSON are deterministic by construction (fixed key order, no timestamps). XLSX files are
zip archives whose entries carry the time of writing and whose core properties carry a
"modified" date: both are fixed to a date derived from the file's month, and the archive is
rebuilt with a fixed entry order and attributes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str,
    delimiter: str,
    line_end: str,
    quote_all: bool,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=line_end,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def json_bytes(objects: Sequence[dict[str, Any]]) -> bytes:
    return (json.dumps(objects, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str,
    right_to_left: bool,
    stamp: dt.datetime,
) -> bytes:
    """A one-sheet workbook (write-only mode) with every timestamp inside it set to `stamp`."""
    workbook = Workbook(write_only=True)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "Mizan"
    sheet = workbook.create_sheet(title=sheet_title[:31])
    if right_to_left:
        sheet.sheet_view.rightToLeft = True
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    raw = io.BytesIO()
    workbook.save(raw)
    return _normalise_zip(raw.getvalue(), stamp)


def _normalise_zip(data: bytes, stamp: dt.datetime) -> bytes:
    stamp_text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp_text + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_bytes(path: Path, data: bytes, *, modified: dt.datetime | None = None) -> None:
    """Write a file; `modified` (naive, UTC) sets its modification time, so that files sort by
    time in the order a region sent them whatever order they were written in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if modified is not None:
        stamp = modified.replace(tzinfo=dt.UTC).timestamp()
        os.utime(path, (stamp, stamp))
