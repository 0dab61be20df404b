"""Only regular files inside the inbox are read: links (to files or folders), fifos and files
resolving outside the inbox are refused with a receipt, never opened, copied or archived, and
reported once rather than at every build."""

from __future__ import annotations

import os
from pathlib import Path

from mizan.ingest.api import ingest_inbox
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv


def _run(env):
    return ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])["complaints"]


def test_links_fifos_and_outside_files_are_refused_never_read(env, tmp_path):
    inbox = env.inbox("complaints")
    outside = write_csv(tmp_path / "outside" / "real.csv", COMPLAINT_HEADER, [complaint("T9")])
    (inbox / "passwd.csv").symlink_to("/etc/passwd")
    (inbox / "outside.csv").symlink_to(outside)
    (inbox / "dangling.csv").symlink_to(tmp_path / "nothing.csv")
    (inbox / "folder.csv").symlink_to(tmp_path / "outside", target_is_directory=True)
    os.mkfifo(inbox / "pipe.csv")  # opening it would block the build forever
    write_csv(inbox / "good.csv", COMPLAINT_HEADER, [complaint("T1")])

    receipts = _run(env)
    by_name = {Path(r.file).name: r for r in receipts}
    assert by_name["good.csv"].status == "loaded" and by_name["good.csv"].loaded == 1
    refused = {"passwd.csv", "outside.csv", "dangling.csv", "folder.csv", "pipe.csv"}
    assert set(by_name) == refused | {"good.csv"}
    for name in refused:
        r = by_name[name]
        assert r.status == "refused", r
        assert r.error_code == "not_a_regular_file", r
        assert r.archive_path is None and r.rows_in == 0
        assert "link" in r.error or "pipe" in r.error, r.error
    # nothing was copied: the archive holds the good file only, the links stay in the inbox
    archived = sorted(p.name for p in env.settings.archive.rglob("*") if p.is_file())
    assert archived == ["good.csv"]
    assert (inbox / "passwd.csv").is_symlink() and (inbox / "pipe.csv").exists()
    assert env.one("SELECT count(*) FROM raw.complaints WHERE ticket_id = 'T9'") == 0
    logged = env.rows(
        "SELECT file_name, status, error_code FROM raw.ingest_log WHERE status = 'refused' "
        "ORDER BY file_name"
    )
    assert [r[0] for r in logged] == sorted(refused)

    # the next build does not report them again ...
    assert _run(env) == []
    assert env.one("SELECT count(*) FROM raw.ingest_log WHERE status = 'refused'") == 5
    # ... but a link replaced by another (a new identity) is
    (inbox / "passwd.csv").unlink()
    (inbox / "passwd.csv").symlink_to("/etc/hostname")
    again = _run(env)
    assert [(Path(r.file).name, r.status) for r in again] == [("passwd.csv", "refused")]


def test_a_linked_source_folder_resolving_outside_the_inbox_is_refused(env, tmp_path):
    inbox = env.inbox("complaints")
    elsewhere = tmp_path / "elsewhere"
    write_csv(elsewhere / "c.csv", COMPLAINT_HEADER, [complaint("T1")])
    inbox.rmdir()
    inbox.symlink_to(elsewhere, target_is_directory=True)
    (receipt,) = _run(env)
    assert receipt.status == "refused" and "outside the inbox" in receipt.error
    assert (elsewhere / "c.csv").exists()
    assert env.one("SELECT count(*) FROM raw.complaints") == 0


def test_a_link_given_on_the_command_line_is_refused(env, tmp_path):
    real = write_csv(tmp_path / "real.csv", COMPLAINT_HEADER, [complaint("T1")])
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    (receipt,) = env.ingest("complaints", link)
    assert receipt.status == "refused"
    (receipt,) = env.ingest("complaints", real)
    assert receipt.status == "loaded"
