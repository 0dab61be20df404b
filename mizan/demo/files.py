"""Write one regular monthly file of a region: its rows in the region's style, with faults,
conflicting and exact duplicates sprinkled in, and the manifest entries that describe them.

Only rows that are the first and only version of their key may carry a fault, so that what a
faulty row should become is never in doubt, and a quarantined key never comes back later.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mizan.demo.faults import FaultMaker
from mizan.demo.records import Record, RegionContext, Row
from mizan.demo.render import Cell, Renderer
from mizan.demo.styles import FileStyle
from mizan.demo.writers import csv_bytes, json_bytes, xlsx_bytes
from mizan.ingest.contracts import CONTRACTS

# Per eligible row (about two rows in three: the others are versions of keys seen more than
# once): chance of a fault, of a conflicting duplicate (two quarantined rows) and of
# an exact duplicate (not a fault: counted as unchanged by ingestion).
P_FAULT = 0.028
P_CONFLICT = 0.0008
P_DUPLICATE = 0.0015

SHEET_TITLES_AR = {
    "complaints": "البلاغات",
    "media_coverage": "الرصد الإعلامي",
    "initiatives": "المبادرات",
    "meetings": "الاجتماعات",
    "meeting_actions": "التكليفات",
}


@dataclass
class WrittenFile:
    path: Path
    data: bytes
    rows: int  # data rows (top level)
    nested_rows: int  # JSON meetings: action items inside them
    manifest: list[dict[str, Any]]
    truth: list[tuple[str, int, tuple[tuple[str, int], ...]]]  # (table, t, counters)
    new_records: dict[str, int]


@dataclass
class _Body:
    """Rows in file order; manifest entries point at row objects until the order is final."""

    rows: list[list[Cell]] = field(default_factory=list)
    tail: list[list[Cell]] = field(default_factory=list)  # duplicates sent at the end
    notes: list[tuple[list[Cell], dict[str, Any]]] = field(default_factory=list)

    def pair(self, original: list[Cell], copy: list[Cell], rng: random.Random) -> None:
        self.rows.append(original)
        (self.rows if rng.random() < 0.5 else self.tail).append(copy)

    def finish(self) -> tuple[list[list[Cell]], list[dict[str, Any]]]:
        rows = self.rows + self.tail
        position = {id(row): i for i, row in enumerate(rows, start=1)}
        entries = []
        for row, entry in self.notes:
            entry["row"] = position[id(row)]
            if entry["kind"] == "duplicate":
                entry["duplicate_of"] = position[id(entry["duplicate_of"])]
            entries.append(entry)
        return rows, entries


def entry(rel: str, source: str, reason: str, column: str, key: str, value: Any) -> dict[str, Any]:
    """A row fault for the manifest (its row number is filled in when the file is final)."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    return {
        "file": rel,
        "source": source,
        "row": 0,
        "kind": "row",
        "reason": reason,
        "column": column,
        "key": key,
        "value": value,
    }


def write_monthly_file(
    ctx: RegionContext,
    style: FileStyle,
    child_style: FileStyle | None,
    t: int,
    rows: list[tuple[Record, Row]],
    home: Path,
    *,
    allow_faults: bool,
) -> WrittenFile:
    """Render, fault and encode one file; `child_style` is the style of the action items nested
    in JSON meetings."""
    source, month = style.source, ctx.months[t]
    renderer = Renderer(style, ctx.tz)
    faults = FaultMaker(ctx.profile, renderer)
    children_renderer = Renderer(child_style, ctx.tz) if child_style else None
    children_faults = None
    if children_renderer:
        inherited = frozenset({"region_code", "secretariat_code", "meeting_id"})
        children_faults = FaultMaker(ctx.profile, children_renderer, inherited=inherited)
    frng = ctx.rng("faults", source, month.label)
    crng = ctx.rng("cells", source, month.label)
    key_name = CONTRACTS[source].natural_key
    path = home / "inbox" / source / style.file_name(month.label)
    rel = path.relative_to(home).as_posix()

    body = _Body()
    nested_seen = 0  # nested actions so far, in file order (all JSON children precede the tail)
    children_of: dict[int, list[dict[str, Any]]] = {}
    truth: list[tuple[str, int, tuple[tuple[str, int], ...]]] = []
    new_records: dict[str, int] = {}
    for record, values in rows:
        cells = renderer.cells(values, crng)
        children = values.get("actions") if children_renderer else None
        eligible = allow_faults and record.single_version
        excluded: set[str] = set()
        draw = frng.random()
        if not eligible or children or draw >= P_FAULT + P_CONFLICT + P_DUPLICATE:
            body.rows.append(cells)
        elif draw < P_FAULT:
            body.rows.append(cells)
            fault = faults.make(frng, values, cells)
            if fault is not None:
                body.notes.append(
                    (cells, entry(rel, source, fault.reason, fault.column, record.key, fault.value))
                )
                excluded.add(record.key)
        elif draw < P_FAULT + P_CONFLICT:
            copy, _ = faults.conflicting(frng, values, cells)
            body.pair(cells, copy, frng)
            for row in (cells, copy):
                note = entry(rel, source, "duplicate_conflict", key_name, record.key, record.key)
                body.notes.append((row, note))
            excluded.add(record.key)
        else:
            copy = list(cells)
            body.pair(cells, copy, frng)
            body.notes.append(
                (
                    copy,
                    {
                        "file": rel,
                        "source": source,
                        "row": 0,
                        "kind": "duplicate",
                        "column": key_name,
                        "key": record.key,
                        "duplicate_of": cells,
                    },
                )
            )
        if children:
            objects = []
            for j, child in enumerate(children, start=1):
                nested_seen += 1
                child_cells = children_renderer.cells(child, crng)  # type: ignore[union-attr]
                if eligible and frng.random() < P_FAULT:
                    fault = children_faults.make(frng, child, child_cells)  # type: ignore[union-attr]
                    if fault is not None:
                        note = entry(
                            rel,
                            "meeting_actions",
                            fault.reason,
                            fault.column,
                            child["action_id"],
                            fault.value,
                        )
                        note["nested_index"] = j  # within its meeting's "actions"
                        note["nested_row"] = nested_seen  # among all nested actions of the file
                        body.notes.append((cells, note))
                        excluded.add(child["action_id"])
                headers = children_renderer.style.headers  # type: ignore[union-attr]
                objects.append(dict(zip(headers, child_cells, strict=True)))
            children_of[id(cells)] = objects
        if record.versions[0][0] == t:  # first appearance: count the record once
            new_records[source] = new_records.get(source, 0) + 1
            if record.nested_keys:
                new_records["meeting_actions"] = new_records.get("meeting_actions", 0) + len(
                    record.nested_keys
                )
            truth += [(i.table, i.t, i.counters) for i in record.truth if i.key not in excluded]

    final_rows, manifest = body.finish()
    data = encode(style, ctx.months[t].shift(1).start_dt, final_rows, children_of)
    return WrittenFile(
        path=path,
        data=data,
        rows=len(final_rows),
        nested_rows=sum(len(v) for v in children_of.values()),
        manifest=manifest,
        truth=truth,
        new_records=new_records,
    )


def encode(
    style: FileStyle,
    month_end: dt.datetime,
    rows: list[list[Cell]],
    children_of: dict[int, list[dict[str, Any]]] | None = None,
) -> bytes:
    """The file's bytes in its format (an XLSX carries a time two days after `month_end`)."""
    habit = style.habit
    if style.fmt == "json":
        objects = []
        for cells in rows:
            obj = dict(zip(style.headers, cells, strict=True))
            if style.source == "meetings":
                obj["actions"] = (children_of or {}).get(id(cells), [])
            objects.append(obj)
        return json_bytes(objects)
    if style.fmt == "xlsx":
        title = SHEET_TITLES_AR[style.source] if habit.lang == "ar" else style.source
        stamp = month_end + dt.timedelta(days=2, hours=9)
        return xlsx_bytes(
            style.headers, rows, sheet_title=title, right_to_left=habit.lang == "ar", stamp=stamp
        )
    return csv_bytes(
        style.headers,
        rows,
        encoding=style.encoding,
        delimiter=style.delimiter,
        line_end=habit.line_end,
        quote_all=habit.quote_all,
    )
