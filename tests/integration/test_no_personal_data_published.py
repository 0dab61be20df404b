"""Acceptance: a file carrying personal data (contract columns) and columns the contract does not
know (national id, a second phone, private notes) goes through the real pipeline — demo data plus
that file, ingest, dbt, publish — and none of those values appears in clear anywhere a reader
can reach: any text column of any table of the serving snapshot, an export of the month, or a
log line of the build (the Python logs, the run logs and anything else written under the home,
except the archive, which keeps the files as sent, owner-only)."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from mizan.settings import Settings
from tests.integration.ingest_helpers import COMPLAINT_HEADER, complaint, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ingest_heavy")]

PROFILE = "municipal-sa"
# clear values that must never be published
NAME, PHONE = "زينب عبدالرحمن المسعودي", "0551234987"
NATIONAL_ID, PHONE_2, NOTE = "1098765432", "0567778889", "مريضة-سكري-سرّي"
CLEAR = (NAME, PHONE, NATIONAL_ID, PHONE_2, NOTE)
HEADER = [*COMPLAINT_HEADER, "national_id", "phone_2", "ملاحظات خاصة"]


def _row(ticket: str, **overrides: str) -> list[str]:
    fields = {
        "region": "الرياض",
        "received": "2026-10-05 10:00",
        "responded": "2026-10-05 12:00",
        "name": NAME,
        "phone": PHONE,
        **overrides,
    }
    base = complaint(ticket, **fields)
    return [*base, NATIONAL_ID, PHONE_2, NOTE]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(record.getMessage())
        except Exception:  # a record that cannot format is not what this test looks for
            self.lines.append(str(record.msg))


def test_no_personal_or_unknown_value_reaches_a_reader(tmp_path: Path):
    from dagster_project.runner import run_job
    from mizan.demo import generate_demo_data

    home = tmp_path / "home"
    home.mkdir()
    settings = Settings.from_env(home=home, profile=PROFILE, secret="acceptance-secret")
    generate_demo_data(home, profile=PROFILE, months=2, end_month="2026-10", scale=0.02, seed=3)
    rows = [
        _row("PII-1"),
        _row("PII-2"),
        _row("PII-3", region="أطلانطس"),  # unknown region: quarantined
        _row("PII-4", satisfaction="9"),  # out of range: quarantined
    ]
    write_csv(settings.inbox_for("complaints") / "pii-extra.csv", HEADER, rows)
    saved = dict(os.environ)
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        outcome = run_job(settings, "build_all", run_id=str(uuid.uuid4()))
    finally:
        root.removeHandler(collect)
        root.setLevel(level)
        os.environ.clear()
        os.environ.update(saved)
    assert outcome.success, outcome.message

    # the file did go through: two rows loaded, two quarantined
    con = duckdb.connect(str(settings.serving_path), read_only=True)
    try:
        keys = con.execute(
            "SELECT record_key, row_json FROM quality.quarantine WHERE file_name = 'pii-extra.csv'"
        ).fetchall()
        assert sorted(k for k, _ in keys) == ["PII-3", "PII-4"]
        assert all("phone_2" in j and "ملاحظات خاصة" in j for _, j in keys)  # names are kept
        # every text column of every table of the snapshot
        columns = con.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE data_type IN ('VARCHAR', 'JSON') OR data_type LIKE '%[]' "
            "OR data_type LIKE 'STRUCT%' OR data_type LIKE 'MAP%'"
        ).fetchall()
        assert len(columns) > 50
        leaks = []
        for schema, table, column in columns:
            for value in CLEAR:
                hits = con.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" '
                    f'WHERE contains(CAST("{column}" AS VARCHAR), ?)',
                    [value],
                ).fetchone()[0]
                if hits:
                    leaks.append((schema, table, column, value))
        assert leaks == []
    finally:
        con.close()

    # an export of the month, every format that holds text
    env = {"MIZAN_HOME": str(home), "MIZAN_PROFILE": PROFILE}
    for fmt in ("csv", "xlsx"):
        out = tmp_path / ("export.xlsx" if fmt == "xlsx" else "export-csv")
        result = CliRunner().invoke(
            __import__("mizan.cli", fromlist=["main"]).main,
            ["export", "--month", "2026-10", "--format", fmt, "--out", str(out)],
            env=env,
        )
        assert result.exit_code == 0, result.output
        for path in [out] if out.is_file() else sorted(out.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                for value in CLEAR:
                    assert value.encode() not in data, (path, value)
        if fmt == "xlsx":
            import openpyxl

            assert out.is_file()
            book = openpyxl.load_workbook(out)
            text = "\n".join(
                str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
            )
            for value in CLEAR:
                assert value not in text

    # log lines of the build, and every text file the build wrote under the home
    for line in collect.lines:
        for value in CLEAR:
            assert value not in line, line
    written = [
        p
        for p in home.rglob("*")
        if p.is_file()
        and settings.archive not in p.parents
        and settings.inbox not in p.parents
        and p.suffix not in (".duckdb", ".wal", ".parquet")
    ]
    assert written
    for path in written:
        data = path.read_bytes()
        for value in CLEAR:
            assert value.encode() not in data, (path, value)
    # the file itself went to the archive, owner-only
    (archived,) = (settings.archive / "complaints").glob("pii-extra*.csv")
    assert oct(archived.stat().st_mode & 0o777) == "0o600"
