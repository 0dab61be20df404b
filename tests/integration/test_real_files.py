"""Real organisations' files: a US city's 311 export (month-first dates with AM/PM, its own
headers, history back to 2012) through a mapping.yml in an inbox folder; date order decided per
file and column; a re-send with a corrected mapping; files refused whole listed as such.

Every figure is checked against an independent count of the file (plain csv and datetime)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from mizan.ingest import dateorder
from mizan.ingest.api import ingest_inbox, pending_files, quarantine_rows
from mizan.ingest.mapping import parse_mapping
from mizan.ingest.parsing import parse_timestamp

US_HEADER = ["Case Number", "Opened", "Closed", "Case Type", "Status", "District"]

MAPPING_V1 = """\
# 311 export: the order of the dates is left to Mizan
source: complaints
fields:
  ticket_id: Case Number
  region_code: {constant: CAIRO}
  secretariat_code: {constant: PR}
  channel: {constant: phone}
  kind: {constant: complaint}
  category:
    header: Case Type
    values: {Pothole: paving, Streetlight Out: lighting, Graffiti: cleaning}
    default: other
  received_at: Opened
  resolved_at: Closed
  status:
    header: Status
    values: {Closed: resolved, Open: open, In Progress: in_progress}
"""


def us_rows(n: int, *, seed: int = 3, first_year: int = 2012, last_year: int = 2018) -> list[dict]:
    """n tickets over the years, Opened/Closed as MM/DD/YYYY hh:mm:ss AM."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        opened = dt.datetime(
            rnd.randint(first_year, last_year), rnd.randint(1, 12), 1
        ) + dt.timedelta(
            days=rnd.randint(0, 27), hours=rnd.randint(0, 23), minutes=rnd.randint(0, 59)
        )
        closed = opened + dt.timedelta(hours=rnd.randint(2, 200)) if i % 3 else None
        rows.append(
            {
                "Case Number": f"311-{i:05d}",
                "Opened": opened.strftime("%m/%d/%Y %I:%M:%S %p"),
                "Closed": closed.strftime("%m/%d/%Y %I:%M:%S %p") if closed else "",
                "Case Type": rnd.choice(["Pothole", "Streetlight Out", "Graffiti", "Noise"]),
                "Status": "Closed" if closed else "Open",
                "District": f"D{rnd.randint(1, 9)}",
            }
        )
    return rows


def write_us_csv(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=US_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def months_of(path: Path, column: str = "Opened") -> Counter:
    """The independent count: rows per month, read with plain csv and strptime."""
    with path.open(encoding="utf-8", newline="") as handle:
        return Counter(
            dt.datetime.strptime(r[column], "%m/%d/%Y %I:%M:%S %p").strftime("%Y-%m")
            for r in csv.DictReader(handle)
        )


def loaded_months(env) -> Counter:
    return Counter(
        dict(
            env.rows(
                "SELECT strftime(received_at, '%Y-%m'), count(*) FROM raw.complaints GROUP BY 1"
            )
        )
    )


# --- date order ----------------------------------------------------------------------------


def test_decide_orders():
    ev = dateorder.Evidence
    assert dateorder.decide("d", ev(day_first="13/04/2018"), None, None).order == "dmy"
    assert dateorder.decide("d", ev(month_first="04/13/2018"), None, None).order == "mdy"
    assert dateorder.decide("d", ev(ampm="04/12/2018 01:00 PM"), None, None).basis == "am/pm"
    assert dateorder.decide("d", ev(ambiguous="04/12/2018"), None, "mdy").order == "mdy"
    refused = dateorder.decide("d", ev(ambiguous="04/12/2018"), None, None)
    assert refused.code == "ambiguous_date_order" and "date_order" in refused.text("en")
    both = dateorder.decide("d", ev(day_first="13/04/2018", month_first="04/13/2018"), None, "dmy")
    assert both.code == "contradictory_date_order"
    layout = parse_mapping({"date_order": "mdy", "fields": {}}, "complaints")
    assert dateorder.decide("received_at", ev(day_first="13/04/2018"), layout, None).order == "mdy"
    assert dateorder.decide("received_at", None, None, None).basis == "default"


def test_python_reference_reads_month_first():
    assert parse_timestamp("04/12/2018 01:30:00 PM", "UTC", "mdy").value == dt.datetime(
        2018, 4, 12, 13, 30
    )
    assert parse_timestamp("04/12/2018", "UTC").value == dt.datetime(2018, 12, 4)
    assert parse_timestamp("13/04/2018", "UTC", "mdy").reason == "invalid_date"
    # Hijri dates are day first whatever the order
    assert (
        parse_timestamp("03/05/1447 هـ", "UTC", "mdy").value
        == parse_timestamp("03/05/1447 هـ", "UTC").value
    )


def test_us_dates_are_read_month_first_and_the_receipt_says_so(env, tmp_path):
    rows = us_rows(84)
    path = write_us_csv(tmp_path / "311.csv", rows)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING_V1, encoding="utf-8")
    (receipt,) = env.ingest("complaints", path, mapping=mapping)
    assert receipt.status == "loaded" and receipt.loaded == 84, receipt
    assert loaded_months(env) == months_of(path)
    assert receipt.date_orders["received_at"]["order"] == "mdy"
    assert json.loads(receipt.to_json())["date_orders"]["resolved_at"]["order"] == "mdy"
    logged = json.loads(env.one("SELECT date_orders FROM raw.ingest_log"))
    assert logged["received_at"]["order"] == "mdy"


def test_ambiguous_order_without_am_pm_is_refused_unless_declared(env, tmp_path):
    env.profile = replace(env.profile, date_order=None)
    rows = us_rows(20, seed=9)
    for r in rows:  # every value <= 12/<= 12 and no AM/PM: nothing in the file can tell
        opened = dt.datetime.strptime(r["Opened"], "%m/%d/%Y %I:%M:%S %p")
        r["Opened"] = f"{opened.month:02d}/{1 + opened.month % 12:02d}/{opened.year}"
        r["Closed"] = ""
    path = write_us_csv(tmp_path / "amb.csv", rows)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING_V1, encoding="utf-8")
    (refused,) = env.ingest("complaints", path, mapping=mapping)
    assert refused.status == "rejected" and refused.error_code == "ambiguous_date_order"
    assert "Opened" in refused.error or "received_at" in refused.error
    assert "date_order" in refused.error
    assert env.one("SELECT count(*) FROM raw.complaints") == 0

    mapping.write_text(MAPPING_V1 + "date_order: mdy\n", encoding="utf-8")
    (loaded,) = env.ingest("complaints", path, mapping=mapping)
    assert loaded.status == "loaded" and loaded.loaded == 20
    assert loaded.date_orders["received_at"] == {
        "order": "mdy",
        "basis": "mapping",
        "example": None,
    }
    expected = Counter(
        f"{r['Opened'][6:10]}-{r['Opened'][:2]}" for r in rows
    )  # month first, by hand
    assert loaded_months(env) == expected


def test_contradictory_dates_refuse_the_file(env, tmp_path):
    rows = us_rows(10, seed=4)
    rows[0]["Opened"] = "13/04/2018 10:00:00 AM"  # only valid day first
    rows[1]["Opened"] = "04/13/2018 10:00:00 AM"  # only valid month first
    path = write_us_csv(tmp_path / "mixed.csv", rows)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING_V1, encoding="utf-8")
    (refused,) = env.ingest("complaints", path, mapping=mapping)
    assert refused.error_code == "contradictory_date_order", refused
    assert env.one("SELECT count(*) FROM raw.complaints") == 0


def test_day_first_files_keep_working(env, tmp_path):
    from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv

    rows = [complaint("T1", received="04/12/2018 10:00", responded="")]
    (r,) = env.ingest("complaints", write_csv(tmp_path / "eg.csv", COMPLAINT_HEADER, rows))
    assert r.status == "loaded", r
    assert env.one("SELECT received_at FROM raw.complaints") == dt.datetime(2018, 12, 4, 10, 0)


# --- a mapping in the inbox ----------------------------------------------------------------


def test_a_mapping_in_an_inbox_folder_reads_every_file_below_it(env, tmp_path):
    folder = env.inbox("complaints") / "chicago"
    (folder / "mapping.yml").parent.mkdir(parents=True, exist_ok=True)
    (folder / "mapping.yml").write_text(MAPPING_V1, encoding="utf-8")
    a = write_us_csv(folder / "2012-2015.csv", us_rows(60, seed=1, last_year=2015))
    b = write_us_csv(folder / "older" / "2016-2018.csv", us_rows(40, seed=2, first_year=2016))
    b_rows = list(csv.DictReader(b.open(encoding="utf-8")))
    for i, r in enumerate(b_rows):  # other tickets than a's
        r["Case Number"] = f"311-B{i:04d}"
    write_us_csv(b, b_rows)
    assert sorted(p.name for p in pending_files(env.settings, "complaints")) == [
        "2012-2015.csv",
        "2016-2018.csv",
    ]  # the mapping file is never data
    expected = months_of(a) + months_of(b)
    receipts = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])
    assert [r.status for r in receipts["complaints"]] == ["loaded", "loaded"], receipts
    assert all(r.mapping and r.mapping.endswith("mapping.yml") for r in receipts["complaints"])
    assert loaded_months(env) == expected
    assert min(expected) == "2012-01" or min(expected) < "2013"


def test_a_resend_with_a_corrected_mapping_replaces_its_load(env, tmp_path):
    folder = env.inbox("complaints") / "city"
    folder.mkdir(parents=True)
    rows = us_rows(30, seed=6)
    # a Status the first mapping does not know -> invalid_choice (no default)
    for r in rows[:5]:
        r["Status"] = "Duplicate"
    original = write_us_csv(tmp_path / "311.csv", rows)
    payload = original.read_bytes()
    (folder / "mapping.yml").write_text(MAPPING_V1, encoding="utf-8")
    (folder / "311.csv").write_bytes(payload)
    first = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])["complaints"]
    assert [(r.status, r.loaded, r.rejected) for r in first] == [("loaded", 25, 5)]
    assert len(quarantine_rows(env.con, source="complaints")) == 5

    # the same bytes again with the same mapping: already ingested
    (folder / "311.csv").write_bytes(payload)
    again = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])["complaints"]
    assert [r.status for r in again] == ["already_ingested"]

    # the same bytes with a corrected mapping (comments alone would not count)
    fixed = MAPPING_V1.replace(
        "In Progress: in_progress}", "In Progress: in_progress, Duplicate: resolved}"
    )
    (folder / "mapping.yml").write_text("# fixed\n" + fixed, encoding="utf-8")
    (folder / "311.csv").write_bytes(payload)
    second = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])["complaints"]
    assert [(r.status, r.loaded + r.unchanged, r.rejected, r.replaced) for r in second] == [
        ("loaded", 30, 0, True)
    ], second
    assert quarantine_rows(env.con, source="complaints") == []  # superseded, not current
    assert env.one("SELECT count(*) FROM raw.quarantine_superseded") == 5
    assert env.one("SELECT count(*) FROM raw.ingest_log WHERE superseded_at IS NOT NULL") == 1
    assert env.one("SELECT count(*) FROM raw.complaints") == 30
    assert env.one("SELECT count(*) FROM raw.complaints WHERE status = 'resolved'") == sum(
        r["Status"] in ("Closed", "Duplicate") for r in rows
    )
    assert loaded_months(env) == months_of(original)


def test_a_broken_mapping_refuses_its_files_and_quarantine_lists_files_refused_whole(env):
    folder = env.inbox("complaints") / "broken"
    folder.mkdir(parents=True)
    (folder / "mapping.yml").write_text("fields:\n  no_such_field: X\n", encoding="utf-8")
    write_us_csv(folder / "a.csv", us_rows(5))
    (r,) = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])["complaints"]
    assert r.status == "rejected" and r.error_code == "bad_mapping" and "no_such_field" in r.error
    listed = quarantine_rows(env.con, source="complaints")
    assert [(x["file_name"], x["row_number"], x["reason"]) for x in listed] == [
        ("a.csv", None, "bad_mapping")
    ]


@pytest.mark.parametrize("fmt", ["xlsx"])
def test_xlsx_with_month_first_text_dates(env, tmp_path, fmt):
    from openpyxl import Workbook

    rows = us_rows(40, seed=8)
    wb = Workbook()
    ws = wb.active
    ws.append(US_HEADER)
    for r in rows:
        ws.append([r[h] for h in US_HEADER])
    path = tmp_path / "311.xlsx"
    wb.save(path)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING_V1, encoding="utf-8")
    (receipt,) = env.ingest("complaints", path, mapping=mapping)
    assert receipt.status == "loaded" and receipt.loaded == 40, receipt
    expected = Counter(
        dt.datetime.strptime(r["Opened"], "%m/%d/%Y %I:%M:%S %p").strftime("%Y-%m") for r in rows
    )
    assert loaded_months(env) == expected
