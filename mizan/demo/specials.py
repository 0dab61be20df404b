"""File-level cases: a handful of files per run that test what happens to a whole file — an
exact copy of an earlier file, a file missing a required column, an undecodable file, an empty
file and a header-only file — each with the status ingestion should give it."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mizan.demo.complaints import new_complaints
from mizan.demo.files import encode
from mizan.demo.initiatives import new_initiatives
from mizan.demo.media import new_media
from mizan.demo.records import RegionContext
from mizan.demo.render import Renderer
from mizan.demo.styles import FileStyle

# Sources whose records the missing-column case can make up.
MAKERS = {"complaints": new_complaints, "media_coverage": new_media, "initiatives": new_initiatives}


@dataclass(frozen=True)
class Special:
    """A file-level case beside the regular file of (source, region, month t): kind is copy,
    missing_columns, undecodable, empty or header_only."""

    kind: str
    source: str
    region: str
    t: int
    column: str = ""  # missing_columns: the required column left out


def special_file(
    ctx: RegionContext,
    special: Special,
    style: FileStyle,
    home: Path,
    original: tuple[Path, bytes, int] | None,
) -> tuple[Path, bytes, dict[str, Any]] | None:
    """The file's path, bytes and manifest entry (None when there is nothing to copy)."""
    source, month = special.source, ctx.months[special.t]
    folder = home / "inbox" / source
    stem = f"{ctx.region.lower()}_{month.label}"
    month_end = month.shift(1).start_dt
    info: dict[str, Any]
    if special.kind == "copy":
        if original is None:
            return None
        path, data, rows = original
        path = path.with_name(f"{path.stem}_copy{path.suffix}")
        info = {
            "status": "already_ingested",
            "reason": None,
            "rows": rows,
            "copy_of": original[0].relative_to(home).as_posix(),
        }
    elif special.kind == "undecodable":
        path = folder / f"{stem}_scan.csv"
        data = undecodable_bytes(ctx.rng("undecodable", source, month.label))
        info = {"status": "rejected", "reason": "undecodable", "rows": None}
    elif special.kind == "empty":
        path, data = folder / f"{stem}_addendum.csv", b""
        info = {"status": "loaded", "reason": None, "rows": 0, "note": "empty file (0 bytes)"}
    elif special.kind == "header_only":
        path = folder / f"{stem}_extra.{style.ext}"
        data = encode(style, month_end, [])
        info = {"status": "loaded", "reason": None, "rows": 0, "note": "header only"}
    elif special.kind == "missing_columns":
        path = folder / f"{stem}_corrections.{style.ext}"
        data, rows = _missing_column(ctx, special, style)
        info = {
            "status": "rejected",
            "reason": "missing_columns",
            "column": special.column,
            "rows": rows,
        }
    else:
        raise ValueError(f"unknown file-level case {special.kind!r}")
    entry = {
        "file": path.relative_to(home).as_posix(),
        "source": source,
        "kind": "file",
        "region": ctx.region,
        "month": month.label,
        **info,
    }
    return path, data, entry


def _missing_column(ctx: RegionContext, special: Special, style: FileStyle) -> tuple[bytes, int]:
    """A corrections file of made-up records (keys seen nowhere else) whose template lost a
    required column."""
    records = MAKERS[special.source](ctx, special.t, 6, first_seq=9001, salt="corrections")
    keep = [i for i, name in enumerate(style.columns) if name != special.column]
    renderer = Renderer(style, ctx.tz)
    rng = ctx.rng("corrections", special.source, special.t)
    rows = []
    for record in records:
        cells = renderer.cells(record.versions[0][1], rng)
        rows.append([cells[i] for i in keep])
    trimmed = replace(
        style,
        columns=tuple(style.columns[i] for i in keep),
        headers=tuple(style.headers[i] for i in keep),
    )
    return encode(trimmed, ctx.months[special.t].shift(1).start_dt, rows), len(rows)


def undecodable_bytes(rng: random.Random) -> bytes:
    """Binary noise that is neither UTF-8 nor UTF-16 (odd length) nor plausible cp1256 text
    (many control bytes), and starts with no byte-order mark."""
    size = 4097
    data = bytearray(rng.randbytes(size))
    for i in range(0, size, 7):
        data[i] = rng.randrange(0, 9)  # NUL and other control bytes
    data[0], data[1], data[2] = 0x00, 0xC3, 0x01  # 0xC3 before a control byte: invalid UTF-8
    return bytes(data)
