"""The operational views behind each pillar, aggregated from the row facts of one month.

`region` is a region code, or 'ALL' for the whole organisation (unrestricted scopes only);
`secretariat` a secretariat code or 'ALL'. Which records count in a month comes from the
warehouse, never from a rule written here: the rows behind a KPI (`marts.fct_kpi_rows`), the
initiatives running or completed in a month (`marts.fct_initiative_months`) and the partners parsed
from them (`marts.fct_initiative_partners`) — so these breakdowns add up to the KPI values.
"""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.data.drill import KPI_ROWS
from dashboards.scope import Scope

AGE_BUCKETS = ((0, 2), (3, 7), (8, 14), (15, 30), (31, 60), (61, None))


def _unit(scope: Scope, alias: str = "f") -> tuple[str, dict[str, object]]:
    clause, params = scope.sql(f"{alias}.region_code")
    sql = (
        f"({alias}.region_code = $region OR ($region = 'ALL' AND $unrestricted)) AND {clause} "
        f"AND ($secretariat = 'ALL' OR {alias}.secretariat_code = $secretariat)"
    )
    return sql, {**params, "unrestricted": scope.unrestricted}


def _kpi_rows(kpi_code: str, alias: str = "k") -> str:
    """The rows behind `kpi_code` in $month (every unit: filter them with `_unit`)."""
    return (
        f"(SELECT * FROM {KPI_ROWS} WHERE kpi_code = '{kpi_code}' "
        f"AND month_start = $month::DATE) AS {alias}"
    )


def _bucket_sql(days: str) -> str:
    cases = " ".join(
        f"WHEN {days} <= {high} THEN {index}"
        for index, (_, high) in enumerate(AGE_BUCKETS)
        if high is not None
    )
    return f"CASE {cases} ELSE {len(AGE_BUCKETS) - 1} END"


# --- responsiveness ----------------------------------------------------------------------------
@data_function
def sla_by_channel(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Tickets received in the month per channel, and the share first answered within the
    channel's SLA (CMP_FIRST_RESPONSE_SLA by channel)."""
    unit, params = _unit(scope)
    return query(
        f"""
        SELECT c.channel, c.name_ar, c.name_en, c.first_response_sla_hours AS sla_hours,
               count(f.ticket_id) AS received,
               count(f.ticket_id) FILTER (WHERE k.in_numerator) AS within_sla,
               count(f.ticket_id) FILTER (WHERE k.in_numerator)
                 / nullif(count(f.ticket_id), 0) AS share_within_sla,
               median(f.first_response_hours) AS median_hours
        FROM reference.sla_by_channel AS c
        LEFT JOIN ({_kpi_rows("CMP_FIRST_RESPONSE_SLA")}
                   JOIN marts.fct_complaints AS f ON f.ticket_id = k.record_id)
          ON f.channel = c.channel AND {unit}
        GROUP BY ALL
        ORDER BY received DESC, c.channel
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def sla_by_category(
    scope: Scope, region: str, month: str, secretariat: str = "ALL"
) -> pd.DataFrame:
    """Tickets resolved in the month per category, and the share resolved within the
    category's SLA (CMP_RESOLVED_SLA by category)."""
    unit, params = _unit(scope)
    return query(
        f"""
        SELECT c.category, c.name_ar, c.name_en, c.sort_order, s.resolution_sla_hours AS sla_hours,
               count(f.ticket_id) AS resolved,
               count(f.ticket_id) FILTER (WHERE k.in_numerator) AS within_sla,
               count(f.ticket_id) FILTER (WHERE k.in_numerator)
                 / nullif(count(f.ticket_id), 0) AS share_within_sla,
               median(f.resolution_hours) AS median_hours
        FROM reference.complaint_categories AS c
        JOIN reference.sla_by_category AS s USING (category)
        LEFT JOIN ({_kpi_rows("CMP_RESOLVED_SLA")}
                   JOIN marts.fct_complaints AS f ON f.ticket_id = k.record_id)
          ON f.category = c.category AND {unit}
        GROUP BY ALL
        ORDER BY c.sort_order
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def backlog_ageing(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Tickets open at the end of the month by age (days since receipt) and whether they are
    past their resolution SLA (CMP_BACKLOG, CMP_OVERDUE_SHARE)."""
    unit, params = _unit(scope, "k")
    age = "date_diff('day', f.received_at, CAST($month::DATE + INTERVAL 1 MONTH AS TIMESTAMP))"
    return query(
        f"""
        SELECT {_bucket_sql(age)} AS bucket, k.in_numerator AS overdue, count(*) AS tickets
        FROM {_kpi_rows("CMP_OVERDUE_SHARE")}
        JOIN marts.fct_complaints AS f ON f.ticket_id = k.record_id
        WHERE {unit}
        GROUP BY ALL
        ORDER BY bucket, overdue
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


# --- media -------------------------------------------------------------------------------------
@data_function
def sentiment_trend(
    scope: Scope, region: str, month: str, secretariat: str = "ALL", months: int = 12
) -> pd.DataFrame:
    """Media items per month and sentiment over the `months` months ending with `month`."""
    unit, params = _unit(scope)
    return query(
        f"""
        SELECT strftime(f.month_start, '%Y-%m-%d') AS month, f.sentiment, count(*) AS items,
               sum(coalesce(f.reach, 0)) AS reach
        FROM marts.fct_media_coverage AS f
        WHERE f.month_start <= $month::DATE
          AND f.month_start > CAST($month::DATE - to_months($months) AS DATE) AND {unit}
        GROUP BY ALL
        ORDER BY month, f.sentiment
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        months=months,
        **params,
    )


@data_function
def key_messages(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """For each key message: the items of the month carrying it and their share of all items."""
    unit, params = _unit(scope)
    return query(
        f"""
        WITH items AS (
            SELECT f.item_id, f.key_messages FROM marts.fct_media_coverage AS f
            WHERE f.month_start = $month::DATE AND {unit}
        ),
        messages AS (
            SELECT unnest(string_split(key_messages, '|')) AS key_message
            FROM items WHERE coalesce(key_messages, '') <> ''
        )
        SELECT key_message, count(*) AS items, count(*) / (SELECT count(*) FROM items) AS share
        FROM messages
        GROUP BY ALL
        ORDER BY items DESC, key_message
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def coverage_by_outlet(
    scope: Scope, region: str, month: str, secretariat: str = "ALL"
) -> pd.DataFrame:
    """Items and reach of the month per outlet type, owned or earned, and sentiment mix."""
    unit, params = _unit(scope)
    return query(
        f"""
        SELECT f.outlet_type, f.owned_or_earned, count(*) AS items,
               sum(coalesce(f.reach, 0)) AS reach,
               count(*) FILTER (WHERE f.sentiment = 'positive') AS positive,
               count(*) FILTER (WHERE f.sentiment = 'negative') AS negative
        FROM marts.fct_media_coverage AS f
        WHERE f.month_start = $month::DATE AND {unit}
        GROUP BY ALL
        ORDER BY items DESC
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


# --- community ---------------------------------------------------------------------------------
@data_function
def initiatives_by_type(
    scope: Scope, region: str, month: str, secretariat: str = "ALL"
) -> pd.DataFrame:
    """Per initiative type: completed in the month (with beneficiaries, attendees, budget) and
    running during it."""
    unit, params = _unit(scope, "m")
    return query(
        f"""
        SELECT m.initiative_type,
               count(*) FILTER (WHERE m.is_completed) AS completed,
               count(*) FILTER (WHERE m.is_completed AND f.is_on_time) AS on_time,
               count(*) FILTER (WHERE m.is_running) AS running,
               sum(coalesce(f.beneficiaries, 0)) FILTER (WHERE m.is_completed) AS beneficiaries,
               sum(coalesce(f.attendees, 0)) FILTER (WHERE m.is_completed) AS attendees,
               sum(f.budget_planned) FILTER (WHERE m.is_completed) AS budget_planned,
               sum(f.budget_spent) FILTER (WHERE m.is_completed) AS budget_spent
        FROM marts.fct_initiative_months AS m
        JOIN marts.fct_initiatives AS f USING (initiative_id)
        WHERE m.month_start = $month::DATE AND (m.is_completed OR m.is_running) AND {unit}
        GROUP BY ALL
        ORDER BY completed DESC, running DESC
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def partners_by_type(
    scope: Scope, region: str, month: str, secretariat: str = "ALL"
) -> pd.DataFrame:
    """Distinct partner organisations per type engaged by initiatives running in the month
    (INI_PARTNERS by partner type), with the initiatives they joined."""
    unit, params = _unit(scope, "m")
    return query(
        f"""
        SELECT p.partner_type, count(DISTINCT p.partner_key) AS partners,
               count(DISTINCT p.initiative_id) AS initiatives
        FROM marts.fct_initiative_months AS m
        JOIN marts.fct_initiative_partners AS p USING (initiative_id)
        WHERE m.month_start = $month::DATE AND m.is_running AND {unit}
        GROUP BY ALL
        ORDER BY partners DESC
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


# --- coordination ------------------------------------------------------------------------------
@data_function
def meetings_by_type(
    scope: Scope, region: str, month: str, secretariat: str = "ALL"
) -> pd.DataFrame:
    """Meetings dated in the month per type and status."""
    unit, params = _unit(scope)
    return query(
        f"""
        SELECT f.meeting_type, f.status, count(*) AS meetings,
               sum(f.attended) FILTER (WHERE f.is_held) AS attended,
               sum(f.decisions) FILTER (WHERE f.is_held) AS decisions
        FROM marts.fct_meetings AS f
        WHERE f.month_start = $month::DATE AND {unit}
        GROUP BY ALL
        ORDER BY f.meeting_type, f.status
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def action_ageing(scope: Scope, region: str, month: str, secretariat: str = "ALL") -> pd.DataFrame:
    """Action items and directives open at the end of the month and past due, by days overdue
    (ACT_OVERDUE_OPEN by age and origin)."""
    unit, params = _unit(scope, "k")
    overdue_days = "date_diff('day', f.due_date, CAST($month::DATE + INTERVAL 1 MONTH AS DATE))"
    return query(
        f"""
        SELECT {_bucket_sql(overdue_days)} AS bucket, f.origin, count(*) AS items
        FROM {_kpi_rows("ACT_OVERDUE_OPEN")}
        JOIN marts.fct_meeting_actions AS f ON f.action_id = k.record_id
        WHERE {unit}
        GROUP BY ALL
        ORDER BY bucket, f.origin
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        **params,
    )


@data_function
def overdue_actions(
    scope: Scope,
    region: str,
    month: str,
    secretariat: str = "ALL",
    *,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """The oldest overdue open action items at the end of the month, one page."""
    unit, params = _unit(scope, "k")
    return query(
        f"""
        SELECT f.action_id, f.origin, f.title, f.status, f.issued_date, f.due_date,
               date_diff('day', f.due_date, CAST($month::DATE + INTERVAL 1 MONTH AS DATE)) - 1
                   AS days_overdue,
               k.region_code, r.region_name_ar, r.region_name_en, k.secretariat_code,
               s.secretariat_name_ar, s.secretariat_name_en
        FROM {_kpi_rows("ACT_OVERDUE_OPEN")}
        JOIN marts.fct_meeting_actions AS f ON f.action_id = k.record_id
        JOIN marts.dim_region AS r ON r.region_code = k.region_code
        JOIN marts.dim_secretariat AS s ON s.secretariat_code = k.secretariat_code
        WHERE {unit}
        ORDER BY f.due_date, f.action_id
        LIMIT $limit OFFSET $offset
        """,
        region=region,
        month=month,
        secretariat=secretariat,
        limit=int(limit),
        offset=int(offset),
        **params,
    )
