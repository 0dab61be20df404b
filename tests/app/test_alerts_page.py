"""The Alerts page: raised alerts of the user's scope and role, acknowledged with a button
(stored in the review store, audit-logged), in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from mizan.access import audit
from mizan.review import alerts, store
from mizan.settings import Settings
from tests.app.helpers import exceptions, html_blocks, run_page
from tests.support.users import demo_regions


@pytest.fixture
def alerts_home(own_home: Settings) -> Settings:
    """A home of its own with the demo snapshot, the test users and the alerts of the
    snapshot's last months raised."""
    settings = own_home
    assert alerts.evaluate(settings, today=date(2099, 1, 1)).raised
    return settings


def raised(settings: Settings) -> list[dict]:
    return store.read(settings.review_store_path, "SELECT * FROM alerts ORDER BY alert_id")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_national_user_sees_every_new_alert_and_acknowledges_one(alerts_home, lang):
    app = run_page("alerts", lang)
    assert exceptions(app) == []
    every = raised(alerts_home)
    buttons = [b for b in app.button if str(b.key).startswith("ack-")]
    assert {b.key.removeprefix("ack-") for b in buttons} == {a["alert_id"] for a in every}
    texts = "".join(html_blocks(app))
    assert all(a[f"text_{lang}"].replace("'", "&#x27;") in texts for a in every[:5])
    target = buttons[0].key.removeprefix("ack-")
    buttons[0].click().run()
    assert exceptions(app) == []
    (row,) = [a for a in raised(alerts_home) if a["alert_id"] == target]
    assert row["acknowledged_by"] == "nat" and row["acknowledged_at"]
    assert f"ack-{target}" not in [b.key for b in app.button]
    log = audit.read(alerts_home.audit_path)
    assert [e["alert"] for e in log if e["event"] == "alert_acknowledged"] == [target]


def test_regional_users_and_stewards_see_their_own_alerts_only(alerts_home):
    first, second = demo_regions()
    every = raised(alerts_home)
    regional = run_page("alerts", "en", user="reg")
    assert exceptions(regional) == []
    keys = {b.key.removeprefix("ack-") for b in regional.button if str(b.key).startswith("ack-")}
    assert keys and keys == {a["alert_id"] for a in every if a["region_code"] == first}
    # a steward sees the rules that concern stewards (missing files) of their region: none here
    steward = run_page("alerts", "en", user="stew")
    assert exceptions(steward) == []
    keys = {b.key.removeprefix("ack-") for b in steward.button if str(b.key).startswith("ack-")}
    assert keys == {
        a["alert_id"]
        for a in every
        if a["region_code"] == second and a["rule_code"] == "files_missing"
    }


def test_analysts_read_alerts_without_acknowledging(alerts_home):
    app = run_page("alerts", "en", user="ana")
    assert exceptions(app) == []
    assert not [b for b in app.button if str(b.key).startswith("ack-")]
    assert "New alerts" in "".join(html_blocks(app))
