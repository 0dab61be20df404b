"""Status bands of scores (composite and pillar), derived from the KPI scoring in dbt.

A KPI that meets its target scores 100 / cap (cap = dbt var mizan_attainment_cap, 1.2) = 83.3,
and the amber band starts at 90 % of target (the default amber ratio) = 75. A composite or
pillar score gets a status on the same bands, so that "green" means "on target on average".
"""

from __future__ import annotations

ATTAINMENT_CAP = 1.2
AMBER_RATIO = 0.9
GREEN_FROM = 100 / ATTAINMENT_CAP
AMBER_FROM = AMBER_RATIO * 100 / ATTAINMENT_CAP


def band(score: float | None) -> str:
    """'green', 'amber', 'red', or 'grey' without a score."""
    if score is None or score != score:
        return "grey"
    if score >= GREEN_FROM:
        return "green"
    return "amber" if score >= AMBER_FROM else "red"


def band_sql(column: str) -> str:
    """The same in SQL."""
    return (
        f"CASE WHEN {column} IS NULL THEN 'grey' WHEN {column} >= {GREEN_FROM!r} THEN 'green' "
        f"WHEN {column} >= {AMBER_FROM!r} THEN 'amber' ELSE 'red' END"
    )
