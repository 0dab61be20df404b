"""One region's files, month after month: records created, their versions scheduled into the
months they appear in, files written, and the region's share of the manifest, file index and
truth tables.

Regions are independent (their own random streams, their own keys), so they can be generated in
parallel processes and merged in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mizan.demo.complaints import new_complaints
from mizan.demo.files import WrittenFile, write_monthly_file
from mizan.demo.habits import RegionHabits
from mizan.demo.initiatives import new_initiatives
from mizan.demo.media import new_media
from mizan.demo.meetings import new_directives, new_meetings
from mizan.demo.plan import Plan
from mizan.demo.records import Record, RegionContext, Row
from mizan.demo.specials import Special, special_file
from mizan.demo.styles import FileStyle, file_style
from mizan.demo.writers import write_bytes
from mizan.org import OrgProfile
from mizan.settings import SOURCES


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

    def style(source: str, t: int) -> FileStyle:
        return file_style(job.profile, job.habits, source, t, job.seed)

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
        for source in SOURCES:
            specials = [s for s in job.specials if s.t == t and s.source == source]
            written = None
            if rows := due.get(source):
                rows.sort(key=lambda item: item[0].key)
                child = style("meeting_actions", t) if source == "meetings" and nested else None
                done = write_monthly_file(
                    ctx,
                    style(source, t),
                    child,
                    t,
                    rows,
                    job.home,
                    allow_faults=not any(s.kind == "copy" for s in specials),
                )
                sent = sent_at(ctx, t, source)
                _keep(result, done, style(source, t), ctx.months[t].label, sent)
                written = (done.path, done.data, done.rows)
            for later, special in enumerate(specials, start=1):
                made = special_file(ctx, special, style(source, t), job.home, written)
                if made is not None:
                    path, data, entry = made
                    sent = sent_at(ctx, t, source) + dt.timedelta(hours=later)
                    write_bytes(path, data, modified=sent)
                    result.manifest.append(entry)
                    keys = ("file", "source", "region", "month", "rows")
                    result.files.append(
                        {
                            **{k: entry[k] for k in keys},
                            "special": special.kind,
                            "sent_at": sent.isoformat(),
                        }
                    )
    return result


def sent_at(ctx: RegionContext, t: int, source: str) -> dt.datetime:
    """When the region sent its file (the file's modification time, UTC): a day or two after
    the month, later for regions further down the profile; copies and extra files an hour or
    more after the regular one."""
    index = [r.code for r in ctx.profile.regions].index(ctx.region)
    return ctx.month_ends[t] + dt.timedelta(days=1, minutes=7 * index + SOURCES.index(source))


def _keep(
    result: RegionResult, done: WrittenFile, style: FileStyle, month: str, sent: dt.datetime
) -> None:
    """Write a regular file and add it to the region's manifest, index, counts and truth."""
    write_bytes(done.path, done.data, modified=sent)
    source = style.source
    result.manifest.extend(done.manifest)
    result.faults.update(e["reason"] for e in done.manifest if e["kind"] == "row")
    for table, t, counters in done.truth:
        result.truth[(table, t)].update(dict(counters))
    result.records.update(done.new_records)
    result.rows[source] += done.rows
    result.rows["meeting_actions"] += done.nested_rows
    result.formats[(source, style.format_name)] += 1
    info = {
        "file": done.path.relative_to(done.path.parents[2]).as_posix(),
        "source": source,
        "region": result.region,
        "month": month,
        **style.describe(),
        "rows": done.rows,
        "sent_at": sent.isoformat(),
    }
    if style.fmt == "json" and source == "meetings":
        info["nested_rows"] = done.nested_rows
    result.files.append(info)
