"""Personal data and unknown columns: what the quarantine, the archive and temp folders keep.

The quarantine is published (stewards see it, analysts query it, pages download it): it keeps
the contract's columns (personal ones hashed) and only the names of columns the contract does
not know. The archive keeps the files as sent: owner-only. Temp folders of a killed ingest are
swept by the next run.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv

NATIONAL_ID = "29001011234567"
PHONE_2 = "01119876543"
SECRET_NOTE = "سري-لا-ينشر"
EXTRA_HEADER = [*COMPLAINT_HEADER, "national_id", "phone_2", "ملاحظات خاصة"]


def _extra(row: list[str]) -> list[str]:
    return [*row, NATIONAL_ID, PHONE_2, SECRET_NOTE]


def _assert_no_clear_values(env, *values: str) -> None:
    for (row_json,) in env.rows("SELECT row_json FROM raw.quarantine"):
        for value in values:
            assert value not in row_json, row_json
    for column in ("value", "record_key", "reason_en", "reason_ar"):
        for (text,) in env.rows(f"SELECT {column} FROM raw.quarantine"):
            for value in values:
                assert value not in (text or ""), text


def test_unknown_columns_reach_the_quarantine_by_name_only(env):
    rows = [_extra(complaint("T1")), _extra(complaint("T2", region="Atlantis"))]
    path = write_csv(env.inbox("complaints") / "extra.csv", EXTRA_HEADER, rows)
    (receipt,) = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (2, 1, 1)
    _assert_no_clear_values(env, NATIONAL_ID, PHONE_2, SECRET_NOTE, "01001234567", "محمد أحمد")
    (row_json,) = env.rows("SELECT row_json FROM raw.quarantine")[0]
    row = json.loads(row_json)
    # national_id is an alias of the contract's complainant_national_id: kept, hashed
    assert row["_unknown_columns"] == ["phone_2", "ملاحظات خاصة"]
    assert row["المحافظة"] == "Atlantis"  # contract columns stay, so the steward can fix the row
    assert len(row["رقم الجوال"]) == 64 and len(row["national_id"]) == 64  # personal: hashed
    assert "phone_2" not in row


def test_unknown_cells_of_a_malformed_row_are_not_kept(env):
    # a row with more cells than the header goes through Python's csv reader
    rows = [_extra(complaint("T1")), [*_extra(complaint("T2")), "0100 555 1234", "x@y.org"]]
    path = write_csv(env.inbox("complaints") / "wide.csv", EXTRA_HEADER, rows)
    (receipt,) = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (2, 1, 1)
    _assert_no_clear_values(env, NATIONAL_ID, PHONE_2, SECRET_NOTE, "0100 555 1234", "x@y.org")
    row = json.loads(env.one("SELECT row_json FROM raw.quarantine"))
    assert row["_unknown_columns"] == ["phone_2", "ملاحظات خاصة", "column_19", "column_20"]


def test_unknown_keys_of_json_records_are_not_kept(env):
    records = [
        {
            "ticket_id": "J1",
            "region": "Atlantis",
            "secretariat": "PR",
            "channel": "phone",
            "kind": "complaint",
            "category": "cleaning",
            "received_at": "2024-01-05 10:00",
            "status": "open",
            "national_id": NATIONAL_ID,
            "id_number_2": NATIONAL_ID,
            "contact": {"phone_2": PHONE_2},
        }
    ]
    path = env.inbox("complaints") / "extra.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (receipt,) = env.ingest("complaints", path)
    assert receipt.rejected == 1, receipt
    _assert_no_clear_values(env, NATIONAL_ID, PHONE_2)
    row = json.loads(env.one("SELECT row_json FROM raw.quarantine"))
    assert row["_unknown_columns"] == ["id_number_2", "contact"]
    assert len(row["national_id"]) == 64


def test_the_archive_is_owner_only(env):
    old = os.umask(0o022)
    try:
        path = write_csv(env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1")])
        outside = write_csv(env.settings.home.parent / "b.csv", COMPLAINT_HEADER, [complaint("T2")])
        receipts = env.ingest("complaints", path, outside)
    finally:
        os.umask(old)
    archived = [Path(r.archive_path) for r in receipts]
    assert all(p.exists() for p in archived)
    for p in archived:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    for folder in (env.settings.archive, env.settings.archive / "complaints"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_temp_folders_of_a_killed_ingest_are_swept(env):
    # a killed ingest (SIGKILL: no cleanup) leaves its private folder with a clear-text copy
    dead_pid = 2**22 + 12345  # above pid_max: no such process
    left = Path(tempfile.gettempdir()) / f"mizan-ingest-{dead_pid}-abc123"
    left.mkdir(mode=0o700)
    (left / "0.csv").write_text("clear text", encoding="utf-8")
    mine_alive = Path(tempfile.mkdtemp(prefix=f"mizan-ingest-{os.getpid()}-"))
    try:
        path = write_csv(env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1")])
        env.ingest("complaints", path)
        assert not left.exists()
        assert mine_alive.exists()  # a live process's folder is left alone
    finally:
        for folder in (left, mine_alive):
            if folder.exists():
                for child in folder.iterdir():
                    child.unlink()
                folder.rmdir()


def test_archive_purge_removes_files_past_their_retention(env):
    from click.testing import CliRunner

    from mizan.cli import main

    old = write_csv(env.inbox("complaints") / "old.csv", COMPLAINT_HEADER, [complaint("T1")])
    new = write_csv(env.inbox("complaints") / "new.csv", COMPLAINT_HEADER, [complaint("T2")])
    first, second = env.ingest("complaints", old, new)
    ten_days_ago = os.path.getmtime(first.archive_path) - 10 * 86400
    os.utime(first.archive_path, (ten_days_ago, ten_days_ago))
    home = str(env.settings.home)
    dry = CliRunner().invoke(
        main, ["archive", "purge", "--home", home, "--older-than", "7", "--dry-run"]
    )
    assert dry.exit_code == 0 and "would remove 1 file(s)" in dry.output
    assert Path(first.archive_path).exists()
    done = CliRunner().invoke(main, ["archive", "purge", "--home", home, "--older-than", "7"])
    assert done.exit_code == 0, done.output
    assert not Path(first.archive_path).exists() and Path(second.archive_path).exists()
