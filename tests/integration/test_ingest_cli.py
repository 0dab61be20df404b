"""`mizan ingest` and `mizan quarantine` as a data steward runs them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mizan.cli.ingest import ingest_command, quarantine_command
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv


def run(command, args, home):
    env = {
        "MIZAN_HOME": str(home),
        "MIZAN_PROFILE": "party-eg",
        "MIZAN_SECRET": "cli-secret",
        "MIZAN_TZ": "",
    }
    return CliRunner().invoke(command, args, env=env, catch_exceptions=False)


def test_ingest_prints_one_json_receipt_per_file_and_exits_0_with_quarantined_rows(tmp_path):
    home = tmp_path / "home"
    a = write_csv(
        tmp_path / "a.csv", COMPLAINT_HEADER, [complaint("T1"), complaint("T2", region="Atlantis")]
    )
    b = write_csv(tmp_path / "b.csv", COMPLAINT_HEADER, [complaint("T3")])
    result = run(ingest_command, ["complaints", str(a), str(b)], home)
    assert result.exit_code == 0, result.output
    receipts = [json.loads(line) for line in result.output.splitlines()]
    assert [
        (r["file"].rsplit("/", 1)[1], r["rows_in"], r["loaded"], r["rejected"], r["status"])
        for r in receipts
    ] in (
        [("a.csv", 2, 1, 1, "loaded"), ("b.csv", 1, 1, 0, "loaded")],
        [("b.csv", 1, 1, 0, "loaded"), ("a.csv", 2, 1, 1, "loaded")],
    )
    for r in receipts:
        assert {
            "file",
            "sha256",
            "source",
            "rows_in",
            "loaded",
            "rejected",
            "unchanged",
            "status",
            "error",
        } <= set(r)

    again = run(ingest_command, ["complaints", str(a)], home)
    assert again.exit_code == 0 and json.loads(again.output)["status"] == "already_ingested"

    listed = run(quarantine_command, ["--json", "--lang", "en"], home)
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["file_name"], r["row_number"], r["reason"]) for r in rows] == [
        ("a.csv", 2, "unknown_region")
    ]
    table = run(quarantine_command, ["--source", "complaints", "--file", "a.csv"], home)
    assert table.exit_code == 0 and "unknown_region" in table.output and "Atlantis" in table.output


def test_ingest_exits_2_when_a_file_is_rejected_whole(tmp_path):
    home = tmp_path / "home"
    good = write_csv(tmp_path / "good.csv", COMPLAINT_HEADER, [complaint("T1")])
    bad = write_csv(tmp_path / "bad.csv", ["a", "b"], [["1", "2"]])
    missing = tmp_path / "no_such_file.csv"
    result = run(ingest_command, ["complaints", str(good), str(bad), str(missing)], home)
    assert result.exit_code == 2
    statuses = {
        json.loads(line)["file"].rsplit("/", 1)[1]: json.loads(line)
        for line in result.output.splitlines()
    }
    assert statuses["good.csv"]["status"] == "loaded"
    assert (
        statuses["bad.csv"]["status"] == "rejected" and "ticket_id" in statuses["bad.csv"]["error"]
    )
    assert statuses["no_such_file.csv"]["status"] == "rejected"


def test_ingest_with_a_mapping_and_a_bad_mapping(tmp_path):
    home = tmp_path / "home"
    path = write_csv(
        tmp_path / "x.csv",
        ["Case", "Gov", "Dept", "Via", "Type", "Cat", "Opened", "State"],
        [["X1", "Cairo", "PR", "phone", "complaint", "water", "12/31/2023", "new"]],
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "fields:\n  ticket_id: Case\n  region_code: Gov\n  secretariat_code: Dept\n  channel: Via\n"
        "  kind: Type\n  category: Cat\n  received_at: {header: Opened, format: '%m/%d/%Y'}\n"
        "  status: State\n",
        encoding="utf-8",
    )
    result = run(ingest_command, ["complaints", str(path), "--mapping", str(mapping)], home)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["loaded"] == 1
    broken = tmp_path / "broken.yml"
    broken.write_text("fields:\n  no_such_field: X\n", encoding="utf-8")
    result = run(ingest_command, ["complaints", str(path), "--mapping", str(broken)], home)
    assert result.exit_code == 2 and "no_such_field" in result.output


def test_quarantine_without_a_warehouse(tmp_path):
    result = run(quarantine_command, ["--lang", "en"], tmp_path / "nothing")
    assert result.exit_code == 0 and "nothing has been ingested" in result.output
