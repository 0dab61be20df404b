"""Open311 GeoReport v2 files load as complaints with no mapping (JSON and CSV), and the
`mizan mapping check` / `mizan mapping suggest` commands on a real-shaped export.

Every figure is checked against an independent count of the file (json, csv, datetime)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import Counter

import yaml

from mizan.ingest.mapping import parse_mapping
from tests.integration.test_real_files import MAPPING_V1, us_rows, write_us_csv
from tests.support.pipeline import mizan

OPEN311_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "zipcode", "lat", "long", "district",
]  # fmt: skip
SERVICES = {
    "Street Light Out": "lighting",
    "Pothole": "paving",
    "Illegal Dumping": "cleaning",
    "Sewer Backup": "drainage",
    "Water Leak": "water",
    "Tree Trimming": "parks",
    "Noise Complaint": "other",
}


def open311_requests(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        requested = dt.datetime(2014 + i % 3, 1 + i % 12, 1 + i % 27, 8, 30)
        closed = i % 3 != 0
        updated = requested + dt.timedelta(hours=rnd.randint(3, 300))
        expected = requested + dt.timedelta(days=10) if i % 4 == 0 else None
        out.append(
            {
                "service_request_id": f"{638344 + i}",
                "status": "closed" if closed else "open",
                "status_notes": "",
                "service_name": rnd.choice(list(SERVICES)),
                "service_code": "001",
                "description": f"request {i}",
                "agency_responsible": rnd.choice(["Public Relations", "PR"]),
                "service_notice": "",
                "requested_datetime": requested.strftime("%Y-%m-%dT%H:%M:%S+02:00"),
                "updated_datetime": updated.strftime("%Y-%m-%dT%H:%M:%S+02:00"),
                "expected_datetime": expected.strftime("%Y-%m-%dT%H:%M:%S+02:00")
                if expected
                else "",
                "address": "8TH AVE and JUDAH ST",
                "zipcode": "94122",
                "lat": 37.762221815,
                "long": -122.4651145,
                "district": rnd.choice(["Cairo", "Giza"]),
            }
        )
    return out


def check_open311_load(env, requests: list[dict]) -> None:
    rows = env.rows(
        "SELECT ticket_id, status, category, channel, kind, region_code, secretariat_code, "
        "resolved_at IS NOT NULL, expected_at IS NOT NULL FROM raw.complaints"
    )
    assert len(rows) == len(requests)
    by_id = {r[0]: r for r in rows}
    for q in requests:
        _, status, category, channel, kind, region, secretariat, resolved, expected = by_id[
            q["service_request_id"]
        ]
        assert status == q["status"] and category == SERVICES[q["service_name"]]
        assert (channel, kind, secretariat) == ("unknown", "complaint", "PR")
        assert region == {"Cairo": "CAIRO", "Giza": "GIZA"}[q["district"]]
        assert resolved == (q["status"] == "closed")  # updated_datetime of closed ones only
        assert expected == bool(q["expected_datetime"])


def test_open311_json_loads_with_no_mapping(env):
    requests = open311_requests(60)
    path = env.inbox("complaints") / "requests.json"
    path.write_text(json.dumps(requests), encoding="utf-8")
    [receipt] = env.ingest("complaints", path)
    assert (receipt.status, receipt.loaded, receipt.rejected) == ("loaded", 60, 0), receipt
    assert receipt.mapping == "preset:open311"
    check_open311_load(env, requests)


def test_open311_csv_loads_with_no_mapping_and_offsets_become_local_time(env):
    requests = open311_requests(45, seed=9)
    path = env.inbox("complaints") / "requests.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OPEN311_FIELDS)
        writer.writeheader()
        writer.writerows(requests)
    [receipt] = env.ingest("complaints", path)
    assert (receipt.status, receipt.loaded) == ("loaded", 45), receipt
    check_open311_load(env, requests)
    # +02:00 is Cairo's winter offset: the local time is the time as written
    first = requests[0]
    got = env.one(
        "SELECT received_at FROM raw.complaints WHERE ticket_id = ?",
        [first["service_request_id"]],
    )
    assert got == dt.datetime.fromisoformat(first["requested_datetime"]).replace(tzinfo=None)


# --- mizan mapping check / suggest ------------------------------------------------------------


def test_mapping_check_is_a_dry_run_with_counts(tmp_path):
    home = tmp_path / "home"
    rows = us_rows(120, seed=21, first_year=2012, last_year=2014)
    for r in rows[:7]:
        r["Status"] = "Duplicate"
    source = write_us_csv(tmp_path / "311.csv", rows)
    mapping = tmp_path / "m.yml"
    mapping.write_text(MAPPING_V1, encoding="utf-8")
    done = mizan(
        home, "mapping", "check", str(source), "--source", "complaints",
        "--mapping", str(mapping), "--json", "--rows", "5",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    types = Counter(r["Case Type"] for r in rows)
    assert (report["rows_in"], report["would_load"], report["would_refuse"]) == (120, 113, 7)
    assert report["date_orders"]["received_at"]["order"] == "mdy"
    assert [(v["value"], v["count"]) for v in report["unmapped_values"]] == [("Duplicate", 7)]
    assert {(v["value"], v["count"]) for v in report["default_values"]} == {
        ("Noise", types["Noise"])
    }
    assert [r["row"] for r in report["first_rows"]] == [1, 2, 3, 4, 5]
    assert report["first_rows"][0]["status"] == "refused"
    assert report["unknown_columns"] == ["District"]
    # nothing was written: no warehouse, no archive
    assert not (home / "warehouse.duckdb").exists() and not (home / "archive").exists()

    text = mizan(home, "mapping", "check", str(source), "--source", "complaints",
                 "--mapping", str(mapping))  # fmt: skip
    assert "'Duplicate' × 7" in text.stdout and "mdy" in text.stdout

    broken = tmp_path / "broken.yml"
    broken.write_text(MAPPING_V1.replace("  received_at: Opened", "  recieved_at: Opened"))
    bad = mizan(home, "mapping", "check", str(source), "--source", "complaints",
                "--mapping", str(broken))  # fmt: skip
    line = MAPPING_V1.splitlines().index("  received_at: Opened") + 1
    assert bad.returncode == 1 and f"broken.yml:{line}" in bad.stderr, bad.stderr

    refused = mizan(home, "mapping", "check", str(source), "--source", "complaints")
    assert refused.returncode == 2 and "REFUSED WHOLE" in refused.stdout


def test_mapping_suggest_drafts_from_headers_and_values(tmp_path):
    home = tmp_path / "home"
    source = write_us_csv(tmp_path / "311.csv", us_rows(40, seed=5))
    done = mizan(home, "mapping", "suggest", "complaints", str(source))
    assert done.returncode == 0, done.stderr[-2000:]
    draft = yaml.safe_load(done.stdout)
    fields = draft["fields"]
    assert fields["ticket_id"] == "Case Number" and fields["received_at"] == "Opened"
    assert fields["resolved_at"] == "Closed" and fields["status"] == "Status"  # Open, Closed
    assert fields["channel"] == {"empty": "unknown"}
    # the districts no profile spelling resolves are listed for the steward, with counts
    districts = Counter(r["District"] for r in us_rows(40, seed=5))
    for district, count in districts.items():
        assert f'# "{district}": ?   # {count} rows' in done.stdout
    parse_mapping(draft, "complaints")  # the draft is a valid mapping as it stands

    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps(open311_requests(5)), encoding="utf-8")
    preset = mizan(home, "mapping", "suggest", "complaints", str(requests))
    assert yaml.safe_load(preset.stdout)["preset"] == "open311"
