"""Lines too long to read: every physical record is still accounted for.

DuckDB's CSV reader drops a last line longer than its `max_line_size` without a word (and
refuses a file with such a line elsewhere); Python's csv module refuses a cell over its field
limit. A CSV file with a line over LINE_LIMIT therefore goes through `iter_rows`, which reads
it line by line with bounded reads: a line over the limit is never held in memory — its bytes
are skipped and counted, and it becomes one rejected row (`line_too_long`, with its size), so
that rows_in = loaded + rejected + unchanged holds with giant lines first, in the middle or last.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

LINE_LIMIT = 1 << 20  # bytes; under DuckDB's default max_line_size (2 MiB)
_CHUNK = 1 << 20
# stands for a skipped line in the text handed to csv (a Unicode noncharacter: never in data)
_MARK = "\ufdd0mizan-line-too-long:"


def has_long_line(path: Path, limit: int = LINE_LIMIT) -> bool:
    """Whether a physical line of the file is longer than `limit` bytes (one streaming pass;
    exact for lines longer than the chunk size, which is not above the limit)."""
    run = 0  # bytes since the last line break
    with path.open("rb") as handle:
        while chunk := handle.read(min(_CHUNK, limit)):
            first = chunk.find(b"\n")
            if first < 0:
                run += len(chunk)
                if run > limit:
                    return True
                continue
            if run + first > limit:
                return True
            run = len(chunk) - chunk.rfind(b"\n") - 1
    return run > limit


def _lines(path: Path, limit: int) -> Iterator[str]:
    """The file's lines as text (UTF-8, BOM dropped); a line over `limit` bytes is replaced by
    a mark carrying its length, read through in bounded pieces."""
    with path.open("rb") as handle:
        first = True
        while True:
            line = handle.readline(limit + 1)
            if not line:
                return
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line)
                while True:
                    piece = handle.readline(_CHUNK)
                    size += len(piece)
                    if not piece or piece.endswith(b"\n"):
                        break
                first = False
                yield f"{_MARK}{size}\n"
                continue
            text = line.decode("utf-8-sig" if first else "utf-8")
            first = False
            yield text


def iter_rows(
    path: Path, delimiter: str, skip_lines: int, limit: int = LINE_LIMIT
) -> Iterator[tuple[int, list[str], int | None]]:
    """(row number, cells, size in bytes of a line too long to read or None) of the data rows
    of a UTF-8 CSV file; blank lines are skipped, not counted (as readers.iter_csv_rows)."""
    lines = _lines(path, limit)
    for _ in range(skip_lines):
        next(lines, None)
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)
        next(reader, None)  # the header
        number = 0
        for row in reader:
            if not row:
                continue
            number += 1
            if len(row) == 1 and row[0].startswith(_MARK):
                yield number, [], int(row[0][len(_MARK) :])
            else:
                yield number, row, None
    finally:
        csv.field_size_limit(previous)
