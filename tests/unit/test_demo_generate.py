"""The demo generator's files: deterministic, faulty exactly where the manifest says, clean
elsewhere, in every format and style, with the missing months and the truth tables right.

Small runs (a few percent of the volume, six months) keep these tests fast.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from mizan.cli.demo_data import demo_data
from mizan.demo import generate_demo_data
from mizan.demo.generate import TRUTH_TABLES
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.reasons import ROW_REASONS
from mizan.org import load_profile
from mizan.settings import SOURCES
from tests.support.demo_files import FileCheck, check_file, map_header, read_table

ARGS: dict[str, Any] = {"months": 6, "end_month": "2025-06", "scale": 0.03, "seed": 11}
PROFILES = ("party-eg", "municipal-sa")


@pytest.fixture(scope="module", params=PROFILES)
def run(request, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp(request.param)
    generate_demo_data(home, profile=request.param, **ARGS)
    return home


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _summary(home: Path) -> dict[str, Any]:
    return json.loads((home / "demo" / "summary.json").read_text(encoding="utf-8"))


def _hashes(home: Path) -> dict[str, str]:
    return {
        p.relative_to(home).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def _regular_files(home: Path) -> list[dict[str, Any]]:
    return [f for f in _jsonl(home / "demo" / "files.jsonl") if not f.get("special")]


_CHECKS: dict[Path, dict[str, FileCheck]] = {}


def _checks(home: Path) -> dict[str, FileCheck]:
    """Every regular file of a run read back and checked (once per run)."""
    if home not in _CHECKS:
        profile = load_profile(_summary(home)["arguments"]["profile"])
        _CHECKS[home] = {
            f["file"]: check_file(home / f["file"], f["source"], profile)
            for f in _regular_files(home)
        }
    return _CHECKS[home]


# --- determinism --------------------------------------------------------------------------------


def test_same_arguments_give_the_same_bytes(run: Path, tmp_path: Path) -> None:
    profile = _summary(run)["arguments"]["profile"]
    generate_demo_data(tmp_path, profile=profile, **ARGS)
    first, second = _hashes(run), _hashes(tmp_path)
    assert first == second
    assert any(name.endswith(".xlsx") for name in first)


def test_parallel_workers_give_the_same_bytes(tmp_path: Path) -> None:
    args = {**ARGS, "months": 2, "scale": 0.01}
    generate_demo_data(tmp_path / "one", workers=1, **args)
    generate_demo_data(tmp_path / "two", workers=2, **args)
    assert _hashes(tmp_path / "one") == _hashes(tmp_path / "two")


def test_another_seed_gives_other_bytes(tmp_path: Path) -> None:
    generate_demo_data(tmp_path / "a", **{**ARGS, "months": 2, "seed": 1})
    generate_demo_data(tmp_path / "b", **{**ARGS, "months": 2, "seed": 2})
    a, b = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    shared = set(a) & set(b)
    assert sum(a[name] == b[name] for name in shared) < 0.1 * len(shared)


def test_a_new_run_removes_the_files_of_the_previous_one(tmp_path: Path) -> None:
    generate_demo_data(tmp_path, **{**ARGS, "months": 3})
    generate_demo_data(tmp_path, **{**ARGS, "months": 1})
    listed = {f["file"] for f in _jsonl(tmp_path / "demo" / "files.jsonl")}
    present = {p.relative_to(tmp_path).as_posix() for p in (tmp_path / "inbox").rglob("*.*")}
    assert listed == present


# --- the manifest -------------------------------------------------------------------------------


def test_manifest_rows_carry_exactly_their_fault_and_other_rows_are_clean(run: Path) -> None:
    manifest = _jsonl(run / "demo" / "faults.jsonl")
    expected: dict[tuple[str, Any], list[tuple[str, str]]] = defaultdict(list)
    for entry in manifest:
        if entry["kind"] == "row":
            assert entry["reason"] in ROW_REASONS
            where = (
                (entry["row"], entry["nested_index"]) if "nested_index" in entry else entry["row"]
            )
            expected[(entry["file"], where)].append((entry["reason"], entry["column"]))
    seen, rows = set(), 0
    for info in _regular_files(run):
        check = _checks(run)[info["file"]]
        for where, problems in check.problems.items():
            rows += 1
            key = (info["file"], where)
            assert sorted(problems) == sorted(expected.get(key, [])), (key, check.raw[where])
            if not problems:  # a clean row belongs to the file's region
                assert check.values[where]["region_code"] == info["region"], key
            seen.add(key)
    assert set(expected) <= seen, "every manifest row exists"
    faulty = sum(len(v) for v in expected.values())
    assert 0.01 * rows < faulty < 0.035 * rows
    reasons = Counter(reason for v in expected.values() for reason, _ in v)
    assert len(reasons) >= 9, reasons


def test_each_faulty_row_has_one_fault_and_no_later_version(run: Path) -> None:
    manifest = [e for e in _jsonl(run / "demo" / "faults.jsonl") if e["kind"] == "row"]
    places = Counter((e["file"], e["row"], e.get("nested_index")) for e in manifest)
    assert max(places.values()) == 1
    faulty_keys = {(e["source"], e["key"]) for e in manifest}
    appearances: Counter = Counter()
    for info in _regular_files(run):
        check = _checks(run)[info["file"]]
        for where, values in check.values.items():
            source = "meeting_actions" if isinstance(where, tuple) else info["source"]
            key = values.get(CONTRACTS[source].natural_key)
            if (source, key) in faulty_keys:
                appearances[(source, key)] += 1
    conflicts = Counter(
        (e["source"], e["key"]) for e in manifest if e["reason"] == "duplicate_conflict"
    )
    for key in faulty_keys:
        assert appearances[key] == (2 if key in conflicts else 1), key


def test_nested_faults_give_their_place_in_the_meeting_and_in_the_file(tmp_path: Path) -> None:
    generate_demo_data(tmp_path, months=3, end_month="2025-06", scale=0.3, seed=5)
    nested = [e for e in _jsonl(tmp_path / "demo" / "faults.jsonl") if "nested_index" in e]
    assert nested, "some action items nested in JSON meetings carry faults"
    for entry in nested:
        meetings = json.loads((tmp_path / entry["file"]).read_text(encoding="utf-8"))
        flat = [a for m in meetings for a in m["actions"]]
        action = meetings[entry["row"] - 1]["actions"][entry["nested_index"] - 1]
        assert action == flat[entry["nested_row"] - 1]
        assert entry["key"] in action.values() and entry["source"] == "meeting_actions"


def test_files_were_sent_in_month_order(run: Path) -> None:
    """Modification times follow the months within a region and source (ingestion processes
    files by modification time, then name), and a copy comes after its original."""
    files = _jsonl(run / "demo" / "files.jsonl")
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for info in files:
        mtime = (run / info["file"]).stat().st_mtime
        assert (
            abs(
                mtime
                - dt.datetime.fromisoformat(info["sent_at"]).replace(tzinfo=dt.UTC).timestamp()
            )
            < 1
        )
        groups[(info["source"], info["region"])].append(info)
    for group in groups.values():
        months = [f["month"] for f in sorted(group, key=lambda f: (f["sent_at"], f["file"]))]
        assert months == sorted(months)
    for entry in _jsonl(run / "demo" / "faults.jsonl"):
        if entry.get("copy_of"):
            assert (run / entry["file"]).stat().st_mtime > (run / entry["copy_of"]).stat().st_mtime


def test_exact_duplicates_are_identical_rows_of_one_key(run: Path) -> None:
    duplicates = [e for e in _jsonl(run / "demo" / "faults.jsonl") if e["kind"] == "duplicate"]
    for entry in duplicates:
        table = read_table(run / entry["file"])
        assert table.rows[entry["row"] - 1] == table.rows[entry["duplicate_of"] - 1]
        assert entry["key"] in table.rows[entry["row"] - 1]


def test_file_level_cases(run: Path) -> None:
    files = [e for e in _jsonl(run / "demo" / "faults.jsonl") if e["kind"] == "file"]
    by_case = Counter((e["status"], e["reason"]) for e in files)
    assert by_case[("rejected", "missing_columns")] >= 1
    assert by_case[("rejected", "undecodable")] == 1
    assert by_case[("loaded", None)] == 2
    assert by_case[("already_ingested", None)] == 2
    assert len(files) <= 8
    for entry in files:
        path = run / entry["file"]
        data = path.read_bytes()
        assert not path.relative_to(run).as_posix().startswith("demo/")
        if entry["reason"] == "missing_columns":
            contract = CONTRACTS[entry["source"]]
            table = read_table(path)
            columns = map_header(contract, table.header)
            assert entry["column"] not in columns and contract.field(entry["column"]).required
            assert len(table.rows) == entry["rows"] > 0
        elif entry["reason"] == "undecodable":
            for codec in ("utf-8", "utf-16"):
                with pytest.raises(UnicodeDecodeError):
                    data.decode(codec)
            assert not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            controls = sum(b < 9 or 13 < b < 32 for b in data)
            assert controls > 0.1 * len(data), "not plausible text in any 8-bit code page"
        elif entry["status"] == "already_ingested":
            assert data == (run / entry["copy_of"]).read_bytes()
            assert entry["file"] > entry["copy_of"], "the copy sorts after its original"
        elif entry.get("note") == "empty file (0 bytes)":
            assert data == b""
        else:
            table = read_table(path)
            assert table.header and not table.rows


# --- formats and styles ------------------------------------------------------------------------


def test_every_format_and_style_occurs(run: Path) -> None:
    files = _regular_files(run)
    formats = {f["format"] for f in files}
    assert formats == {"csv_utf8", "csv_bom", "csv_cp1256", "csv_semicolon", "tsv", "xlsx", "json"}
    assert {f["dates"] for f in files} >= {"iso", "dmy", "hijri", "excel", "serial"}
    assert {f["timestamps"] for f in files} >= {"iso", "dmy", "offset", "utc", "excel"}
    assert {f["digits"] for f in files} == {"western", "arabic", "persian"}
    assert {f["lang"] for f in files} == {"ar", "en"}
    texts = {}
    for info in files:
        data = (run / info["file"]).read_bytes()
        if info["format"] == "csv_bom":
            assert data.startswith(codecs.BOM_UTF8)
        if info["format"] == "csv_cp1256":
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            texts[info["file"]] = data.decode("cp1256")
        elif info["format"] not in ("xlsx",):
            texts[info["file"]] = data.decode("utf-8-sig")
    joined = "\n".join(texts.values())
    assert re.search(r"[٠-٩]{4}/[٠-٩]{2}/[٠-٩]{2} هـ", joined), "Hijri dates in Arabic digits"
    assert re.search(r"\b1[34]\d\d/\d\d/\d\d هـ", joined), "Hijri dates in western digits"
    assert re.search(r"[٠-٩]{2}/[٠-٩]{2}/[٠-٩]{4}", joined), "Arabic-Indic dd/mm/yyyy"
    assert re.search(r"[۰-۹]{4}-[۰-۹]{2}-[۰-۹]{2}", joined), "Persian digits"
    assert re.search(r"[٠-٩]+٫[٠-٩]{2}\b", joined), "Arabic decimal separator"
    assert re.search(r"T\d\d:\d\d:\d\d[+-]0[23]:00", joined), "timestamps with a UTC offset"
    assert re.search(r"T\d\d:\d\d:\d\dZ", joined), "timestamps in UTC"
    assert re.search(r"\d\d/\d\d/20\d\d", joined), "dd/mm/yyyy"
    assert any("\t" in text.split("\n", 1)[0] for text in texts.values())
    assert any(";" in text.split("\n", 1)[0] for text in texts.values())


def test_xlsx_has_real_date_cells_and_arabic_headers(run: Path) -> None:
    seen_dates = seen_arabic = False
    for info in _regular_files(run):
        if info["format"] != "xlsx":
            continue
        workbook = openpyxl.load_workbook(run / info["file"], read_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        if info["dates"] == "excel" and len(rows) > 1:
            seen_dates |= any(hasattr(v, "year") for v in rows[1])
        seen_arabic |= info["lang"] == "ar" and any("\u0600" <= h[0] <= "\u06ff" for h in rows[0])
    assert seen_dates and seen_arabic


def test_json_meetings_nest_their_actions_and_directives_come_as_actions(run: Path) -> None:
    files = _regular_files(run)
    meetings = [f for f in files if f["source"] == "meetings" and f["format"] == "json"]
    assert sum(f["nested_rows"] for f in meetings) > 0
    for info in meetings:
        for meeting in json.loads((run / info["file"]).read_text(encoding="utf-8")):
            assert isinstance(meeting["actions"], list)
    directives = 0
    for info in files:
        if info["source"] == "meeting_actions":
            directives += (run / info["file"]).read_bytes().count(b"DIR-")
    assert directives > 0


def test_headers_come_in_arabic_and_english_and_in_different_orders(run: Path) -> None:
    orders, headers = set(), set()
    for info in _regular_files(run):
        if info["source"] != "complaints":
            continue
        table = read_table(run / info["file"])
        headers.update(table.header)
        orders.add(tuple(map_header(CONTRACTS["complaints"], table.header)))
    assert {"تاريخ الاستلام", "received_at"} & headers and any(h.isascii() for h in headers)
    assert len(orders) > 3


def test_region_names_arrive_in_many_spellings(run: Path) -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for info in _regular_files(run):
        if info["source"] != "complaints" or info["format"] == "xlsx":
            continue
        check = _checks(run)[info["file"]]
        column = check.columns.index("region_code")
        for where, cells in check.raw.items():
            if not check.problems[where]:
                spellings[info["region"]].add(str(cells[column]))
    assert max(len(v) for v in spellings.values()) >= 3
    everything = {s for v in spellings.values() for s in v}
    assert any(s.isascii() for s in everything) and any(not s.isascii() for s in everything)


# --- time: updates, gap, truth -----------------------------------------------------------------


def test_open_records_come_back_later_with_a_new_status(run: Path) -> None:
    statuses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for info in sorted(_regular_files(run), key=lambda f: f["file"]):
        if info["source"] != "complaints":
            continue
        check = _checks(run)[info["file"]]
        for where, values in check.values.items():
            if not check.problems[where]:
                statuses[values["ticket_id"]].append((info["month"], values["status"]))
    updated = [v for v in statuses.values() if len({m for m, _ in v}) > 1]
    assert updated, "some tickets appear in more than one month"
    assert any(
        v[0][1] in ("open", "in_progress") and v[-1][1] in ("resolved", "closed") for v in updated
    )


def test_the_gap_region_sends_nothing_for_two_months(run: Path) -> None:
    summary = _summary(run)
    region, gap = summary["gap_region"], summary["gap_months"]
    months = {f["month"] for f in _jsonl(run / "demo" / "files.jsonl") if f["region"] == region}
    assert len(gap) == 2 and not months & set(gap)
    assert months == set(summary["months"]) - set(gap)


def _latest_clean_records(home: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """What a correct ingestion keeps: per source and key, the latest clean row (files in name
    order within a region; rejected, copied and faulty rows left out)."""
    latest: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in SOURCES}
    keys = {
        "complaints": "ticket_id",
        "meetings": "meeting_id",
        "meeting_actions": "action_id",
        "initiatives": "initiative_id",
        "media_coverage": "item_id",
    }
    for info in sorted(_regular_files(home), key=lambda f: (f["source"], f["file"])):
        check = _checks(home)[info["file"]]
        for where, values in check.values.items():
            if check.problems[where]:
                continue
            source = "meeting_actions" if isinstance(where, tuple) else info["source"]
            latest[source][values[keys[source]]] = values
    return latest


def test_truth_tables_count_the_clean_records(run: Path) -> None:
    latest = _latest_clean_records(run)
    months = set(_summary(run)["months"])
    derived: dict[str, Counter] = defaultdict(Counter)

    def add(table: str, region: str, day, **counts: int) -> None:
        month = f"{day.year:04d}-{day.month:02d}"
        if month in months:
            for column, n in counts.items():
                derived[table][(region, month, column)] += n

    for v in latest["complaints"].values():
        add(
            "complaints",
            v["region_code"],
            v["received_at"],
            received=1,
            resolved=int(v["status"] in ("resolved", "closed")),
        )
    for v in latest["meetings"].values():
        add(
            "meetings",
            v["region_code"],
            v["meeting_date"],
            meetings=1,
            held=int(v["status"] == "held"),
        )
    for v in latest["meeting_actions"].values():
        add(
            "meeting_actions",
            v["region_code"],
            v["issued_date"],
            actions=1,
            directives=int(v["origin"] == "directive"),
            closed=int(v["status"] == "closed"),
        )
    for v in latest["initiatives"].values():
        add(
            "initiatives",
            v["region_code"],
            v["planned_start"],
            initiatives=1,
            completed=int(v["status"] == "completed"),
        )
    for v in latest["media_coverage"].values():
        add(
            "media_coverage",
            v["region_code"],
            v["published_at"],
            items=1,
            owned=int(v["owned_or_earned"] == "owned"),
            positive=int(v["sentiment"] == "positive"),
            negative=int(v["sentiment"] == "negative"),
        )
    for table, (_, columns) in TRUTH_TABLES.items():
        path = run / "demo" / "truth" / f"{table}_by_region_month.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == ",".join(["region_code", "month", *columns])
        truth = Counter()
        for line in lines[1:]:
            region, month, *values = line.split(",")
            for column, value in zip(columns, values, strict=True):
                truth[(region, month, column)] += int(value)
        assert +truth == +derived[table], table


def test_summary_counts_match_the_files(run: Path) -> None:
    summary = _summary(run)
    files = _regular_files(run)
    for source in SOURCES:
        assert sum(summary["files"][source].values()) == sum(f["source"] == source for f in files)
        rows = sum(f["rows"] for f in files if f["source"] == source)
        rows += sum(f.get("nested_rows", 0) for f in files if source == "meeting_actions")
        assert summary["rows"][source] == rows
    manifest = _jsonl(run / "demo" / "faults.jsonl")
    assert sum(summary["faults"].values()) == sum(e["kind"] == "row" for e in manifest)


def test_cli_writes_the_demo_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        demo_data,
        [
            "--home",
            str(tmp_path),
            "--months",
            "2",
            "--end-month",
            "2025-02",
            "--scale",
            "0.01",
            "--profile",
            "municipal-sa",
            "--seed",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "complaints" in result.output
    assert (tmp_path / "demo" / "summary.json").exists()
    assert any((tmp_path / "inbox" / "complaints").iterdir())
    bad = CliRunner().invoke(demo_data, ["--home", str(tmp_path), "--end-month", "2025-13"])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output
