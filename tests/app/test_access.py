"""Sign-in, roles and scope in the app (issue #8), through Streamlit's AppTest: a regional user
tries to reach another region through each page, each URL parameter and each region widget —
refused, and logged in the audit log."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.auth import SESSION_KEY
from dashboards.catalogue import CATALOGUE
from mizan.access import audit
from tests.app.helpers import APP, PAGES, exceptions, run_page, signed_in, snapshot
from tests.support.users import TEST_PASSWORD, demo_regions

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]
PICKER_PAGES = ("scorecard", "responsiveness", "media", "community", "coordination")


def fresh() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=90)
    app.session_state["lang"] = "en"
    return app


def login(app: AppTest, username: str, password: str) -> AppTest:
    app.run()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()  # the form's submit button
    return app.run()


def events(path, event=None):
    return [e for e in audit.read(path) if event is None or e["event"] == event]


def test_nothing_is_shown_before_signing_in(app_home):
    app = fresh().run()
    assert exceptions(app) == []
    assert [t.value for t in app.title] == ["Sign in to Mizan"]
    assert not app.get("plotly_chart") and not app.dataframe


def test_the_login_form_is_arabic_first(app_home):
    app = AppTest.from_file(str(APP), default_timeout=90).run()
    assert app.title[0].value == "تسجيل الدخول إلى ميزان"


def test_a_wrong_password_is_refused_and_logged(app_home, audit_log):
    app = login(fresh(), "reg", "not-the-password")
    assert any("wrong" in e.value for e in app.error)
    assert SESSION_KEY not in app.session_state
    failed = events(audit_log, "login_failed")
    assert failed and failed[-1]["user"] == "reg"
    unknown = login(fresh(), "nobody", "whatever-it-is")
    assert any("wrong" in e.value for e in unknown.error)
    assert events(audit_log, "login_failed")[-1]["user"] == "nobody"


def test_repeated_failures_lock_the_user_name(app_home, audit_log):
    for _ in range(5):
        login(fresh(), "stew", "wrong-password!")
    app = login(fresh(), "stew", TEST_PASSWORD)  # even the right password, for a while
    assert any("Too many failed attempts" in e.value for e in app.error)
    assert events(audit_log, "login_failed")[-1]["reason"] == "locked"


def test_signing_in_and_out_is_logged(app_home, audit_log):
    app = login(fresh(), "reg", TEST_PASSWORD)
    assert exceptions(app) == []
    assert app.session_state[SESSION_KEY]["user"] == "reg"
    assert events(audit_log, "login")[-1]["user"] == "reg"
    app.button(key="logout").click().run()
    assert SESSION_KEY not in app.session_state
    assert events(audit_log, "logout")[-1]["user"] == "reg"
    assert app.title[0].value == "Sign in to Mizan"


def test_an_idle_session_expires(app_home, audit_log):
    app = fresh()
    app.session_state[SESSION_KEY] = {
        "user": "nat",
        "since": time.time() - 9 * 3600,
        "last": time.time() - 9 * 3600,
    }
    app.run()
    assert app.title[0].value == "Sign in to Mizan"
    assert any("session ended" in i.value for i in app.info)
    assert events(audit_log, "session_expired")[-1]["user"] == "nat"


def test_a_removed_user_is_signed_out_at_the_next_click(app_home, tmp_path, audit_log):
    app = signed_in(fresh(), "ana").run()
    assert app.title[0].value != "Sign in to Mizan"
    from mizan.access.users import load, save

    users = load(tmp_path / "users.json")
    del users["ana"]
    save(tmp_path / "users.json", users)
    app.run()
    assert app.title[0].value == "Sign in to Mizan"
    assert events(audit_log, "session_revoked")[-1]["user"] == "ana"


def test_without_a_users_file_the_app_serves_nobody(app_home, tmp_path, monkeypatch):
    monkeypatch.setenv("MIZAN_USERS", str(tmp_path / "absent.json"))
    app = signed_in(fresh(), "nat").run()
    assert any("no users file" in e.value for e in app.error)
    assert not app.title and not app.get("plotly_chart")


@pytest.mark.parametrize(
    ("user", "offered", "not_offered"),
    [
        ("nat", {"overview", "sql", "dictionary"}, set()),
        ("ana", {"overview", "sql", "dictionary"}, set()),
        ("reg", {"overview", "scorecard", "quality", "dictionary"}, {"sql"}),
        ("stew", {"quality", "dictionary"}, {"sql", "overview", "scorecard", "explorer", "media"}),
    ],
)
def test_pages_follow_the_role(app_home, user, offered, not_offered):
    for page in offered:
        app = run_page(page, "en", user=user)
        assert exceptions(app) == []
        title = CATALOGUE.get(f"page_{page}_title", ("", ""))[1]  # the scorecard's is the region
        assert app.title and app.title[0].value.startswith(title), (user, page)
    for page in not_offered:
        app = signed_in(fresh(), user).run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"views/{page}.py")


def test_a_page_reached_outside_its_role_stops(app_home, audit_log, monkeypatch):
    """The SQL page guards itself too (should it ever be reached another way)."""
    from dashboards import roles

    # the navigation offers the page by mistake; the page's own check still says no
    monkeypatch.setitem(roles.ROLE_PAGES, "regional", (*roles.ROLE_PAGES["regional"], "sql"))
    monkeypatch.setattr(roles, "may_open", lambda role, page: page != "sql")
    app = run_page("sql", "en", user="reg")
    assert any("not available to your role" in e.value for e in app.error)
    assert events(audit_log, "page_refused")[-1]["page"] == "sql"


@pytest.mark.parametrize("page", PAGES)
def test_a_regional_user_cannot_reach_another_region_through_the_url(app_home, audit_log, page):
    mine, other = demo_regions()
    app = signed_in(fresh(), "reg").run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
        app.run()
    app.query_params["region"] = other  # a link carrying another region
    app.run()
    assert exceptions(app) == []
    refused = events(audit_log, "scope_refused")
    assert refused and refused[0]["region"] == other and refused[0]["via_input"] == "url:region"
    assert refused[0]["user"] == "reg"
    names = snapshot(
        app_home.serving_path, "SELECT region_code, region_name_en FROM marts.dim_region"
    )
    name = names.set_index("region_code").loc[other, "region_name_en"]
    assert any(name in e.value for e in app.error)  # by its name
    _only_mine(app, page, mine)


@pytest.mark.parametrize("page", PICKER_PAGES)
def test_a_regional_user_cannot_reach_another_region_through_a_widget(app_home, audit_log, page):
    mine, other = demo_regions()
    app = run_page(page, "en", user="reg", **{f"{page}_region": other})
    assert exceptions(app) == []
    refused = events(audit_log, "scope_refused")
    assert refused and refused[-1]["region"] == other
    assert refused[-1]["via_input"] == f"widget:{page}_region"
    _only_mine(app, page, mine)


@pytest.mark.parametrize(
    ("page", "key"),
    [
        ("explorer", "drill_region"),
        ("quality", "quality_region"),
        ("quality", "quarantine_region"),
        ("overview", "scorecard_region"),  # a stale value of another page's widget
    ],
)
def test_drill_down_and_quality_filters_refuse_another_region(app_home, audit_log, page, key):
    mine, other = demo_regions()
    app = run_page(page, "en", user="reg", **{key: other})
    assert exceptions(app) == []
    assert events(audit_log, "scope_refused")[-1]["via_input"] == f"widget:{key}"
    _only_mine(app, page, mine)


def _only_mine(app: AppTest, page: str, mine: str) -> None:
    """Every region widget of the page is at the user's own region (or 'all of mine')."""
    boxes = [b for b in app.selectbox if b.key and b.key.endswith("_region")]
    if page in PICKER_PAGES:
        assert boxes
    for box in boxes:
        assert box.value in (mine, None, ""), box.key
        if page in PICKER_PAGES and box.key == f"{page}_region":
            assert len(box.options) == 1, box.key


def test_the_data_layer_refusal_is_logged_and_shown(app_home, audit_log, monkeypatch):
    """A page that asked the data layer for another region (a bug, or a forged value that got
    through) stops with the refusal, logged — nothing of the other region is drawn."""
    _, other = demo_regions()
    import dashboards.pillar_view as pillar_view

    real = pillar_view.Unit
    monkeypatch.setattr(
        pillar_view, "Unit", lambda region, secretariat, name: real(other, secretariat, name)
    )
    app = run_page("media", "en", user="reg")
    assert exceptions(app) == []
    assert events(audit_log, "scope_refused")[-1]["via_input"] == "data"
    assert not app.get("plotly_chart")


@pytest.mark.parametrize("page", [p for p in PAGES if p != "overview"])
def test_a_regional_user_sees_nothing_of_another_region_on_any_page(app_home, page):
    """Besides the overview's league table of composites, no page shows another region:
    not in a table, a grid (what the downloads carry), a chart or a selectbox. (The quality
    page as the steward, whose region is the second one.)"""
    from tests.app.helpers import snapshot

    first, second = demo_regions()
    user, mine, other = ("stew", second, first) if page == "quality" else ("reg", first, second)
    names = snapshot(
        app_home.serving_path,
        "SELECT region_code, region_name_ar, region_name_en FROM marts.dim_region",
    ).set_index("region_code")
    for lang in ("en", "ar"):
        app = run_page(page, lang, user=user)
        assert exceptions(app) == []
        shown = [b.value for b in app.get("html")]
        shown += [c.proto.spec for c in app.get("plotly_chart")]
        shown += [d.value.to_csv() for d in app.dataframe]
        shown += [" ".join(map(str, s.options)) for s in app.selectbox]
        shown += [t.value for t in app.title] + [c.value for c in app.caption]
        text = "\n".join(shown)
        assert names.loc[other, f"region_name_{lang}"] not in text
        if page != "quality":  # the page is about the user's own region
            assert names.loc[mine, f"region_name_{lang}"] in text


def test_the_explorer_comparison_refuses_another_region(app_home, audit_log):
    mine, other = demo_regions()
    app = run_page("explorer", "en", user="reg", explorer_compare_ALL=[mine, other])
    assert exceptions(app) == []
    event = events(audit_log, "scope_refused")[-1]
    assert event["region"] == other and event["via_input"] == "widget:explorer_compare_ALL"
    assert app.multiselect[0].value == [mine]


@pytest.fixture
def downloads(monkeypatch):
    """The files behind the download buttons of a run (file name -> the deferred callable)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name or coordinates] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


@pytest.mark.parametrize("page", PAGES)
def test_every_download_of_a_regional_user_is_scoped_and_logged(
    app_home, audit_log, downloads, page
):
    """What each download button of each page would hand over, read as a CSV: no other region
    (the overview's league table of composites excepted), and one `export` event per file."""
    import io

    import pandas as pd

    from tests.app.helpers import snapshot

    first, second = demo_regions()
    user, _mine, other = ("stew", second, first) if page == "quality" else ("reg", first, second)
    names = snapshot(
        app_home.serving_path,
        "SELECT region_code, region_name_en FROM marts.dim_region",
    ).set_index("region_code")["region_name_en"]
    app = run_page(page, "en", user=user)
    assert exceptions(app) == []
    files = {name: make for name, make in downloads.items() if str(name).endswith(".csv")}
    if page != "overview":
        assert files or page in ("quality",), f"{page}: no downloads"
    before = len(events(audit_log, "export"))
    for name, make in files.items():
        frame = pd.read_csv(io.BytesIO(make()), encoding="utf-8-sig", dtype=str)
        text = frame.to_csv()
        if "league" in name:
            continue  # the composites of every region are public
        assert other not in set(frame.stack()), name
        assert names[other] not in text, name
    exports = events(audit_log, "export")[before:]
    assert len(exports) == len(files)
    assert all(e["user"] == user and e["format"] == "csv" for e in exports)


def test_a_national_users_downloads_hold_every_region(app_home, downloads):
    """The control of the test above: the same download holds other regions for a national
    user."""
    import io

    import pandas as pd

    first, second = demo_regions()
    run_page("explorer", "en", user="nat")
    matrix = next(make for name, make in downloads.items() if str(name).endswith(".csv"))
    frame = pd.read_csv(io.BytesIO(matrix()), encoding="utf-8-sig", dtype=str)
    assert {first, second} <= set(frame.stack())


AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret",
        "client_id": "mizan",
        "client_secret": "test-only",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    }
}


@pytest.fixture
def oidc_user(app_home, tmp_path):
    """An analyst whom OIDC sign-in maps by e-mail."""
    from dataclasses import replace

    from mizan.access.users import load, save

    users = load(tmp_path / "users.json")
    users["ana"] = replace(users["ana"], email="ana@example.org")
    save(tmp_path / "users.json", users)
    return "ana@example.org"


def test_oidc_offers_its_button_and_maps_the_email_to_a_user(app_home, audit_log, oidc_user):
    app = fresh()
    app.secrets = AUTH_SECRETS
    app.user = {"is_logged_in": False}
    app.run()
    assert any("organisation account" in b.label for b in app.button)
    app.user = {"is_logged_in": True, "email": oidc_user.upper(), "email_verified": True}
    app.run()
    assert exceptions(app) == []
    assert app.session_state[SESSION_KEY]["user"] == "ana"
    event = events(audit_log, "login")[-1]
    assert event["user"] == "ana" and event["method"] == "oidc"


@pytest.mark.parametrize("trust", ["", "1"])
def test_oidc_without_an_email_verified_claim_needs_the_deployment_to_trust_it(
    app_home, audit_log, oidc_user, monkeypatch, trust
):
    monkeypatch.setenv("MIZAN_OIDC_TRUST_EMAIL", trust)
    app = fresh()
    app.secrets = AUTH_SECRETS
    app.user = {"is_logged_in": True, "email": oidc_user}
    app.run()
    assert exceptions(app) == []
    if trust:
        assert app.session_state[SESSION_KEY]["user"] == "ana"
    else:
        assert SESSION_KEY not in app.session_state
        assert events(audit_log, "login_failed")[-1]["user"] == oidc_user


def test_oidc_refuses_an_email_no_user_has(app_home, audit_log, oidc_user):
    app = fresh()
    app.secrets = AUTH_SECRETS
    app.user = {"is_logged_in": True, "email": "stranger@example.org", "email_verified": True}
    app.run()
    assert any("not registered" in e.value for e in app.error)
    assert SESSION_KEY not in app.session_state
    assert events(audit_log, "login_failed")[-1]["user"] == "stranger@example.org"


def test_a_link_to_a_page_the_role_lacks_is_refused_and_logged(app_home, audit_log):
    app = signed_in(fresh(), "reg")
    app.context = {"url": "http://localhost:8501/sql?lang=en"}
    app.run()
    assert exceptions(app) == []
    assert any("not available to your role" in e.value for e in app.error)
    event = events(audit_log, "page_refused")[-1]
    assert event["page"] == "sql" and event["user"] == "reg"
    assert not any(t.value == "Read-only SQL" for t in app.title)
