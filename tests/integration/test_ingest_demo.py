"""The demo generator's inbox: every fault of its manifest is found with its reason, and nothing
else is refused."""

from __future__ import annotations

import json

import duckdb
import pytest

from mizan.ingest.api import ingest_inbox
from mizan.org import load_profile
from mizan.settings import Settings
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv
from tests.support.fault_manifest import check_fault_manifest


def test_fault_checker_on_a_hand_made_manifest(env):
    rows = [complaint("T1"), complaint("T2", region="Atlantis"), complaint("T1")]
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows)
    bad = write_csv(env.inbox("complaints") / "bad.csv", ["x"], [["1"]])
    env.ingest("complaints", path, bad)
    manifest = env.settings.home / "faults.jsonl"
    lines = [
        {"file": "inbox/complaints/c.csv", "source": "complaints", "row": 2, "kind": "row",
         "reason": "unknown_region", "column": "region_code"},
        {"file": "inbox/complaints/c.csv", "source": "complaints", "row": 3, "kind": "duplicate"},
        {"file": "inbox/complaints/bad.csv", "source": "complaints", "kind": "file",
         "status": "rejected", "reason": "missing_columns"},
    ]  # fmt: skip
    manifest.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert check_fault_manifest(env.con, manifest)["ok"]
    lines[0]["reason"] = "invalid_choice"
    lines.append({"file": "inbox/complaints/c.csv", "source": "complaints", "row": 1, "kind": "row",
                  "reason": "missing_value", "column": "kind"})  # fmt: skip
    manifest.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    report = check_fault_manifest(env.con, manifest)
    assert (len(report["wrong"]), len(report["missed"]), report["ok"]) == (1, 1, False)


@pytest.mark.slow
@pytest.mark.xdist_group("ingest_heavy")
@pytest.mark.parametrize("profile_name", ["party-eg", "municipal-sa"])
def test_every_demo_fault_is_found_with_its_reason(tmp_path, profile_name):
    from mizan.demo import generate_demo_data

    home = tmp_path / "home"
    generate_demo_data(home, profile=profile_name, months=4, scale=0.25)
    settings = Settings.from_env(home=home, profile=profile_name, secret="demo")
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        receipts = ingest_inbox(con, settings, load_profile(profile_name))
        for r in (r for rs in receipts.values() for r in rs):
            assert r.rows_in == r.loaded + r.rejected + r.unchanged
        report = check_fault_manifest(con, home / "demo" / "faults.jsonl")
    finally:
        con.close()
    assert report["faults"] > 100
    assert (report["missed"], report["wrong"], report["unexpected"]) == ([], [], [])
    assert not list((home / "inbox" / "complaints").iterdir())
