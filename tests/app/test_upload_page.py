"""The steward's upload page (AppTest): who gets it, the preview with its refusals, the scope
(a steward never sends another region's rows), bad files, and a send that lands the file in the
inbox, loads it and is audit-logged. Each figure is checked against the file's own rows."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboards.pages import pages_of_role
from mizan.access.audit import read
from mizan.ingest.upload import UploadRefused, safe_name, staged
from tests.app.helpers import run_page
from tests.integration.test_real_files import us_rows, write_us_csv
from tests.support.pipeline import copy_home
from tests.support.users import demo_regions, write_test_users

pytestmark = [pytest.mark.slow]


def mapping_for(region: str) -> str:
    return f"""\
source: complaints
fields:
  ticket_id: Case Number
  region_code: {{constant: {region}}}
  secretariat_code: {{constant: PR}}
  channel: {{constant: phone}}
  kind: {{constant: complaint}}
  category:
    header: Case Type
    values: {{Pothole: paving, Streetlight Out: lighting, Graffiti: cleaning}}
    default: other
  received_at: Opened
  resolved_at: Closed
  status:
    header: Status
    values: {{Closed: resolved, Open: open}}
"""


@pytest.fixture
def home(demo_snapshot, tmp_path, monkeypatch) -> Path:
    """A copy of the demo deployment (the page writes to its inbox and warehouse), with a
    mapping for each of the two test regions already in the inbox."""
    home = copy_home(demo_snapshot.home, tmp_path / "home")
    for region in demo_regions():
        folder = home / "inbox" / "complaints" / f"city-{region.lower()}"
        folder.mkdir(parents=True)
        (folder / "mapping.yml").write_text(mapping_for(region), encoding="utf-8")
    monkeypatch.setenv("MIZAN_HOME", str(home))
    monkeypatch.setenv("MIZAN_PROFILE", "municipal-sa")
    write_test_users(tmp_path / "users.json")
    monkeypatch.setenv("MIZAN_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("MIZAN_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    return home


def the_file(tmp_path: Path, *, unknown_status: int = 0) -> tuple[bytes, list[dict]]:
    rows = us_rows(40, seed=8, first_year=2025, last_year=2025)
    for r in rows[:unknown_status]:
        r["Status"] = "Duplicate"  # no value of the mapping: refused
    return write_us_csv(tmp_path / "requests.csv", rows).read_bytes(), rows


def open_with(app, data: bytes, mapping: str | None, name: str = "requests.csv"):
    app.selectbox(key="upload_source").set_value("complaints").run()
    app.file_uploader(key="upload_file").set_value((name, data, "text/csv")).run()
    if mapping:
        app.radio(key="upload_how").set_value("existing").run()
        app.selectbox(key="upload_mapping_pick").set_value(mapping).run()
    return app


def texts(app) -> str:
    parts = [e.value for e in (*app.error, *app.info, *app.success, *app.caption)]
    parts += [b.value for b in app.get("html")]
    return "\n".join(str(p) for p in parts)


def test_stewards_and_national_users_get_the_page_and_no_one_else():
    assert "upload" in pages_of_role("steward") and "upload" in pages_of_role("national")
    assert "upload" not in pages_of_role("regional") and "upload" not in pages_of_role("analyst")


def test_a_regional_user_reaching_the_page_is_refused(home, tmp_path, monkeypatch):
    from dashboards import roles

    # the navigation offers the page by mistake; the page's own check still says no
    monkeypatch.setitem(roles.ROLE_PAGES, "regional", (*roles.ROLE_PAGES["regional"], "upload"))
    monkeypatch.setattr(roles, "may_open", lambda role, page: page != "upload")
    app = run_page("upload", "en", user="reg")
    assert not app.exception
    assert not app.file_uploader, "the page went on for a role it is not for"
    assert any(e["event"] == "page_refused" for e in read(tmp_path / "audit.jsonl"))


def test_the_preview_shows_what_would_load_and_writes_nothing(home, tmp_path):
    own = demo_regions()[1]  # the test steward's region
    data, _ = the_file(tmp_path, unknown_status=5)
    app = open_with(run_page("upload", "ar", user="stew"), data, f"city-{own.lower()}")
    assert not app.exception, app.exception
    shown = texts(app)
    # 40 rows: 35 would load, the 5 with a status the mapping does not know would be refused
    assert "40" in shown and "35" in shown and "5" in shown
    assert "mdy" in shown  # the date order chosen, from the AM/PM
    assert f"{own}: 35" in shown
    first = app.dataframe[0].value
    assert list(first["#"])[:5] == [1, 2, 3, 4, 5] and set(first[""][:5]) == {"✖"}
    assert not list((home / "inbox" / "complaints").rglob("*.csv"))  # nothing landed
    assert not app.button(key="upload_submit").disabled


def test_a_steward_cannot_send_another_regions_rows(home, tmp_path):
    other = demo_regions()[0]
    data, _ = the_file(tmp_path)
    app = open_with(run_page("upload", "ar", user="stew"), data, f"city-{other.lower()}")
    assert not app.exception, app.exception
    assert f"{other} (40)" in texts(app)
    assert not [b for b in app.button if b.key == "upload_submit"]
    assert not list((home / "inbox" / "complaints").rglob("*.csv"))
    refused = [e for e in read(tmp_path / "audit.jsonl") if e["event"] == "upload_refused"]
    assert refused and refused[-1]["reason"] == "outside_scope"


def test_an_empty_file_is_refused_with_a_reason(home, tmp_path):
    app = run_page("upload", "ar", user="stew")
    app.selectbox(key="upload_source").set_value("complaints").run()
    app.file_uploader(key="upload_file").set_value(("requests.csv", b"  \n", "text/csv")).run()
    assert not app.exception, app.exception
    assert "فارغ" in texts(app)
    assert not list((home / "inbox" / "complaints").rglob("*.csv"))


@pytest.mark.parametrize(
    "name, data, reason",
    [("requests.pdf", b"%PDF-1.4", "upload_bad_extension"), ("a.csv", b" \n", "upload_empty")],
)
def test_files_the_page_cannot_take_are_refused_before_anything_is_read(name, data, reason):
    """The uploader's own filter stops other types in a browser; the reading checks again."""
    with pytest.raises(UploadRefused) as refused, staged(name, data):
        pass
    assert refused.value.reason == reason


def test_uploaded_names_keep_their_letters_and_lose_their_folders():
    assert safe_name("../../etc/passwd.csv") == "passwd.csv"
    assert safe_name("بلاغات يناير.XLSX") == "بلاغات_يناير.xlsx"
    assert safe_name("$(rm -rf).json") == "rm_-rf.json"


def test_sending_lands_the_file_in_the_inbox_loads_it_and_logs_it(home, tmp_path):
    own = demo_regions()[1]
    data, _ = the_file(tmp_path, unknown_status=5)
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    before = con.execute("SELECT count(*) FROM raw.complaints").fetchone()[0]
    con.close()
    app = open_with(run_page("upload", "ar", user="stew"), data, f"city-{own.lower()}")
    app.button(key="upload_submit").click().run()
    assert not app.exception, app.exception
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        after = con.execute("SELECT count(*) FROM raw.complaints").fetchone()[0]
        (log_row,) = con.execute(
            "SELECT rows_in, loaded, rejected, file_name FROM raw.ingest_log "
            "WHERE file_name LIKE '%requests.csv'"
        ).fetchall()
    finally:
        con.close()
    assert after - before == 35
    assert log_row[:3] == (40, 35, 5)
    # landed beside the mapping it was read with, then archived as inbox files are
    assert (home / "archive" / "complaints").exists()
    archived = list((home / "archive" / "complaints").rglob("*requests.csv"))
    assert len(archived) == 1 and archived[0].read_bytes() == data
    assert "stew" in archived[0].name
    refused_rows = app.dataframe[-1].value
    assert len(refused_rows) == 5
    (event,) = [e for e in read(tmp_path / "audit.jsonl") if e["event"] == "upload"]
    assert (event["user"], event["loaded"], event["rejected"]) == ("stew", 35, 5)
    # landed beside the mapping it was read with (that mapping's inbox folder)
    assert event["landed"].startswith(f"inbox/complaints/city-{own.lower()}/")
    assert json.dumps(event, ensure_ascii=False).count("requests.csv") >= 1
