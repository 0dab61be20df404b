"""`mizan export` of the marts of a month: CSV, Parquet, Excel; formula-like text neutralised;
a user's scope applied, another region refused and logged."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from mizan.access import audit
from mizan.cli import main
from mizan.spreadsheet import csv_bytes, excel_bytes
from tests.access.conftest import sha256
from tests.support.users import demo_regions, write_test_users

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


@pytest.fixture
def home(private_home):
    write_test_users(private_home / "users.json")
    return private_home


@pytest.fixture
def month(home):
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT strftime(max(month_start), '%Y-%m') FROM marts.dim_month"
        ).fetchone()[0]
    finally:
        con.close()


def export(home, *args):
    return CliRunner().invoke(main, ["export", "--home", str(home), *args], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_of_a_month_and_region(home, month, tmp_path, fmt):
    mine, _ = demo_regions()
    before = sha256(home / "serving" / "mizan.duckdb")
    out = tmp_path / "out"
    result = export(home, "--month", month, "--region", mine, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out.with_suffix(".xlsx"), read_only=True)
        assert "fct_kpi_monthly" in book.sheetnames and "mart_league_table" in book.sheetnames
        frame = pd.read_excel(out.with_suffix(".xlsx"), sheet_name="fct_kpi_monthly")
    elif fmt == "csv":
        frame = pd.read_csv(out / "fct_kpi_monthly.csv", encoding="utf-8-sig")
    else:
        frame = pd.read_parquet(out / "fct_kpi_monthly.parquet")
    assert len(frame) and set(frame["region_code"]) == {mine}
    assert {str(m)[:7] for m in frame["month_start"]} == {month}
    assert sha256(home / "serving" / "mizan.duckdb") == before
    event = audit.read(home / "audit" / "audit.jsonl")[-1]
    assert event["event"] == "export" and event["format"] == fmt and event["region"] == mine


def test_a_regional_user_cannot_export_another_region(home, month, tmp_path):
    _, other = demo_regions()
    out = tmp_path / "out"
    result = export(
        home, "--month", month, "--region", other, "--as-user", "reg", "--out", str(out)
    )
    assert result.exit_code == 2 and "outside your scope" in result.stderr
    assert not out.exists()
    event = audit.read(home / "audit" / "audit.jsonl")[-1]
    assert event["event"] == "scope_refused" and event["region"] == other
    assert "as reg" in event["user"]


def test_a_regional_users_export_holds_only_their_region_and_the_league_table(
    home, month, tmp_path
):
    mine, _ = demo_regions()
    out = tmp_path / "out"
    assert export(home, "--month", month, "--as-user", "reg", "--out", str(out)).exit_code == 0
    for name in ("fct_kpi_monthly", "mart_scorecard", "fct_complaints", "fct_meetings"):
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")
        assert set(frame["region_code"]) <= {mine}, name  # never 'ALL', never another region
    league = pd.read_csv(out / "mart_league_table.csv", encoding="utf-8-sig")
    assert len(set(league["region_code"])) > 1  # the composites of every region are public


def test_a_bad_month_is_refused(home):
    result = export(home, "--month", "October")
    assert result.exit_code == 2 and "YYYY-MM" in result.stderr


def test_formula_like_text_is_neutralised_in_csv_and_excel():
    frame = pd.DataFrame(
        {
            "title": [
                '=HYPERLINK("http://x")',
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "ok",
                "مرحبا",
            ],
            "n": [1, 2, 3, 4, 5, 6, 7, 8],
        }
    )
    raw = csv_bytes(frame)
    assert "'\rx" in raw.decode("utf-8-sig")  # (a reader splits the carriage return anyway)
    frame = frame[frame["title"] != "\rx"]
    csv = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", keep_default_na=False)
    assert list(csv["title"][:5]) == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
    ]
    assert list(csv["title"][5:]) == ["ok", "مرحبا"] and list(csv["n"]) == [1, 2, 3, 4, 5, 7, 8]
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame)))
    cells = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in cells)
    assert cells[0] == '\'=HYPERLINK("http://x")'
    assert [row[1].value for row in book.active.iter_rows(min_row=2)] == [1, 2, 3, 4, 5, 7, 8]
