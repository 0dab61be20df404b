"""One region's files, month after month: records created, their versions scheduled, files
written with their faults, and the region's share of the manifest and truth tables.

Regions are independent (their own random streams, their own keys), so they can be generated in
parallel processes and merged in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster_project.demo.complaints import new_complaints
from dagster_project.demo.faults import FaultMaker
from dagster_project.demo.initiatives import new_initiatives
from dagster_project.demo.media import new_media
from dagster_project.demo.meetings import new_directives, new_meetings
from dagster_project.demo.plan import Plan
from dagster_project.demo.records import Record, RegionContext, Row
from dagster_project.demo.render import Renderer
from dagster_project.demo.styles import FileStyle, RegionHabits, file_style
from dagster_project.demo.writers import csv_bytes, json_bytes, write_bytes, xlsx_bytes
from dagster_project.ingest.contracts import CONTRACTS
from dagster_project.org import OrgProfile
from dagster_project.settings import SOURCES

# Per eligible row (first and only version of its key): chance of a fault, of a conflicting
# duplicate (two quarantined rows) and of an exact duplicate (counted as unchanged).
P_FAULT = 0.022
P_CONFLICT = 0.0008
P_DUPLICATE = 0.0015

SHEET_TITLES_AR = {
    "complaints": "البلاغات",
    "media_coverage": "الرصد الإعلامي",
    "initiatives": "المبادرات",
    "meetings": "الاجتماعات",
    "meeting_actions": "التكليفات",
}


@dataclass(frozen=True)
class Special:
    """A file-level case to write beside a regular file: kind is copy, missing_columns,
    undecodable, empty or header_only."""

    kind: str
    source: str
    region: str
    t: int
    column: str = ""  # missing_columns: the required column left out


@dataclass
class RegionJob:
    profile: OrgProfile
    plan: Plan
    region: str
    habits: RegionHabits
    seed: int
    home: Path
    specials: tuple[Special, ...] = ()


@dataclass
class RegionResult:
    region: str
    manifest: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    truth: dict[tuple[str, int], Counter] = field(default_factory=lambda: defaultdict(Counter))
    rows: Counter = field(default_factory=Counter)
    records: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)
    faults: Counter = field(default_factory=Counter)


def generate_region(job: RegionJob) -> RegionResult:
    ctx = RegionContext(job.profile, job.plan, job.region, job.seed)
    plan, region, n = job.plan, job.region, len(job.plan.months)
    nested = job.habits.json_meetings
    result = RegionResult(region)
    schedule: dict[int, dict[str, list[tuple[Record, Row]]]] = defaultdict(
        lambda: defaultdict(list)
    )

    def add(records: list[Record]) -> None:
        for record in records:
            for k, row in record.versions:
                schedule[k][record.source].append((record, row))

    def plan_ahead(p: int) -> None:
        meetings, actions = new_meetings(
            ctx,
            p,
            plan.count("meetings", region, p),
            plan.count("meeting_actions", region, p),
            nested=nested,
        )
        add(meetings)
        add(actions)
        add(new_initiatives(ctx, p, plan.count("initiatives", region, p)))

    writer = _FileWriter(job, ctx, result)
    for t in range(n):
        add(new_complaints(ctx, t, plan.count("complaints", region, t)))
        add(new_media(ctx, t, plan.count("media_coverage", region, t)))
        add(new_directives(ctx, t, plan.count("directives", region, t)))
        if t == 0:
            plan_ahead(0)
        if t + 1 < n:
            plan_ahead(t + 1)
        due = schedule.pop(t, {})
        if plan.is_gap(region, t):
            assert not any(due.values()), "nothing is due in a month the region skips"
            continue
        specials = [s for s in job.specials if s.t == t]
        for source in SOURCES:
            rows = due.get(source, [])
            mine = [s for s in specials if s.source == source]
            if rows:
                rows.sort(key=lambda item: item[0].key)
                writer.write(source, t, rows, mine)
            writer.write_specials(source, t, mine)
    return result


class _FileWriter:
    def __init__(self, job: RegionJob, ctx: RegionContext, result: RegionResult) -> None:
        self.job, self.ctx, self.result = job, ctx, result
        self.home = job.home
        self.written: dict[tuple[str, int], tuple[Path, bytes, int]] = {}

    def style(self, source: str, t: int) -> FileStyle:
        return file_style(self.job.profile, self.job.habits, source, t, self.job.seed)

    def path(self, source: str, name: str) -> Path:
        return self.home / "inbox" / source / name

    def rel(self, path: Path) -> str:
        return path.relative_to(self.home).as_posix()

    # --- a regular monthly file -------------------------------------------------------------------
    def write(self, source: str, t: int, rows: list[tuple[Record, Row]], specials) -> None:
        ctx, month = self.ctx, self.ctx.months[t]
        style = self.style(source, t)
        renderer = Renderer(style, ctx.tz)
        faults = FaultMaker(self.job.profile, renderer)
        nested_renderer = nested_faults = None
        if style.fmt == "json" and source == "meetings":
            nested_renderer = Renderer(self.style("meeting_actions", t), ctx.tz)
            nested_faults = FaultMaker(self.job.profile, nested_renderer)
        allow = not any(s.kind == "copy" for s in specials)
        frng = ctx.rng("faults", source, month.label)
        crng = ctx.rng("cells", source, month.label)
        key_name = CONTRACTS[source].natural_key
        path = self.path(source, style.file_name(month.label))
        rel = self.rel(path)

        body: list[list[Any]] = []
        tail: list[list[Any]] = []
        notes: list[tuple[list[Any], dict[str, Any]]] = []  # (row object, manifest entry)
        nested_objects: dict[int, list[dict[str, Any]]] = {}
        nested_total = 0
        for record, values in rows:
            cells = renderer.cells(values, crng)
            first = record.versions[0][0] == t
            eligible = allow and record.single_version
            children = values.get("actions") if nested_renderer is not None else None
            excluded: set[str] = set()
            draw = frng.random()
            if eligible and not children and draw < P_FAULT:
                fault = faults.make(frng, values, cells)
                if fault is not None:
                    notes.append(
                        (
                            cells,
                            self._entry(
                                rel, source, fault.reason, fault.column, record.key, fault.value
                            ),
                        )
                    )
                    excluded.add(record.key)
            elif eligible and not children and draw < P_FAULT + P_CONFLICT:
                copy, _ = faults.conflicting(frng, values, cells)
                for obj in (cells, copy):
                    notes.append(
                        (
                            obj,
                            self._entry(
                                rel, source, "duplicate_conflict", key_name, record.key, record.key
                            ),
                        )
                    )
                excluded.add(record.key)
                self._defer(body, tail, cells, copy, frng)
                cells = None  # type: ignore[assignment]
            elif eligible and not children and draw < P_FAULT + P_CONFLICT + P_DUPLICATE:
                copy = list(cells)
                notes.append(
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
                self._defer(body, tail, cells, copy, frng)
                cells = None  # type: ignore[assignment]
            if cells is not None:
                body.append(cells)
            if children is not None:
                objs = []
                for j, child in enumerate(children, start=1):
                    child_cells = nested_renderer.cells(child, crng)  # type: ignore[union-attr]
                    if eligible and frng.random() < P_FAULT:
                        fault = nested_faults.make(frng, child, child_cells)  # type: ignore[union-attr]
                        if fault is not None:
                            entry = self._entry(
                                rel,
                                "meeting_actions",
                                fault.reason,
                                fault.column,
                                child["action_id"],
                                fault.value,
                            )
                            entry["nested_index"] = j
                            notes.append((body[-1], entry))
                            excluded.add(child["action_id"])
                    objs.append(dict(zip(nested_renderer.style.headers, child_cells, strict=True)))  # type: ignore[union-attr]
                nested_objects[id(body[-1])] = objs
                nested_total += len(objs)
            if first:
                self.result.records[source] += 1
                self.result.records["meeting_actions"] += len(record.nested_keys)
                for item in record.truth:
                    if item.key not in excluded:
                        self.result.truth[(item.table, item.t)].update(dict(item.counters))
        body.extend(tail)

        positions = {id(obj): i for i, obj in enumerate(body, start=1)}
        for obj, entry in notes:
            entry["row"] = positions[id(obj)]
            if entry.get("kind") == "duplicate":
                entry["duplicate_of"] = positions[id(entry["duplicate_of"])]
            self.result.manifest.append(entry)
            if entry["kind"] == "row":
                self.result.faults[entry["reason"]] += 1

        data = self._encode(style, source, t, body, nested_objects)
        write_bytes(path, data)
        self.written[(source, t)] = (path, data, len(body))
        self.result.rows[source] += len(body)
        self.result.rows["meeting_actions"] += nested_total
        self.result.formats[(source, style.format_name)] += 1
        info = {
            "file": rel,
            "source": source,
            "region": self.ctx.region,
            "month": month.label,
            **style.describe(),
            "rows": len(body),
        }
        if nested_renderer is not None:
            info["nested_rows"] = nested_total
        self.result.files.append(info)

    @staticmethod
    def _defer(body, tail, original, copy, rng: random.Random) -> None:
        body.append(original)
        (body if rng.random() < 0.5 else tail).append(copy)

    @staticmethod
    def _entry(rel, source, reason, column, key, value) -> dict[str, Any]:
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

    def _encode(self, style: FileStyle, source: str, t: int, body, nested_objects=None) -> bytes:
        habit = style.habit
        if style.fmt == "json":
            objects = []
            for cells in body:
                obj = dict(zip(style.headers, cells, strict=True))
                if nested_objects is not None and source == "meetings":
                    obj["actions"] = nested_objects.get(id(cells), [])
                objects.append(obj)
            return json_bytes(objects)
        if style.fmt == "xlsx":
            month = self.ctx.months[t]
            stamp = month.shift(1).start_dt + dt.timedelta(days=2, hours=9)
            title = SHEET_TITLES_AR[source] if habit.lang == "ar" else source
            return xlsx_bytes(
                style.headers,
                body,
                sheet_title=title,
                right_to_left=habit.lang == "ar",
                stamp=stamp,
            )
        return csv_bytes(
            style.headers,
            body,
            encoding=style.encoding,
            delimiter=style.delimiter,
            line_end=habit.line_end,
            quote_all=habit.quote_all,
        )

    # --- file-level cases -------------------------------------------------------------------------
    def write_specials(self, source: str, t: int, specials: list[Special]) -> None:
        month = self.ctx.months[t]
        stem = f"{self.ctx.region.lower()}_{month.label}"
        for special in specials:
            entry: dict[str, Any] = {
                "source": source,
                "kind": "file",
                "region": self.ctx.region,
                "month": month.label,
            }
            if special.kind == "copy":
                if (source, t) not in self.written:
                    continue
                original, data, n_rows = self.written[(source, t)]
                path = original.with_name(f"{original.stem}_copy{original.suffix}")
                entry.update(
                    status="already_ingested", reason=None, rows=n_rows, copy_of=self.rel(original)
                )
            elif special.kind == "undecodable":
                path = self.path(source, f"{stem}_scan.csv")
                data = undecodable_bytes(self.ctx.rng("undecodable", source, month.label))
                entry.update(status="rejected", reason="undecodable", rows=None)
            elif special.kind == "empty":
                path = self.path(source, f"{stem}_addendum.csv")
                data = b""
                entry.update(status="loaded", reason=None, rows=0, note="empty file (0 bytes)")
            elif special.kind == "header_only":
                style = self.style(source, t)
                path = self.path(source, f"{stem}_extra.{style.ext}")
                data = self._encode(style, source, t, [])
                entry.update(status="loaded", reason=None, rows=0, note="header only")
            elif special.kind == "missing_columns":
                path, data, n_rows = self._missing_column_file(source, t, special.column, stem)
                entry.update(
                    status="rejected", reason="missing_columns", column=special.column, rows=n_rows
                )
            else:
                raise ValueError(special.kind)
            write_bytes(path, data)
            entry["file"] = self.rel(path)
            entry = {"file": entry.pop("file"), **entry}
            self.result.manifest.append(entry)
            style_info = {"format": "binary"} if special.kind == "undecodable" else {}
            self.result.files.append(
                {
                    "file": entry["file"],
                    "source": source,
                    "region": self.ctx.region,
                    "month": month.label,
                    "special": special.kind,
                    **style_info,
                    "rows": entry.get("rows"),
                }
            )

    def _missing_column_file(self, source: str, t: int, column: str, stem: str):
        """A corrections file of fresh records whose template lost a required column."""
        ctx = self.ctx
        make = {
            "complaints": new_complaints,
            "media_coverage": new_media,
            "initiatives": new_initiatives,
        }[source]
        records = make(ctx, t, 6, first_seq=9001, salt="corrections")
        style = self.style(source, t)
        keep = tuple(i for i, c in enumerate(style.columns) if c != column)
        renderer = Renderer(style, ctx.tz)
        crng = ctx.rng("corrections", source, t)
        body = []
        for record in records:
            cells = renderer.cells(record.versions[0][1], crng)
            body.append([cells[i] for i in keep])
        trimmed = _Trimmed(style, keep)
        data = self._encode(trimmed, source, t, body)  # type: ignore[arg-type]
        path = self.path(source, f"{stem}_corrections.{style.ext}")
        return path, data, len(body)


class _Trimmed:
    """A file style without some of its columns (for the missing-column case)."""

    def __init__(self, style: FileStyle, keep: tuple[int, ...]) -> None:
        self._style = style
        self.headers = tuple(style.headers[i] for i in keep)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._style, name)


def undecodable_bytes(rng: random.Random) -> bytes:
    """Binary noise that is neither UTF-8 nor UTF-16 (odd length) nor plausible cp1256 text
    (many control bytes), and starts with no byte-order mark."""
    size = 4097
    data = bytearray(rng.randbytes(size))
    for i in range(0, size, 7):
        data[i] = rng.randrange(0, 9)  # NUL and other control bytes
    data[0], data[1] = 0x00, 0xC3  # no BOM; 0xC3 followed by a control byte is invalid UTF-8
    data[2] = 0x01
    return bytes(data)
