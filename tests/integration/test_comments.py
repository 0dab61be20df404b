"""Comments on KPIs (the review store): scoped and audit-logged, unaffected by a republish, and
whole after a SIGKILL in the middle of saving."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mizan.access import audit
from mizan.access.users import User
from mizan.publish import publish_snapshot
from mizan.review import store
from mizan.review.comments import CommentError, add_comment, comments, delete_comment
from mizan.settings import Settings

NATIONAL = User("nat", "national")
OWN = User("reg", "regional", ("RIYADH",))
STEWARD = User("stew", "steward", ("RIYADH",))
ANALYST = User("ana", "analyst")
MONTH = "2026-11-01"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", profile="municipal-sa")


def test_a_regional_user_comments_on_their_own_region_only(settings):
    comment = add_comment(
        settings, OWN, region="RIYADH", kpi="CMP_BACKLOG", month=MONTH,
        body="Backlog up after the Eid break; two extra staff from the 5th.",
        owner="Head of customer care", due=date(2026, 12, 15),
    )  # fmt: skip
    for user, region in ((OWN, "MAKKAH"), (OWN, "ALL"), (STEWARD, "RIYADH"), (ANALYST, "RIYADH")):
        with pytest.raises(PermissionError):
            add_comment(settings, user, region=region, kpi="CMP_BACKLOG", month=MONTH, body="x")
    add_comment(settings, NATIONAL, region="MAKKAH", kpi="MED_ITEMS", month=MONTH, body="Asked.")
    (mine,) = comments(settings, {"RIYADH"}, region="RIYADH", month=MONTH)
    assert mine["comment_id"] == comment and mine["owner"] == "Head of customer care"
    assert mine["due_date"] == "2026-12-15" and mine["author"] == "reg"
    assert comments(settings, {"RIYADH"}, region="MAKKAH", month=MONTH) == []  # out of scope
    assert len(comments(settings, None, region="MAKKAH", month=MONTH)) == 1
    log = audit.read(settings.audit_path)
    refused = [e for e in log if e["event"] == "scope_refused"]
    assert [(e["user"], e["region"]) for e in refused] == [
        ("reg", "MAKKAH"), ("reg", "ALL"), ("stew", "RIYADH"), ("ana", "RIYADH"),
    ]  # fmt: skip
    assert [e["comment"] for e in log if e["event"] == "comment_added"] == [comment, comment + 1]
    with pytest.raises(CommentError):
        add_comment(settings, OWN, region="RIYADH", kpi="CMP_BACKLOG", month=MONTH, body="  ")
    with pytest.raises(PermissionError):  # not the author, not national
        delete_comment(settings, User("reg2", "regional", ("RIYADH",)), comment)
    delete_comment(settings, NATIONAL, comment)
    assert comments(settings, None, region="RIYADH", month=MONTH) == []
    assert (settings.review_store_path.stat().st_mode & 0o777) == 0o600


def test_comments_survive_a_republish(demo_snapshot, tmp_path):
    home = tmp_path / "home"
    settings = Settings(home=home, profile="municipal-sa")
    add_comment(settings, NATIONAL, region="RIYADH", kpi="MED_ITEMS", month=MONTH, body="Kept.")
    # publish twice from the demo warehouse's tables into this home
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{demo_snapshot.serving_path}' AS warehouse (READ_ONLY)")
        con.execute("USE warehouse")
        publish_snapshot(con, settings)
        publish_snapshot(con, settings)
    assert settings.serving_path.exists()
    assert [c["body"] for c in comments(settings, None, region="RIYADH", month=MONTH)] == ["Kept."]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mizan.access.users import User
    from mizan.review.comments import add_comment
    from mizan.settings import Settings

    settings = Settings(home=Path(sys.argv[1]), profile="municipal-sa")
    user = User("nat", "national")
    n = 0
    while True:
        n += 1
        add_comment(settings, user, region="RIYADH", kpi="MED_ITEMS", month="2026-11-01",
                    body=f"note {n} " + "x" * 1500, owner=f"owner {n}")
        print(n, flush=True)
    """
)


def test_a_sigkill_while_saving_leaves_every_saved_comment_whole(tmp_path):
    home = tmp_path / "home"
    settings = Settings(home=home, profile="municipal-sa")
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MIZAN_AUDIT_LOG": str(tmp_path / "audit.jsonl")},
    )
    saved = 0
    deadline = time.monotonic() + 60
    while saved < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if line:
            saved = int(line)
    os.kill(child.pid, signal.SIGKILL)  # in the middle of the next save
    child.wait()
    assert saved >= 40
    con = sqlite3.connect(settings.review_store_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    rows = comments(settings, None, region="RIYADH", month=MONTH)
    numbers = sorted(int(r["body"].split()[1]) for r in rows)
    # every save reported is there, whole; at most the one being killed was also committed
    assert numbers[:saved] == list(range(1, saved + 1)) and len(numbers) in (saved, saved + 1)
    assert all(r["owner"] == f"owner {r['body'].split()[1]}" for r in rows)
    # the store still takes writes
    add_comment(settings, NATIONAL, region="RIYADH", kpi="MED_ITEMS", month=MONTH, body="after")
    with store.connect(settings.review_store_path) as connection:
        assert connection.execute("SELECT count(*) FROM comments").fetchone()[0] == len(rows) + 1
