"""Meetings, their action items and leadership directives.

A meeting is planned (sometimes announced in the previous month's file), then held, postponed
or cancelled; held meetings produce action items, which are closed on time, late or never.
Leadership directives are action items without a meeting. Regions that send meetings as JSON nest
the action items under their meeting (and send the meeting again when an item changes); the
others send action items in meeting_actions files.
"""

from __future__ import annotations

import datetime as dt

from dagster_project.demo.records import Record, RegionContext, Row, TruthItem
from dagster_project.demo.seeding import weighted

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
    """An action item's life: issued, started, closed (on time or late), cancelled or left open."""

    def __init__(self, ctx: RegionContext, rng, row: Row, q: float) -> None:
        issued: dt.date = row["issued_date"]
        due = issued + dt.timedelta(days=rng.choice(_DUE_DAYS))
        row["due_date"] = due
        self.row = row
        self.cancelled = self.closed = None
        self.started = issued + dt.timedelta(days=rng.randint(0, 6))
        if rng.random() < 0.04:
            self.cancelled = issued + dt.timedelta(days=rng.randint(3, 20))
        elif rng.random() < 0.55 + 0.4 * q:
            if rng.random() < 0.45 + 0.5 * q:
                span = (due - issued).days
                self.closed = issued + dt.timedelta(
                    days=max(1, round(span * rng.uniform(0.2, 1.0)))
                )
            else:
                self.closed = due + dt.timedelta(days=rng.randint(1, 40))
        self.settled = max(d for d in (self.started, self.cancelled, self.closed) if d)

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


def _action_row(ctx, rng, key, origin, meeting, secretariat, issued, title) -> Row:
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


def _settled(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1)


def new_directives(ctx: RegionContext, t: int, n: int) -> list[Record]:
    month = ctx.months[t]
    rng = ctx.rng("directives", month.label)
    q = ctx.quality(t)
    records = []
    for seq in range(1, n + 1):
        key = action_id(ctx.region, month.compact, seq, directive=True)
        title = ctx.fill(rng, rng.choice(ctx.vocab.directive_titles), month=month.name_ar)
        row = _action_row(
            ctx,
            rng,
            key,
            "directive",
            None,
            ctx.secretariat_for(rng, "meeting_actions"),
            ctx.day_in_month(rng, t),
            title,
        )
        action = _Action(ctx, rng, row, q)
        versions = ctx.versions(action.snapshot, t, _settled(action.settled))
        records.append(
            Record("meeting_actions", key, versions, (action.truth(t, versions[-1][1]),))
        )
    return records


def new_meetings(
    ctx: RegionContext, p: int, n_meetings: int, n_actions: int, *, nested: bool
) -> tuple[list[Record], list[Record]]:
    """Meetings dated in month `p` and the action items of those held; with `nested`, the items
    travel inside their meeting's record (JSON) and the second list is empty."""
    month = ctx.months[p]
    rng = ctx.rng("meetings", month.label)
    arng = ctx.rng("meeting_actions", month.label)
    q = ctx.quality(p)
    meetings = []
    for seq in range(1, n_meetings + 1):
        kind = weighted(rng, _TYPES)
        secretariat = ctx.secretariat_for(rng, "meetings")
        sec_name = next(s.name_ar for s in ctx.profile.secretariats if s.code == secretariat)
        low, high = _INVITED[kind]
        invited = rng.randint(low, high)
        draw = rng.random()
        held_p = 0.68 + 0.27 * q
        outcome = (
            "held"
            if draw < held_p
            else "postponed"
            if draw < held_p + (1 - held_p) * 0.6
            else "cancelled"
        )
        row: Row = {
            "meeting_id": meeting_id(ctx.region, month.compact, seq),
            "region_code": ctx.region,
            "secretariat_code": secretariat,
            "meeting_date": ctx.day_in_month(rng, p),
            "meeting_type": kind,
            "status": "planned",
            "title": ctx.fill(
                rng,
                rng.choice(ctx.vocab.meeting_titles[kind]),
                month=month.name_ar,
                secretariat=sec_name,
            ),
            "chaired_by": rng.choice(ctx.vocab.chair_roles),
            "invited": invited,
            "attended": None,
            "decisions": None,
        }
        attended = round(invited * rng.uniform(0.45 + 0.4 * q, 1.0))
        announced = p > 0 and rng.random() < 0.35
        meetings.append([row, outcome, attended, rng.randint(0, 6), announced, []])
    held = [m for m in meetings if m[1] == "held"]
    actions: list[_Action] = []
    for seq in range(1, n_actions + 1):
        if not held:
            break
        meeting = held[arng.randrange(len(held))]
        mrow = meeting[0]
        secretariat = (
            mrow["secretariat_code"]
            if arng.random() < 0.7
            else ctx.secretariat_for(arng, "meeting_actions")
        )
        title = ctx.fill(arng, arng.choice(ctx.vocab.action_titles))
        row = _action_row(
            ctx,
            arng,
            action_id(ctx.region, month.compact, seq),
            "meeting",
            mrow["meeting_id"],
            secretariat,
            mrow["meeting_date"],
            title,
        )
        action = _Action(ctx, arng, row, q)
        meeting[5].append(action)
        actions.append(action)

    meeting_records, action_records = [], []
    for row, outcome, attended, decisions, announced, items in meetings:
        day = row["meeting_date"]
        final: Row = dict(row, status=outcome)
        if outcome == "held":
            final.update(attended=attended, decisions=max(decisions, len(items)))

        def snapshot(asof: dt.datetime, row=row, final=final, items=items, day=day) -> Row:
            if day < asof.date():
                out = dict(final)
                if nested:
                    out["actions"] = [a.snapshot(asof) for a in items]
                return out
            return dict(row, actions=[]) if nested else dict(row)

        settled = (
            max([_settled(day), *(_settled(a.settled) for a in items)]) if nested else _settled(day)
        )
        versions = ctx.versions(snapshot, p - 1 if announced else p, settled)
        truth = [
            TruthItem(
                "meetings",
                p,
                (("meetings", 1), ("held", int(outcome == "held"))),
                row["meeting_id"],
            )
        ]
        if nested:
            last_actions = versions[-1][1]["actions"]
            truth += [a.truth(p, last) for a, last in zip(items, last_actions, strict=True)]
        meeting_records.append(
            Record(
                "meetings",
                row["meeting_id"],
                versions,
                tuple(truth),
                tuple(a.key for a in items) if nested else (),
            )
        )
        if not nested:
            for action in items:
                a_versions = ctx.versions(action.snapshot, p, _settled(action.settled))
                action_records.append(
                    Record(
                        "meeting_actions",
                        action.key,
                        a_versions,
                        (action.truth(p, a_versions[-1][1]),),
                    )
                )
    return meeting_records, action_records
