"""Where the rows behind a KPI value are shown from.

The warehouse lists them: `marts.fct_kpi_rows` holds, for every KPI and month, each record the KPI
looks at (with its unit, and whether and how much it counts in the numerator and denominator),
computed by the same rules as the values of `fct_kpi_monthly`. The app only filters those rows by
KPI, month, region and secretariat and joins the fact table their `source` names, for the columns
shown here — it never re-derives a KPI rule.
"""

from __future__ import annotations

from dataclasses import dataclass

KPI_ROWS = "marts.fct_kpi_rows"


@dataclass(frozen=True)
class Source:
    table: str  # a table (or subquery) with one row per `key`
    key: str  # what fct_kpi_rows.record_id holds for this source
    order: str
    columns: tuple[str, ...]  # shown in the drill-down (never personal data)


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
    # INI_PARTNERS counts partner organisations: one row per organisation (partner_key), named as
    # on any of its initiatives
    "initiative_partners": Source(
        "(SELECT partner_key, min(partner_name) AS partner_name, min(partner_type) AS partner_type "
        "FROM marts.fct_initiative_partners GROUP BY partner_key)",
        "partner_key",
        "partner_type, partner_name",
        ("partner_name", "partner_type"),
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
}  # fmt: skip
