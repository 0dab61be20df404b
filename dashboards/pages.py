"""The pages of the app, written once: id (the file `views/<id>.py` and the URL path), title,
icon, navigation section and the roles that get it. `roles.py`, the navigation
(`shell/navigation.py`), the serve-latency benchmark and the app tests all read this list.

No Streamlit here: the benchmark and the tests import it without an app running.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL, ANALYST, REGIONAL, STEWARD = "national", "analyst", "regional", "steward"
ROLES = (NATIONAL, ANALYST, REGIONAL, STEWARD)
EVERYONE = ROLES
READERS = (NATIONAL, ANALYST, REGIONAL)  # the scorecards and operations (scoped in SQL)
SQL_USERS = (NATIONAL, ANALYST)
UPLOADERS = (NATIONAL, STEWARD)  # stewards send their regions' files; national users any region's

SECTIONS = ("nav_scorecards", "nav_operations", "nav_data")  # catalogue keys, in order


@dataclass(frozen=True)
class Page:
    id: str
    title: str  # catalogue key
    icon: str
    section: str  # catalogue key, one of SECTIONS
    roles: tuple[str, ...]
    # a dashboard over the month chosen in the sidebar (the SQL console and the dictionary
    # are tools over the whole snapshot)
    dashboard: bool = True

    @property
    def path(self) -> str:
        """The page's file, relative to `dashboards/app.py`."""
        return f"views/{self.id}.py"


PAGES: tuple[Page, ...] = (
    Page("overview", "page_overview", ":material/leaderboard:", "nav_scorecards", READERS),
    Page("scorecard", "page_scorecard", ":material/assignment:", "nav_scorecards", READERS),
    Page("explorer", "page_explorer", ":material/query_stats:", "nav_scorecards", READERS),
    Page(
        "alerts",
        "page_alerts",
        ":material/notifications:",
        "nav_scorecards",
        EVERYONE,
        dashboard=False,
    ),
    Page(
        "responsiveness",
        "page_responsiveness",
        ":material/support_agent:",
        "nav_operations",
        READERS,
    ),
    Page("media", "page_media", ":material/newspaper:", "nav_operations", READERS),
    Page("community", "page_community", ":material/diversity_3:", "nav_operations", READERS),
    Page("coordination", "page_coordination", ":material/handshake:", "nav_operations", READERS),
    Page("quality", "page_quality", ":material/fact_check:", "nav_data", EVERYONE),
    Page("upload", "page_upload", ":material/upload_file:", "nav_data", UPLOADERS, dashboard=False),
    Page("sql", "page_sql", ":material/terminal:", "nav_data", SQL_USERS, dashboard=False),
    Page(
        "dictionary",
        "page_dictionary",
        ":material/menu_book:",
        "nav_data",
        EVERYONE,
        dashboard=False,
    ),
)
BY_ID = {page.id: page for page in PAGES}
DASHBOARDS = tuple(page.id for page in PAGES if page.dashboard)


def pages_of_role(role: str) -> tuple[str, ...]:
    """The ids of the pages `role` gets, in navigation order."""
    return tuple(page.id for page in PAGES if role in page.roles)
