"""Which pages each role gets (the data each page shows is scoped separately, in SQL).

- national: everything, the SQL console and the dictionary;
- analyst: everything read-only, with the SQL console and the dictionary;
- regional: their regions' scorecards and operations, the league table (overview), data quality
  of their regions and the dictionary — no SQL console;
- steward: data quality and quarantine of their regions, and the dictionary.
"""

from __future__ import annotations

DASHBOARDS = (
    "overview",
    "scorecard",
    "explorer",
    "responsiveness",
    "media",
    "community",
    "coordination",
    "quality",
)
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "national": (*DASHBOARDS, "sql", "dictionary"),
    "analyst": (*DASHBOARDS, "sql", "dictionary"),
    "regional": (*DASHBOARDS, "dictionary"),
    "steward": ("quality", "dictionary"),
}
SQL_ROLES = tuple(role for role, pages in ROLE_PAGES.items() if "sql" in pages)


def pages_for(role: str) -> tuple[str, ...]:
    return ROLE_PAGES.get(role, ())


def may_open(role: str, page: str) -> bool:
    return page in pages_for(role)
