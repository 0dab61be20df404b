"""Meetings, their action items and leadership directives.

A meeting is planned (sometimes announced in the previous month's file), then held, postponed
or cancelled; held meetings produce action items, which are closed on time, late or never.
Leadership directives are action items without a meeting. Regions that send meetings as JSON nest
the action items under their meeting (and send the meeting again when an item changes); the
others send action items in meeting_actions files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from mizan.demo.records import Record, RegionContext, Row, TruthItem
from mizan.demo.seeding import weighted

_TYPES = {
    "internal": 0.34,
    "executive_body": 0.18,
    "political_entity": 0.1,
    "community_partner": 0.16,
    "media": 0.1,
    "other": 0.12,
}
_INVITED = {
    "internal": (8, 30),
    "executive_body": (4, 15),
    "political_entity": (6, 25),
    "community_partner": (10, 40),
    "media": (8, 35),
    "other": (5, 20),
}
_DUE_DAYS = (7, 14, 14, 21, 30, 30, 45, 60)


def meeting_id(region: str, month_compact: str, seq: int) -> str:
    return f"MTG-{region}-{month_compact}-{seq:03d}"


def action_id(region: str, month_compact: str, seq: int, *, directive: bool = False) -> str:
    return f"{'DIR' if directive else 'ACT'}-{region}-{month_compact}-{seq:04d}"


class _Action:
    """An action item's life: issued, started, closed (on time or late), cancelled, followed up at a
    later review (closed or dropped months after its due date) or left open."""

    def __init__(self, rng: random.Random, row: Row, q: float) -> None:
        issued: dt.date = row["issued_date"]
        due = issued + dt.timedelta(days=rng.choice(_DUE_DAYS))
        row["due_date"] = due
        self.row = row
        self.cancelled: dt.date | None = None
        self.closed: dt.date | None = None
        self.started = issued + dt.timedelta(days=rng.randint(0, 6))
        if rng.random() < 0.04:
            self.cancelled = issued + dt.timedelta(days=rng.randint(3, 20))
        elif rng.random() < 0.55 + 0.4 * q:
            if rng.random() < 0.45 + 0.5 * q:  # on time
                span = (due - issued).days
                self.closed = issued + dt.timedelta(days=max(1, round(span * rng.uniform(0.2, 1))))
            else:
                self.closed = due + dt.timedelta(days=rng.randint(1, 40))
        elif rng.random() < 0.5 + 0.4 * q:
            # a stale item is followed up at a review months later, then closed or dropped
            review = due + dt.timedelta(days=rng.randint(30, 75 + round(90 * (1 - q))))
            if rng.random() < 0.7:
                self.closed = review
            else:
                self.cancelled = review
        self.settled = _end_of(max(d for d in (self.started, self.cancelled, self.closed) if d))

    @property
    def key(self) -> str:
        return self.row["action_id"]

    def snapshot(self, asof: dt.datetime) -> Row:
        today = asof.date()
        row = dict(self.row)
        if self.cancelled is not None and self.cancelled < today:
            row["status"] = "cancelled"
        elif self.closed is not None and self.closed < today:
            row["status"], row["closed_date"] = "closed", self.closed
        elif self.started < today:
            row["status"] = "in_progress"
        return row

    def truth(self, t: int, final: Row) -> TruthItem:
        counters = (
            ("actions", 1),
            ("directives", int(self.row["origin"] == "directive")),
            ("closed", int(final["status"] == "closed")),
        )
        return TruthItem("meeting_actions", t, counters, self.key)

    def record(self, ctx: RegionContext, t: int) -> Record:
        versions = ctx.versions(self.snapshot, t, self.settled)
        return Record("meeting_actions", self.key, versions, (self.truth(t, versions[-1][1]),))


@dataclass
class _Meeting:
    row: Row  # as planned
    outcome: str  # held, postponed or cancelled
    attended: int
    decisions: int
    announced: bool  # sent as planned in the previous month's file
    actions: list[_Action] = field(default_factory=list)

    def final(self) -> Row:
        row = dict(self.row, status=self.outcome)
        if self.outcome == "held":
            row.update(attended=self.attended, decisions=max(self.decisions, len(self.actions)))
        return row


def _action_row(
    ctx: RegionContext,
    key: str,
    origin: str,
    meeting: str | None,
    secretariat: str,
    issued: dt.date,
    title: str,
) -> Row:
    return {
        "action_id": key,
        "meeting_id": meeting,
        "origin": origin,
        "region_code": ctx.region,
        "secretariat_code": secretariat,
        "title": title,
        "issued_date": issued,
        "due_date": None,
        "closed_date": None,
        "status": "open",
    }


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1)


def new_directives(ctx: RegionContext, t: int, n: int) -> list[Record]:
    month = ctx.months[t]
    rng = ctx.rng("directives", month.label)
    q = ctx.quality(t)
    records = []
    for seq in range(1, n + 1):
        key = action_id(ctx.region, month.compact, seq, directive=True)
        title = ctx.fill(rng, rng.choice(ctx.vocab.directive_titles), month=month.name_ar)
        secretariat = ctx.secretariat_for(rng, "meeting_actions")
        row = _action_row(ctx, key, "directive", None, secretariat, ctx.day_in_month(rng, t), title)
        records.append(_Action(rng, row, q).record(ctx, t))
    return records


def new_meetings(
    ctx: RegionContext, p: int, n_meetings: int, n_actions: int, *, nested: bool
) -> tuple[list[Record], list[Record]]:
    """Meetings dated in month `p` and the action items of those held; with `nested`, the items
    travel inside their meeting's record (JSON) and the second list is empty."""
    month = ctx.months[p]
    rng = ctx.rng("meetings", month.label)
    q = ctx.quality(p)
    meetings = [_new_meeting(ctx, rng, month, seq, q) for seq in range(1, n_meetings + 1)]
    held = [m for m in meetings if m.outcome == "held"]
    arng = ctx.rng("meeting_actions", month.label)
    for seq in range(1, n_actions + 1 if held else 1):
        meeting = held[arng.randrange(len(held))]
        secretariat = meeting.row["secretariat_code"]
        if arng.random() >= 0.7:
            secretariat = ctx.secretariat_for(arng, "meeting_actions")
        title = ctx.fill(arng, arng.choice(ctx.vocab.action_titles))
        key = action_id(ctx.region, month.compact, seq)
        row = _action_row(
            ctx,
            key,
            "meeting",
            meeting.row["meeting_id"],
            secretariat,
            meeting.row["meeting_date"],
            title,
        )
        meeting.actions.append(_Action(arng, row, q))

    meeting_records, action_records = [], []
    for meeting in meetings:
        meeting_records.append(_meeting_record(ctx, meeting, p, nested=nested))
        if not nested:
            action_records += [action.record(ctx, p) for action in meeting.actions]
    return meeting_records, action_records


def _new_meeting(ctx: RegionContext, rng: random.Random, month, seq: int, q: float) -> _Meeting:
    kind = weighted(rng, _TYPES)
    secretariat = ctx.secretariat_for(rng, "meetings")
    sec_name = next(s.name_ar for s in ctx.profile.secretariats if s.code == secretariat)
    invited = rng.randint(*_INVITED[kind])
    draw, held = rng.random(), 0.68 + 0.27 * q
    outcome = (
        "held" if draw < held else "postponed" if draw < held + (1 - held) * 0.6 else "cancelled"
    )
    day = ctx.day_in_month(rng, ctx.months.index(month))
    title = rng.choice(ctx.vocab.meeting_titles[kind])
    row: Row = {
        "meeting_id": meeting_id(ctx.region, month.compact, seq),
        "region_code": ctx.region,
        "secretariat_code": secretariat,
        "meeting_date": day,
        "meeting_type": kind,
        "status": "planned",
        "title": ctx.fill(rng, title, month=month.name_ar, secretariat=sec_name),
        "chaired_by": rng.choice(ctx.vocab.chair_roles),
        "invited": invited,
        "attended": None,
        "decisions": None,
    }
    attended = round(invited * rng.uniform(0.45 + 0.4 * q, 1.0))
    announced = ctx.months.index(month) > 0 and rng.random() < 0.35
    return _Meeting(row, outcome, attended, rng.randint(0, 6), announced)


def _meeting_record(ctx: RegionContext, meeting: _Meeting, p: int, *, nested: bool) -> Record:
    """The meeting's versions: planned (if announced), then its outcome; JSON meetings carry
    their action items and come again whenever one of them changes."""
    planned, final, day = meeting.row, meeting.final(), meeting.row["meeting_date"]
    actions = meeting.actions if nested else []

    def snapshot(asof: dt.datetime) -> Row:
        if day < asof.date():
            out = dict(final)
            if nested:
                out["actions"] = [a.snapshot(asof) for a in actions]
            return out
        return dict(planned, actions=[]) if nested else dict(planned)

    settled = max([_end_of(day), *(a.settled for a in actions)])
    versions = ctx.versions(snapshot, p - 1 if meeting.announced else p, settled)
    held = int(meeting.outcome == "held")
    truth = [TruthItem("meetings", p, (("meetings", 1), ("held", held)), planned["meeting_id"])]
    if nested:
        last = versions[-1][1]["actions"]
        truth += [a.truth(p, row) for a, row in zip(actions, last, strict=True)]
    keys = tuple(a.key for a in actions)
    return Record("meetings", planned["meeting_id"], versions, tuple(truth), keys)
