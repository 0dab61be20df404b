"""The report pack on the scorecard: a user whose scope covers the region prepares the month's
pack when the build has not written it, then downloads it (both audit-logged); the national
pack is offered to unrestricted scopes only."""

from __future__ import annotations

import shutil

from dashboards.report_download import covers
from dashboards.scope import ORGANISATION, Scope
from mizan.access import audit
from tests.app.helpers import exceptions, run_page
from tests.support.users import demo_regions


def downloads(app) -> list:
    return list(app.get("download_button"))


def test_a_regional_user_prepares_and_downloads_their_regions_pack(own_home):
    first, _ = demo_regions()
    app = run_page("scorecard", "ar", user="reg", scorecard_region=first)
    assert exceptions(app) == []
    assert downloads(app) == [] or all("pack" not in str(d.id) for d in downloads(app))
    prepare = [b for b in app.button if b.key == f"pack-prepare-{first}"]
    assert len(prepare) == 1
    prepare[0].click().run(timeout=120)
    assert exceptions(app) == []
    folders = list((own_home.home / "reports").iterdir())
    assert len(folders) == 1
    written = sorted(p.name for p in folders[0].iterdir())
    if shutil.which("chromium"):
        assert written == [f"{first}-ar.pdf", f"{first}-ar.xlsx"]
    else:
        assert written == [f"{first}-ar.xlsx"]
    assert not [b for b in app.button if b.key == f"pack-prepare-{first}"]
    assert [d for d in downloads(app) if f"pack-xlsx-{first}" in str(d.id)]
    events = [e for e in audit.read(own_home.audit_path) if e["event"] == "report_prepared"]
    assert len(events) == 1 and events[0]["user"] == "reg" and events[0]["region"] == first


def test_the_national_pack_is_for_unrestricted_scopes_only():
    first, second = demo_regions()
    regional = Scope(frozenset({first}))
    assert covers(regional, first)
    assert not covers(regional, second)
    assert not covers(regional, ORGANISATION)
    assert covers(Scope(None), ORGANISATION) and covers(Scope(None), second)
