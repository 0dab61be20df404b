"""Citizen tickets with realistic lifecycles.

Each ticket is received at a daytime hour, answered first within its channel's SLA (or late, or
never — worse in weaker regions), resolved after a category-dependent time (a forgotten one only
after a backlog review weeks later, a few never; some reopened once), and closed with a
satisfaction score when the citizen answers the survey. A ticket still open when its month's file
is exported appears again in a later file with its new status.
"""

from __future__ import annotations

import datetime as dt
import math

from mizan.demo.people import make_person
from mizan.demo.records import Record, RegionContext, Row, TruthItem
from mizan.demo.seeding import clamp, weighted
from mizan.demo.vocab import (
    COMPLAINT_SUBJECTS,
    INQUIRY_SUBJECTS,
    PRAISE_SUBJECTS,
    SUGGESTION_SUBJECTS,
)

SLA_HOURS = {"phone": 4, "social": 2, "app": 24, "web": 24, "walk_in": 2, "email": 48, "letter": 72}
_CHANNEL_MIX = {
    "phone": 0.28,
    "social": 0.14,
    "app": 0.16,
    "web": 0.13,
    "walk_in": 0.12,
    "email": 0.07,
    "letter": 0.10,
}
_KIND_MIX = {"complaint": 0.68, "inquiry": 0.2, "suggestion": 0.07, "praise": 0.05}
_CATEGORY_MIX = {
    "cleaning": 0.22,
    "lighting": 0.12,
    "paving": 0.14,
    "water": 0.14,
    "drainage": 0.12,
    "parks": 0.06,
    "permits": 0.1,
    "other": 0.1,
}
# Median days from receipt to resolution, for a region of average performance.
RESOLUTION_DAYS = {
    "cleaning": 1.5,
    "lighting": 4,
    "paving": 14,
    "water": 2,
    "drainage": 4,
    "parks": 8,
    "permits": 15,
    "other": 5,
}
_HOUR_WEIGHTS = (
    1,
    0.5,
    0.3,
    0.2,
    0.2,
    0.3,
    0.8,
    2,
    4,
    6,
    7,
    7,
    6.5,
    6,
    5.5,
    5,
    4.5,
    4.5,
    5,
    5,
    4,
    3,
    2,
    1.5,
)
_HOURS = {str(h): w for h, w in enumerate(_HOUR_WEIGHTS)}


def ticket_id(region: str, month_compact: str, seq: int) -> str:
    return f"{region}-{month_compact[2:]}-{seq:06d}"


def _channel_mix(ctx: RegionContext) -> dict[str, float]:
    rng = ctx.rng("channel-mix")
    return {c: w * rng.uniform(0.6, 1.4) for c, w in _CHANNEL_MIX.items()}


def new_complaints(
    ctx: RegionContext, t: int, n: int, *, first_seq: int = 1, salt: str = ""
) -> list[Record]:
    """The `n` tickets received by the region in month `t`."""
    month = ctx.months[t]
    rng = ctx.rng("complaints", month.label, *([salt] if salt else []))
    q = ctx.quality(t)
    channels = _channel_mix(ctx)
    days = month.days
    records = []
    for seq in range(first_seq, first_seq + n):
        key = ticket_id(ctx.region, month.compact, seq)
        hour = int(weighted(rng, _HOURS))
        received = ctx.local(
            month.start_dt
            + dt.timedelta(days=rng.randrange(days), hours=hour, minutes=rng.randrange(60))
        )
        channel = weighted(rng, channels)
        kind = weighted(rng, _KIND_MIX)
        category = weighted(rng, _CATEGORY_MIX)
        life = _lifecycle(ctx, rng, received, channel, kind, category, q)
        person = make_person(rng, ctx.vocab, ctx.country, email_likely=channel == "email")
        if kind == "complaint":
            subject = rng.choice(COMPLAINT_SUBJECTS[category])
        else:
            subject = rng.choice(
                {"inquiry": INQUIRY_SUBJECTS, "suggestion": SUGGESTION_SUBJECTS}.get(
                    kind, PRAISE_SUBJECTS
                )
            )
        base: Row = {
            "ticket_id": key,
            "region_code": ctx.region,
            "secretariat_code": ctx.secretariat_for(rng, "complaints"),
            "channel": channel,
            "kind": kind,
            "category": category,
            "received_at": received,
            "first_response_at": None,
            "resolved_at": None,
            "status": "open",
            "reopened_count": 0,
            "satisfaction": None,
            "subject": ctx.fill(rng, subject),
            "complainant_name": person.name,
            "complainant_phone": person.phone,
            "complainant_email": person.email,
            "complainant_national_id": person.national_id,
        }
        versions = ctx.versions(_snapshotter(base, life), t, life["settled"])
        final = versions[-1][1]
        truth = TruthItem(
            "complaints",
            t,
            (("received", 1), ("resolved", int(final["status"] in ("resolved", "closed")))),
            key,
        )
        records.append(Record("complaints", key, versions, (truth,)))
    return records


def _lifecycle(ctx, rng, received, channel, kind, category, q) -> dict:
    sla = SLA_HOURS[channel]
    response = resolved = reopen = resolved2 = closed = None
    satisfaction = None
    if rng.random() >= 0.02 + 0.10 * (1 - q):
        on_time = rng.random() < 0.5 + 0.45 * q
        hours = sla * (rng.uniform(0.05, 0.95) if on_time else 1 + rng.expovariate(1 / 1.2))
        response = ctx.local(received + dt.timedelta(minutes=max(1, round(hours * 60))))
        if kind == "praise":
            resolved = response
        elif kind == "inquiry" and rng.random() < 0.9:
            resolved = response + dt.timedelta(minutes=rng.randrange(0, 120))
        elif rng.random() >= (0.04 + 0.14 * (1 - q) if kind == "complaint" else 0.3):
            median = RESOLUTION_DAYS[category] if kind == "complaint" else 5
            days = rng.lognormvariate(math.log(median * (1.5 - q)), 0.6)
            resolved = max(response, received + dt.timedelta(minutes=round(days * 1440)))
        elif rng.random() < 0.6 + 0.35 * q:
            # a forgotten ticket is found in a backlog review and resolved weeks later
            days = rng.uniform(20, 45 + 75 * (1 - q))
            resolved = max(response, received + dt.timedelta(minutes=round(days * 1440)))
        if resolved is not None:
            resolved = ctx.local(resolved)
            if kind == "complaint" and rng.random() < 0.03 + 0.07 * (1 - q):
                reopen = resolved + dt.timedelta(days=rng.uniform(1, 7))
                extra = (resolved - received) * rng.uniform(0.3, 0.8)
                resolved2 = ctx.local(
                    (reopen + extra).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
                )
            final = resolved2 or resolved
            if rng.random() < 0.45:
                closed = final + dt.timedelta(days=rng.uniform(0.5, 4))
                mean = 1.8 + 2.8 * q + (0.4 if on_time else -0.5) - (0.8 if reopen else 0)
                satisfaction = int(clamp(round(rng.gauss(mean, 0.9)), 1, 5))
    settled = max(x for x in (received, response, resolved, reopen, resolved2, closed) if x)
    return {
        "response": response,
        "resolved": resolved,
        "reopen": reopen,
        "resolved2": resolved2,
        "closed": closed,
        "satisfaction": satisfaction,
        "settled": settled,
    }


def _snapshotter(base: Row, life: dict):
    response, resolved, reopen = life["response"], life["resolved"], life["reopen"]
    resolved2, closed = life["resolved2"], life["closed"]

    def snapshot(asof: dt.datetime) -> Row:
        row = dict(base)
        answered = response is not None and response < asof
        row["first_response_at"] = response if answered else None
        status = "in_progress" if answered else "open"
        if resolved is not None and resolved < asof:
            if reopen is not None and reopen < asof:
                row["reopened_count"] = 1
                if resolved2 < asof:
                    row["resolved_at"], status = resolved2, "resolved"
            else:
                row["resolved_at"], status = resolved, "resolved"
        if status == "resolved" and closed is not None and closed < asof:
            status = "closed"
            row["satisfaction"] = life["satisfaction"]
        row["status"] = status
        return row

    return snapshot
