"""The rows behind a KPI value: for every KPI, which fact rows of a month it counts.

Each rule mirrors the KPI's SQL in warehouse/models/intermediate (int_kpi_* over the lifecycle
models), expressed on the published fact tables, so that for any region, secretariat and month
the rows listed here add up to fct_kpi_monthly's numerator and denominator (tests check it).
`{M}` is the month's first day, `{NEXT}` the next month's, `{NEXT_TS}` the same as a timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    table: str
    key: str
    order: str
    columns: tuple[str, ...]  # shown in the drill-down (never personal data)


@dataclass(frozen=True)
class Drill:
    source: str
    rows: str  # the rows the KPI looks at in the month (its denominator, or all it counts)
    counts: str | None = None  # those that count in the numerator (None: all of them)
    total: str | None = None  # an aggregate over the rows (`behind`) for sums and medians


SOURCES: dict[str, Source] = {
    "complaints": Source(
        "marts.fct_complaints",
        "ticket_id",
        "received_at, ticket_id",
        (
            "ticket_id", "channel", "kind", "category", "status", "received_at",
            "first_response_at", "resolved_at", "resolution_due_at", "first_response_hours",
            "resolution_hours", "first_response_within_sla", "resolved_within_sla",
            "reopened_count", "satisfaction",
        ),
    ),
    "meetings": Source(
        "marts.fct_meetings",
        "meeting_id",
        "meeting_date, meeting_id",
        (
            "meeting_id", "meeting_date", "meeting_type", "status", "title", "invited",
            "attended", "decisions",
        ),
    ),
    "meeting_actions": Source(
        "marts.fct_meeting_actions",
        "action_id",
        "due_date, action_id",
        (
            "action_id", "origin", "title", "status", "issued_date", "due_date", "closed_date",
            "is_closed_on_time", "meeting_id",
        ),
    ),
    "initiatives": Source(
        "marts.fct_initiatives",
        "initiative_id",
        "coalesce(actual_end, planned_end, planned_start), initiative_id",
        (
            "initiative_id", "title", "initiative_type", "status", "planned_start", "planned_end",
            "actual_start", "actual_end", "beneficiaries", "attendees", "partners",
            "budget_planned", "budget_spent",
        ),
    ),
    "media_coverage": Source(
        "marts.fct_media_coverage",
        "item_id",
        "published_at, item_id",
        (
            "item_id", "published_at", "outlet", "outlet_type", "owned_or_earned", "sentiment",
            "key_messages", "reach", "impressions", "engagements", "url",
        ),
    ),
}

# complaints
RECEIVED_TICKETS = "received_month = {M}"
RESOLVED_TICKETS = "resolved_month = {M}"
OPEN_TICKETS = (
    "received_at < {NEXT_TS} AND NOT (resolved_at IS NULL AND status IN ('resolved', 'closed')) "
    "AND (resolved_at IS NULL OR resolved_at >= {NEXT_TS})"
)
# action items
DUE_ACTIONS = "due_month = {M} AND status <> 'cancelled'"
OPEN_ACTIONS = (
    "status <> 'cancelled' AND NOT (closed_date IS NULL AND status = 'closed') "
    "AND issued_date < {NEXT} AND (closed_date IS NULL OR closed_date >= {NEXT})"
)
# initiatives
COMPLETED_INITIATIVES = "completed_month = {M}"
RUNNING_INITIATIVES = (
    "status IN ('in_progress', 'completed') AND coalesce(actual_start, planned_start) < {NEXT} "
    "AND coalesce(CASE WHEN status = 'completed' "
    "THEN coalesce(actual_end, planned_end, actual_start, planned_start) "
    "ELSE actual_end END >= {M}, TRUE)"
)
DISTINCT_PARTNERS = """(
    SELECT count(DISTINCT lower(trim(split_part(item, ':', 1))) || ':'
                          || lower(trim(substr(item, strpos(item, ':') + 1))))
    FROM (SELECT unnest(string_split(partners, ';')) AS item FROM behind)
    WHERE strpos(item, ':') > 0 AND trim(substr(item, strpos(item, ':') + 1)) <> '')"""
# media
PUBLISHED_ITEMS = "month_start = {M}"

DRILLS: dict[str, Drill] = {
    "MTG_HELD": Drill("meetings", "month_start = {M} AND is_held"),
    "MTG_PLAN_ADHERENCE": Drill("meetings", "month_start = {M}", "is_held"),
    "MTG_EXTERNAL_SHARE": Drill("meetings", "month_start = {M} AND is_held", "is_external"),
    "MTG_ATTENDANCE": Drill(
        "meetings",
        "month_start = {M} AND is_held AND invited IS NOT NULL AND attended IS NOT NULL",
        total="(SELECT sum(attended) FROM behind)",
    ),
    "ACT_ON_TIME": Drill("meeting_actions", DUE_ACTIONS, "is_closed_on_time"),
    "DIR_ON_TIME": Drill(
        "meeting_actions", DUE_ACTIONS + " AND origin = 'directive'", "is_closed_on_time"
    ),
    "ACT_OVERDUE_OPEN": Drill("meeting_actions", OPEN_ACTIONS + " AND due_date < {NEXT}"),
    "ACT_OVERDUE_SHARE": Drill("meeting_actions", OPEN_ACTIONS, "due_date < {NEXT}"),
    "INI_COMPLETED": Drill("initiatives", COMPLETED_INITIATIVES),
    "INI_ON_TIME": Drill("initiatives", COMPLETED_INITIATIVES + " AND planned_end IS NOT NULL", "is_on_time"),
    "INI_BENEFICIARIES": Drill(
        "initiatives", COMPLETED_INITIATIVES, total="(SELECT sum(coalesce(beneficiaries, 0)) FROM behind)"
    ),
    "EVT_MASS_ATTENDANCE": Drill(
        "initiatives",
        COMPLETED_INITIATIVES + " AND initiative_type = 'mass_event'",
        total="(SELECT sum(coalesce(attendees, 0)) FROM behind)",
    ),
    "INI_PARTNERS": Drill("initiatives", RUNNING_INITIATIVES + " AND partners IS NOT NULL", total=DISTINCT_PARTNERS),
    "INI_COST_PER_BENEFICIARY": Drill(
        "initiatives",
        COMPLETED_INITIATIVES + " AND budget_spent IS NOT NULL AND beneficiaries IS NOT NULL",
        total="(SELECT sum(budget_spent) FROM behind)",
    ),
    "INI_BUDGET_EXECUTION": Drill(
        "initiatives",
        COMPLETED_INITIATIVES + " AND budget_spent IS NOT NULL AND budget_planned IS NOT NULL",
        total="(SELECT sum(budget_spent) FROM behind)",
    ),
    "MED_ITEMS": Drill("media_coverage", PUBLISHED_ITEMS),
    "MED_NET_SENTIMENT": Drill(
        "media_coverage",
        PUBLISHED_ITEMS,
        total="(SELECT sum(CASE sentiment WHEN 'positive' THEN 1 WHEN 'negative' THEN -1 "
        "ELSE 0 END) FROM behind)",
    ),
    "MED_PULL_THROUGH": Drill("media_coverage", PUBLISHED_ITEMS, "carries_key_message"),
    "MED_REACH": Drill(
        "media_coverage", PUBLISHED_ITEMS, total="(SELECT sum(coalesce(reach, 0)) FROM behind)"
    ),
    "MED_ENGAGEMENT_RATE": Drill(
        "media_coverage",
        PUBLISHED_ITEMS + " AND outlet_type = 'social' AND owned_or_earned = 'owned' "
        "AND impressions IS NOT NULL AND engagements IS NOT NULL",
        total="(SELECT sum(engagements) FROM behind)",
    ),
    "MED_EARNED_SHARE": Drill("media_coverage", PUBLISHED_ITEMS, "owned_or_earned = 'earned'"),
    "MED_NEGATIVE_SHARE": Drill("media_coverage", PUBLISHED_ITEMS, "sentiment = 'negative'"),
    "CMP_RECEIVED": Drill("complaints", RECEIVED_TICKETS),
    "CMP_FIRST_RESPONSE_SLA": Drill("complaints", RECEIVED_TICKETS, "first_response_within_sla"),
    "CMP_MEDIAN_FIRST_RESPONSE_H": Drill(
        "complaints",
        RECEIVED_TICKETS + " AND first_response_hours IS NOT NULL",
        total="(SELECT median(first_response_hours) FROM behind)",
    ),
    "CMP_RESOLVED_SLA": Drill("complaints", RESOLVED_TICKETS, "resolved_within_sla"),
    "CMP_BACKLOG": Drill("complaints", OPEN_TICKETS),
    "CMP_OVERDUE_SHARE": Drill("complaints", OPEN_TICKETS, "resolution_due_at < {NEXT_TS}"),
    "CMP_REOPEN_RATE": Drill("complaints", RESOLVED_TICKETS, "was_reopened"),
    "CMP_CSAT": Drill("complaints", RESOLVED_TICKETS + " AND satisfaction IS NOT NULL", "is_satisfied"),
    "CMP_SOCIAL_RESPONSE_RATE": Drill(
        "complaints", RECEIVED_TICKETS + " AND channel = 'social'", "first_response_at IS NOT NULL"
    ),
    "CMP_MEDIAN_RESOLUTION_H": Drill(
        "complaints", RESOLVED_TICKETS, total="(SELECT median(resolution_hours) FROM behind)"
    ),
}

MONTH_TOKENS = {
    "{M}": "$month::DATE",
    "{NEXT_TS}": "CAST($month::DATE + INTERVAL 1 MONTH AS TIMESTAMP)",
    "{NEXT}": "CAST($month::DATE + INTERVAL 1 MONTH AS DATE)",
}


def expand(condition: str) -> str:
    for token, sql in MONTH_TOKENS.items():
        condition = condition.replace(token, sql)
    return condition
