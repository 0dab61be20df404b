"""Spreadsheets, JSON, custom layouts, the inbox, the archive, idempotency and the API surface."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import openpyxl
import pytest

from mizan.ingest.api import (
    ingest_inbox,
    load_org_reference,
    pending_files,
    quarantine_rows,
    validation_summary,
)
from mizan.settings import SOURCES
from tests.integration.ingest_helpers import (
    COMPLAINT_HEADER,
    complaint,
    receipt_invariants,
    write_csv,
)

# --- XLSX -----------------------------------------------------------------------------------------


def write_xlsx(path, sheets: dict[str, list[list]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_first_sheet_arabic_headers_typed_cells(env):
    header = [
        "رقم الاجتماع",
        "المحافظة",
        "الأمانة المختصة",
        "تاريخ الاجتماع",
        "نوع الاجتماع",
        "حالة الاجتماع",
        "عدد المدعوين",
        "عدد الحضور",
    ]
    rows = [
        ["تقرير اجتماعات يناير"],  # a title row above the header
        header,
        ["M1", "الإسكندرية", "التنظيم", dt.datetime(2024, 1, 10), "داخلي", "منعقد", 30, 25.0],
        ["M2", "Alex", "Organization", "١٤٤٥/٠٧/٠١ هـ", "جهة تنفيذية", "مخطط", "٤٠", None],
        [None, None, None, None, None, None, None, None],
        ["M3", "Alexandria", "ORG", 45306, "media", "held", -1, 3],
    ]
    path = write_xlsx(env.inbox("meetings") / "m.xlsx", {"اجتماعات": rows, "ملخص": [["x"]]})
    [receipt] = env.ingest("meetings", path)
    receipt_invariants([receipt])
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (3, 2, 1)
    assert env.rows(
        "SELECT meeting_id, region_code, meeting_date, meeting_type, status, invited, attended "
        "FROM raw.meetings ORDER BY 1"
    ) == [
        ("M1", "ALEXANDRIA", dt.date(2024, 1, 10), "internal", "held", 30, 25),
        ("M2", "ALEXANDRIA", dt.date(2024, 1, 13), "executive_body", "planned", 40, None),
    ]
    assert env.quarantine() == [(4, "negative_count", "invited", "-1")]


def test_xlsx_named_sheet_through_a_mapping(env, tmp_path):
    header = [
        "رقم الاجتماع",
        "المحافظة",
        "الأمانة المختصة",
        "تاريخ الاجتماع",
        "نوع الاجتماع",
        "حالة الاجتماع",
    ]
    path = write_xlsx(
        env.inbox("meetings") / "m.xlsx",
        {
            "غلاف": [["ملف الاجتماعات"]],
            "البيانات": [header, ["M9", "قنا", "الإعلام", "2024-02-01", "إعلامي", "تم"]],
        },
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text("sheet: البيانات\n", encoding="utf-8")
    [receipt] = env.ingest("meetings", path, mapping=mapping)
    assert receipt.loaded == 1
    assert env.one("SELECT secretariat_code FROM raw.meetings") == "MEDIA"


# --- JSON and JSON Lines --------------------------------------------------------------------------


def test_json_meetings_with_nested_actions(env):
    meetings = [
        {
            "meeting_id": "M1",
            "المحافظة": "سوهاج",
            "secretariat": "PR",
            "date": "2024-03-01",
            "type": "executive body",
            "status": "held",
            "attended": 12,
            "actions": [
                {
                    "action_id": "A1",
                    "origin": "meeting",
                    "issued_date": "2024-03-01",
                    "due_date": "2024-03-15",
                    "status": "open",
                    "title": "متابعة",
                },
                {
                    "action_id": "A2",
                    "origin": "meeting",
                    "issued_date": "2024-03-01",
                    "due_date": "2024-02-15",
                    "status": "open",
                },  # due before issued
                {
                    "action_id": "A3",
                    "origin": "directive",
                    "region": "Aswan",
                    "secretariat": "Media",
                    "issued_date": "2024-03-02",
                    "due_date": "2024-03-20",
                    "status": "closed",
                    "closed_date": "2024-03-10",
                },
            ],
        },
        {
            "meeting_id": "M2",
            "region": "Giza",
            "secretariat": "PR",
            "date": "2024-03-05",
            "type": "internal",
            "status": "planned",
            "actions": [],
        },
    ]
    path = env.inbox("meetings") / "m.json"
    path.write_text(json.dumps({"meetings": meetings}, ensure_ascii=False), encoding="utf-8")
    receipts = env.ingest("meetings", path)
    receipt_invariants(receipts)
    assert [(r.source, r.rows_in, r.loaded, r.rejected) for r in receipts] == [
        ("meetings", 2, 2, 0),
        ("meeting_actions", 3, 2, 1),
    ]
    assert env.rows(
        "SELECT action_id, meeting_id, region_code, secretariat_code, _row_number "
        "FROM raw.meeting_actions ORDER BY 1"
    ) == [("A1", "M1", "SOHAG", "PR", 1), ("A3", "M1", "ASWAN", "MEDIA", 3)]
    assert env.quarantine("meeting_actions") == [(2, "out_of_order", "due_date", "2024-02-15")]
    logged = env.rows("SELECT source, status, sha256 FROM raw.ingest_log ORDER BY source")
    assert [r[:2] for r in logged] == [("meeting_actions", "loaded"), ("meetings", "loaded")]
    assert logged[0][2] == logged[1][2]


def test_json_lines(env):
    lines = [
        {
            "item_id": "N1",
            "region": "Cairo",
            "published_at": "2024-03-01T09:00:00+02:00",
            "outlet": "الأهرام",
            "outlet_type": "صحيفة",
            "owned_or_earned": "earned",
            "sentiment": "إيجابي",
            "reach": "١٢٠٠٠٠",
            "key_messages": "km2; KM1",
        },
        {
            "item_id": "N2",
            "region": "Cairo",
            "published_at": "2024-03-02",
            "outlet_type": "tv",
            "owned_or_earned": "earned",
            "sentiment": "furious",
        },
    ]
    path = env.inbox("media_coverage") / "n.jsonl"
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    [receipt] = env.ingest("media_coverage", path)
    assert (receipt.loaded, receipt.rejected) == (1, 1)
    assert env.rows(
        "SELECT item_id, published_at, reach, key_messages, secretariat_code "
        "FROM raw.media_coverage"
    ) == [("N1", dt.datetime(2024, 3, 1, 9, 0), 120000, "KM1|KM2", None)]
    assert env.quarantine() == [(2, "invalid_choice", "sentiment", "furious")]


def test_broken_json_is_unreadable(env):
    path = env.inbox("media_coverage") / "n.json"
    path.write_text('[{"item_id": "N1",', encoding="utf-8")
    [receipt] = env.ingest("media_coverage", path)
    assert (receipt.status, receipt.error_code) == ("rejected", "unreadable")


def test_json_missing_required_field_everywhere_rejects_the_file(env):
    path = env.inbox("media_coverage") / "n.json"
    path.write_text(json.dumps([{"item_id": "N1", "region": "Cairo"}]), encoding="utf-8")
    [receipt] = env.ingest("media_coverage", path)
    assert (receipt.status, receipt.error_code) == ("rejected", "missing_columns")
    assert "published_at" in receipt.error
    assert env.one("SELECT count(*) FROM raw.media_coverage") == 0


# --- a layout nobody here wrote -------------------------------------------------------------------

CRM_MAPPING = """
# Export of a municipality's CRM: English headers, US dates, its own status words.
source: complaints
fields:
  ticket_id: Case Number
  region_code: {constant: "أمانة منطقة الرياض"}
  secretariat_code: {constant: CUSTOMER_CARE}
  channel:
    header: Origin
    values: {Twitter DM: social, Balady App: app, "940 Call": phone}
    default: web
  kind: {constant: complaint}
  category:
    header: Service Area
    values: {Sanitation: cleaning, Street Lights: lighting, Potholes: paving}
    default: other
  received_at: {header: Opened On, formats: ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"]}
  resolved_at: {header: Closed On, format: "%m/%d/%Y %I:%M %p"}
  status:
    header: Case State
    values:
      Closed - Fixed: resolved
      Closed - Duplicate: closed
      Awaiting Crew: in_progress
      New Case: open
  satisfaction: CSAT (1-5)
  complainant_phone: Caller Number
"""


def test_a_custom_layout_loads_with_a_mapping_and_no_code_change(env, tmp_path):
    from mizan.org import load_profile

    env.profile = load_profile("municipal-sa")
    env.settings = env.settings.__class__(
        **{**env.settings.__dict__, "profile": "municipal-sa", "timezone": None}
    )
    header = [
        "Case Number",
        "Origin",
        "Service Area",
        "Opened On",
        "Closed On",
        "Case State",
        "CSAT (1-5)",
        "Caller Number",
        "Internal Notes",
    ]
    rows = [
        [
            "CRM-1",
            "Twitter DM",
            "Sanitation",
            "03/25/2024 09:15 AM",
            "03/26/2024 02:00 PM",
            "Closed - Fixed",
            "5",
            "0551234567",
            "ok",
        ],
        ["CRM-2", "Walk-in", "Potholes", "03/27/2024", "", "Awaiting Crew", "", "", ""],
        ["CRM-3", "Fax", "Graffiti", "04/01/2024 10:00 AM", "", "New Case", "", "", ""],
        [
            "CRM-4",
            "940 Call",
            "Street Lights",
            "25/03/2024",
            "",
            "New Case",
            "",
            "",
            "",
        ],  # not a US date
        [
            "CRM-5",
            "940 Call",
            "Street Lights",
            "03/28/2024",
            "",
            "Escalated",
            "",
            "",
            "",
        ],  # unmapped state
    ]
    path = write_csv(env.inbox("complaints") / "crm_export.csv", header, rows)
    mapping = tmp_path / "crm.yml"
    mapping.write_text(CRM_MAPPING, encoding="utf-8")
    [receipt] = env.ingest("complaints", path, mapping=mapping)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (5, 3, 2), env.quarantine()
    assert env.rows(
        "SELECT ticket_id, region_code, secretariat_code, channel, kind, category, received_at, "
        "resolved_at, status, "
        "satisfaction FROM raw.complaints ORDER BY 1"
    ) == [
        (
            "CRM-1",
            "RIYADH",
            "CUSTOMER_CARE",
            "social",
            "complaint",
            "cleaning",
            dt.datetime(2024, 3, 25, 9, 15),
            dt.datetime(2024, 3, 26, 14, 0),
            "resolved",
            5,
        ),
        (
            "CRM-2",
            "RIYADH",
            "CUSTOMER_CARE",
            "walk_in",
            "complaint",
            "paving",
            dt.datetime(2024, 3, 27),
            None,
            "in_progress",
            None,
        ),
        (
            "CRM-3",
            "RIYADH",
            "CUSTOMER_CARE",
            "web",
            "complaint",
            "other",
            dt.datetime(2024, 4, 1, 10, 0),
            None,
            "open",
            None,
        ),
    ]
    assert env.quarantine() == [
        (4, "invalid_date", "received_at", "25/03/2024"),
        (5, "invalid_choice", "status", "Escalated"),
    ]
    row = json.loads(env.one("SELECT row_json FROM raw.quarantine WHERE row_number = 4"))
    # an unknown column: its name is kept, never its value
    assert row["_unknown_columns"] == ["Internal Notes"] and row["Case Number"] == "CRM-4"


def test_a_mapping_header_missing_from_the_file_rejects_it(env, tmp_path):
    mapping = tmp_path / "m.yml"
    mapping.write_text("fields:\n  ticket_id: Case Number\n", encoding="utf-8")
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T1")])
    [receipt] = env.ingest("complaints", path, mapping=mapping)
    assert (receipt.status, receipt.error_code) == ("rejected", "missing_columns")
    assert "Case Number" in receipt.error


# --- the inbox, the archive, idempotency ----------------------------------------------------------


def make_inbox(env):
    write_csv(
        env.inbox("complaints") / "c1.csv",
        COMPLAINT_HEADER,
        [complaint("T1"), complaint("T2", region="Atlantis")],
        mtime=1_700_000_000,
    )
    write_csv(
        env.inbox("complaints") / "c2.csv",
        COMPLAINT_HEADER,
        [complaint("T1", status="مغلق"), complaint("T3")],
        encoding="cp1256",
        mtime=1_700_000_100,
    )
    write_csv(env.inbox("complaints") / "bad.csv", ["x", "y"], [["1", "2"]], mtime=1_700_000_200)
    (env.inbox("complaints") / "~$lock.csv").write_text("x")
    (env.inbox("meetings") / "m.json").write_text(
        json.dumps(
            [
                {
                    "meeting_id": "M1",
                    "region": "Luxor",
                    "secretariat": "Youth",
                    "date": "2024-01-01",
                    "type": "internal",
                    "status": "held",
                    "actions": [
                        {
                            "action_id": "A1",
                            "origin": "meeting",
                            "issued_date": "2024-01-01",
                            "due_date": "2024-01-10",
                            "status": "open",
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )


def snapshot(env) -> dict[str, list]:
    tables = [f"raw.{s}" for s in SOURCES] + [
        "raw.quarantine",
        "raw.org_regions",
        "raw.org_secretariats",
    ]
    return {t: env.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in tables}


def test_ingest_inbox_moves_files_to_the_archive(env):
    make_inbox(env)
    assert [p.name for p in pending_files(env.settings, "complaints")] == [
        "c1.csv",
        "c2.csv",
        "bad.csv",
    ]
    result = ingest_inbox(env.con, env.settings, env.profile)
    assert set(result) == set(SOURCES)
    assert [(r.source, r.status) for r in result["meetings"]] == [("meetings", "loaded")]
    assert [(r.source, r.status) for r in result["meeting_actions"]] == [
        ("meeting_actions", "loaded")
    ]
    assert [(r.file.rsplit("/", 1)[1], r.status) for r in result["complaints"]] == [
        ("c1.csv", "loaded"),
        ("c2.csv", "loaded"),
        ("bad.csv", "rejected"),
    ]
    receipt_invariants([r for rs in result.values() for r in rs])
    assert pending_files(env.settings, "complaints") == []
    assert sorted(p.name for p in (env.settings.archive / "complaints").iterdir()) == [
        "bad.csv",
        "c1.csv",
        "c2.csv",
    ]
    assert (env.inbox("complaints") / "~$lock.csv").exists()
    assert env.one("SELECT status FROM raw.complaints WHERE ticket_id = 'T1'") == "closed"
    assert env.one("SELECT count(*) FROM raw.org_regions") == 27


def test_ingesting_the_same_inbox_twice_changes_nothing(env, tmp_path):
    make_inbox(env)
    pristine = tmp_path / "pristine"
    shutil.copytree(env.settings.inbox, pristine)
    ingest_inbox(env.con, env.settings, env.profile)
    first = snapshot(env)
    log_rows = env.one("SELECT count(*) FROM raw.ingest_log")
    shutil.rmtree(env.settings.inbox)
    shutil.copytree(pristine, env.settings.inbox)  # the same files, same names and times, again
    second_run = ingest_inbox(env.con, env.settings, env.profile)
    assert snapshot(env) == first
    statuses = {(r.source, r.status) for rs in second_run.values() for r in rs}
    assert statuses == {
        ("complaints", "already_ingested"),
        ("complaints", "rejected"),
        ("meetings", "already_ingested"),
    }
    assert env.one("SELECT count(*) FROM raw.ingest_log") == log_rows + 4
    archived = sorted(p.name for p in (env.settings.archive / "complaints").iterdir())
    assert archived == ["bad.csv", "c1.csv", "c2.csv"]  # identical files are not archived twice


def test_the_same_rows_in_a_new_file_are_unchanged_and_keep_their_lineage(env):
    a = write_csv(
        env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1"), complaint("T2")]
    )
    env.ingest("complaints", a)
    before = snapshot(env)
    b = write_csv(
        env.inbox("complaints") / "b.csv",
        COMPLAINT_HEADER,
        [complaint("T2"), complaint("T1")],
        delimiter=";",
    )
    [second] = env.ingest("complaints", b)
    assert (second.status, second.loaded, second.unchanged) == ("loaded", 0, 2)
    assert snapshot(env) == before


def test_archive_never_overwrites_a_different_file_of_the_same_name(env):
    a = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T1")])
    env.ingest("complaints", a)
    b = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T2")])
    [receipt] = env.ingest("complaints", b)
    archived = sorted(p.name for p in (env.settings.archive / "complaints").iterdir())
    assert archived == sorted(["c.csv", f"c.{receipt.sha256[:8]}.csv"])
    assert receipt.archive_path.endswith(f"c.{receipt.sha256[:8]}.csv")


def test_files_outside_the_inbox_are_copied_not_moved(env, tmp_path):
    outside = write_csv(tmp_path / "desk" / "c.csv", COMPLAINT_HEADER, [complaint("T1")])
    env.ingest("complaints", outside)
    assert outside.exists()
    assert (env.settings.archive / "complaints" / "c.csv").read_bytes() == outside.read_bytes()


def test_a_committed_file_left_in_the_inbox_is_handled_idempotently(env):
    """The state after a crash between commit and archive move: log committed, file still in the
    inbox and perhaps already copied to the archive."""
    path = write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, [complaint("T1")])
    content = path.read_bytes()
    env.ingest("complaints", path)
    path.write_bytes(content)  # back in the inbox, as if the move had not happened
    os.utime(path, (1_700_000_000, 1_700_000_000))
    load_org_reference(env.con, env.profile)
    before = snapshot(env)
    [receipt] = ingest_inbox(env.con, env.settings, env.profile, sources=["complaints"])[
        "complaints"
    ]
    assert receipt.status == "already_ingested"
    assert not path.exists()
    assert [p.name for p in (env.settings.archive / "complaints").iterdir()] == ["c.csv"]
    assert snapshot(env) == before


def test_the_same_content_twice_in_one_run_loads_once(env, tmp_path):
    a = write_csv(
        env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1")], mtime=1_700_000_000
    )
    b = env.inbox("complaints") / "b.csv"
    b.write_bytes(a.read_bytes())
    os.utime(b, (1_700_000_001, 1_700_000_001))
    receipts = env.ingest("complaints", a, b)
    assert [r.status for r in receipts] == ["loaded", "already_ingested"]


def test_personal_data_is_never_stored_in_clear(env):
    rows = [
        complaint("T1", name="فاطمة الزهراء", phone="01098765432"),
        complaint("T2", name="فاطمة الزهراء", phone="٠١٠٩٨٧٦٥٤٣٢", region="Atlantis"),
    ]
    env.ingest("complaints", write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows))
    dump = json.dumps(
        {
            t: env.rows(f"SELECT * FROM {t}")
            for t in ("raw.complaints", "raw.quarantine", "raw.ingest_log")
        },
        ensure_ascii=False,
        default=str,
    )
    for secret in ("فاطمة", "01098765432", "٠١٠٩٨٧٦٥٤٣٢", "98765432"):
        assert secret not in dump
    phone_hash = env.one("SELECT complainant_phone FROM raw.complaints")
    assert json.loads(env.one("SELECT row_json FROM raw.quarantine"))["رقم الجوال"] == phone_hash


# --- API read-backs -------------------------------------------------------------------------------


def test_validation_summary_and_quarantine_rows(env):
    rows = [complaint("T1"), complaint("T2", kind=""), complaint("T3", region="Atlantis")]
    env.ingest("complaints", write_csv(env.inbox("complaints") / "c.csv", COMPLAINT_HEADER, rows))
    summary = validation_summary(env.con, "complaints")
    assert summary["rows"] == 3 and summary["success"] is False
    assert summary["quarantined_by_reason"] == {"missing_value": 1, "unknown_region": 1}
    assert summary["files"] == {"loaded": 1}
    failing = [e for e in summary["expectations"] if not e["success"]]
    assert {(e["expectation"], e["column"]) for e in failing} == {
        ("ExpectColumnValuesToNotBeNull", "kind"),
        ("ExpectColumnValuesToNotBeNull", "region_code"),  # the unknown region is NULL once typed
    }
    assert validation_summary(env.con, "meetings")["batch_id"] is None
    listed = quarantine_rows(env.con, file="c.csv", lang="ar")
    assert [r["reason"] for r in listed] == ["missing_value", "unknown_region"]
    assert "فارغ" in listed[0]["reason_text"]


def test_load_org_reference_is_repeatable(env, profile):
    load_org_reference(env.con, profile)
    load_org_reference(env.con, profile)
    assert env.rows(
        "SELECT code, iso_3166_2, name_en, population, population_year, parent "
        "FROM raw.org_regions "
        "WHERE code = 'QENA'"
    ) == [("QENA", "EG-KN", "Qena", 3164281, 2017, "EG")]
    assert env.one("SELECT count(*) FROM raw.org_secretariats") == 6


def test_ensure_raw_schema_is_idempotent(env):
    from mizan.ingest.api import ensure_raw_schema

    ensure_raw_schema(env.con)
    ensure_raw_schema(env.con)
    tables = {
        r[0] for r in env.rows("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'")
    }
    assert {*SOURCES, "ingest_log", "quarantine", "ingest_validation"} <= tables


@pytest.mark.parametrize("source", SOURCES)
def test_header_only_files_of_every_source(env, source):
    from mizan.ingest.contracts import CONTRACTS

    contract = CONTRACTS[source]
    path = write_csv(env.inbox(source) / "h.csv", [f.label_ar for f in contract.fields], [])
    [receipt] = env.ingest(source, path)
    assert (receipt.status, receipt.rows_in) == ("loaded", 0)


def test_ingestion_times_only_move_forward(env):
    """dbt's incremental models take rows ingested after the last build: a batch's time must be
    later than every earlier batch's even if the clock goes back (end of daylight saving)."""
    import datetime as dt

    env.ingest(
        "complaints",
        write_csv(env.inbox("complaints") / "a.csv", COMPLAINT_HEADER, [complaint("T1")]),
    )
    future = dt.datetime(2099, 1, 1)
    env.con.execute("UPDATE raw.ingest_log SET finished_at = ?", [future])
    env.ingest(
        "complaints",
        write_csv(env.inbox("complaints") / "b.csv", COMPLAINT_HEADER, [complaint("T2")]),
    )
    t2 = env.one("SELECT _ingested_at FROM raw.complaints WHERE ticket_id = 'T2'")
    assert t2 > future
    assert env.one("SELECT max(finished_at) FROM raw.ingest_log") == t2
