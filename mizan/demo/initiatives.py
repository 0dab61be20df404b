"""Initiatives, campaigns and events: planned, started late or on time, completed, cancelled or
postponed. Some are announced in the previous month's file (status planned); campaigns that run
over several months appear in progress first and completed in a later file."""

from __future__ import annotations

import datetime as dt
import math

from mizan.demo.records import Record, RegionContext, Row, TruthItem
from mizan.demo.seeding import weighted
from mizan.ingest.contracts import PARTNER_TYPES

_TYPES = {
    "community_initiative": 0.22,
    "mass_event": 0.1,
    "awareness_campaign": 0.18,
    "conference": 0.06,
    "seminar": 0.14,
    "workshop": 0.16,
    "service_convoy": 0.14,
}
_DURATION_DAYS = {
    "community_initiative": (14, 90),
    "mass_event": (0, 0),
    "awareness_campaign": (7, 45),
    "conference": (0, 1),
    "seminar": (0, 0),
    "workshop": (0, 2),
    "service_convoy": (0, 2),
}
_ATTENDEES = {"mass_event": 2500, "conference": 400, "seminar": 80, "workshop": 30}
_BENEFICIARIES = {
    "community_initiative": 300,
    "awareness_campaign": 5000,
    "service_convoy": 800,
    "workshop": 30,
}
_BUDGET = {
    "community_initiative": 80_000,
    "mass_event": 150_000,
    "awareness_campaign": 40_000,
    "conference": 120_000,
    "seminar": 10_000,
    "workshop": 15_000,
    "service_convoy": 60_000,
}
_CURRENCY_FACTOR = {"EGP": 1.0, "SAR": 0.3}


def initiative_id(region: str, month_compact: str, seq: int) -> str:
    return f"INI-{region}-{month_compact}-{seq:04d}"


def new_initiatives(
    ctx: RegionContext, p: int, n: int, *, first_seq: int = 1, salt: str = ""
) -> list[Record]:
    """The `n` initiatives planned to start in month `p`."""
    month = ctx.months[p]
    rng = ctx.rng("initiatives", month.label, *([salt] if salt else []))
    q = ctx.quality(p)
    money = _CURRENCY_FACTOR.get(ctx.profile.currency, 1.0)
    records = []
    for seq in range(first_seq, first_seq + n):
        key = initiative_id(ctx.region, month.compact, seq)
        kind = weighted(rng, _TYPES)
        start = ctx.day_in_month(rng, p)
        low, high = _DURATION_DAYS[kind]
        length = rng.randint(low, high)
        end = start + dt.timedelta(days=length)
        budget = max(
            500, round(rng.lognormvariate(math.log(_BUDGET[kind] * money), 0.5) / 500) * 500
        )
        draw = rng.random()
        outcome = (
            "cancelled"
            if draw < 0.03 + 0.05 * (1 - q)
            else "postponed"
            if draw < 0.07 + 0.13 * (1 - q)
            else "executed"
        )
        decided = start - dt.timedelta(days=rng.randint(0, 10))
        actual_start = start
        if rng.random() >= 0.55 + 0.4 * q:
            actual_start = start + dt.timedelta(days=rng.randint(1, 21))
        actual_end = actual_start + dt.timedelta(days=round(length * _duration_factor(rng, q)))
        attendees = beneficiaries = None
        if kind in _ATTENDEES:
            attendees = max(5, round(rng.lognormvariate(math.log(_ATTENDEES[kind]), 0.5)))
        if kind in _BENEFICIARIES:
            beneficiaries = (
                attendees
                if kind == "workshop"
                else max(10, round(rng.lognormvariate(math.log(_BENEFICIARIES[kind]), 0.7)))
            )
        spent: float = budget * rng.uniform(0.7, 1.0 + 0.35 * (1 - q))
        spent = round(spent, 2) if rng.random() < 0.3 else round(spent / 50) * 50
        base: Row = {
            "initiative_id": key,
            "region_code": ctx.region,
            "secretariat_code": ctx.secretariat_for(rng, "initiatives"),
            "title": ctx.fill(rng, rng.choice(ctx.vocab.initiative_titles[kind])),
            "initiative_type": kind,
            "status": "planned",
            "planned_start": start,
            "planned_end": end,
            "actual_start": None,
            "actual_end": None,
            "beneficiaries": None,
            "attendees": None,
            "partners": _partners(ctx, rng),
            "budget_planned": budget,
            "budget_spent": None,
        }

        def snapshot(
            asof: dt.datetime,
            base=base,
            outcome=outcome,
            decided=decided,
            actual_start=actual_start,
            actual_end=actual_end,
            attendees=attendees,
            beneficiaries=beneficiaries,
            spent=spent,
        ) -> Row:
            today = asof.date()
            row = dict(base)
            if outcome != "executed":
                if decided < today:
                    row["status"] = outcome
            elif actual_start < today:
                row["actual_start"] = actual_start
                row["status"] = "in_progress"
                if actual_end < today:
                    row.update(
                        status="completed",
                        actual_end=actual_end,
                        attendees=attendees,
                        beneficiaries=beneficiaries,
                        budget_spent=spent,
                    )
            return row

        settled_day = actual_end if outcome == "executed" else decided
        settled = dt.datetime.combine(settled_day, dt.time()) + dt.timedelta(days=1)
        first = p - 1 if p > 0 and rng.random() < 0.4 else p
        versions = ctx.versions(snapshot, first, settled)
        final = versions[-1][1]["status"]
        counters = (("initiatives", 1), ("completed", int(final == "completed")))
        records.append(
            Record("initiatives", key, versions, (TruthItem("initiatives", p, counters, key),))
        )
    return records


def _partners(ctx: RegionContext, rng) -> tuple[tuple[str, str], ...]:
    count = rng.choices((0, 1, 2, 3), weights=(0.3, 0.35, 0.25, 0.1))[0]
    types = rng.sample(list(PARTNER_TYPES), count)
    return tuple((kind, ctx.fill(rng, rng.choice(ctx.vocab.partners[kind]))) for kind in types)


def _duration_factor(rng, q: float) -> float:
    """Actual ÷ planned duration. Plans carry some slack: most initiatives finish within it
    (a share that grows with the region's quality, ~60–95 %), the others overrun by up to 60 %.
    One draw, so the rest of the generator's sequence does not move."""
    within = 0.6 + 0.35 * q
    u = rng.random()
    if u < within:
        return 0.85 + 0.15 * u / within
    return 1.0 + 0.6 * (1 - q) * (u - within) / (1 - within) + 0.02
