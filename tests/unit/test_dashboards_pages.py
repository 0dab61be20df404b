"""The page list (`dashboards/pages.py`), written once: every page has its file and its title in
the catalogue, and the roles get the pages they got before the list was centralised."""

from __future__ import annotations

from pathlib import Path

from dashboards import pages, roles
from dashboards.catalogue import CATALOGUE
from mizan.access.users import ROLES

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"

MONTHLY = (
    "overview",
    "scorecard",
    "explorer",
    "responsiveness",
    "media",
    "community",
    "coordination",
    "quality",
)


def test_every_page_has_its_file_title_and_section() -> None:
    assert len(pages.BY_ID) == len(pages.PAGES)
    for page in pages.PAGES:
        assert (DASHBOARDS / page.path).is_file(), page.path
        assert page.title in CATALOGUE and page.section in CATALOGUE
        assert page.section in pages.SECTIONS
        assert set(page.roles) <= set(ROLES)
    views = {path.stem for path in (DASHBOARDS / "views").glob("*.py")}
    assert views == set(pages.BY_ID)


def test_the_roles_get_the_pages_they_always_got() -> None:
    assert set(pages.ROLES) == set(ROLES)
    assert pages.DASHBOARDS == MONTHLY
    # the Alerts page (issue 17) is everyone's, each seeing the alerts of their scope and role
    with_alerts = (*MONTHLY[:3], "alerts", *MONTHLY[3:])
    # the upload page (issue 19) is the stewards' and the national users'
    before = {
        "national": (*with_alerts, "upload", "sql", "dictionary"),
        "analyst": (*with_alerts, "sql", "dictionary"),
        "regional": (*with_alerts, "dictionary"),
        "steward": ("alerts", "quality", "upload", "dictionary"),
    }
    assert before == roles.ROLE_PAGES
    assert roles.SQL_ROLES == ("national", "analyst")
    assert roles.may_open("regional", "scorecard") and not roles.may_open("regional", "sql")
    assert roles.pages_for("nobody") == ()
