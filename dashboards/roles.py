"""Which pages each role gets (the data each page shows is scoped separately, in SQL); the
roles of each page are written in `dashboards.pages`.

- national: everything, the SQL console and the dictionary;
- analyst: everything read-only, with the SQL console and the dictionary;
- regional: their regions' scorecards and operations, the league table (overview), data quality
  of their regions and the dictionary — no SQL console;
- steward: data quality and quarantine of their regions, and the dictionary.
"""

from __future__ import annotations

from dashboards.pages import DASHBOARDS, ROLES, pages_of_role

__all__ = ["DASHBOARDS", "ROLE_PAGES", "SQL_ROLES", "may_open", "pages_for"]

ROLE_PAGES: dict[str, tuple[str, ...]] = {role: pages_of_role(role) for role in ROLES}
SQL_ROLES = tuple(role for role, pages in ROLE_PAGES.items() if "sql" in pages)


def pages_for(role: str) -> tuple[str, ...]:
    return ROLE_PAGES.get(role, ())


def may_open(role: str, page: str) -> bool:
    return page in pages_for(role)
