"""`mizan build` on a US city's 311 export with its mapping.yml in the inbox: history back to
2012, month-first dates, a re-send with a corrected mapping, a source whose every file is refused,
and the same files through `mizan ingest` giving the same published numbers.

Each figure is checked against an independent count of the files (plain csv)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from tests.integration.test_real_files import MAPPING_V1, months_of, us_rows, write_us_csv
from tests.support.pipeline import mizan
from tests.support.profiles import cut_profile

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("real_files_build")]


def published(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def published_months(home: Path) -> Counter:
    """Tickets received per month as published: the KPI and the row fact must agree."""
    kpi = Counter(
        {
            m: int(v)
            for m, v in published(
                home,
                "SELECT strftime(month_start, '%Y-%m'), sum(value) FROM marts.fct_kpi_monthly "
                "WHERE kpi_code = 'CMP_RECEIVED' AND region_code = 'CAIRO' "
                "AND secretariat_code = 'PR' AND value > 0 GROUP BY 1",
            )
        }
    )
    fact = Counter(
        dict(
            published(
                home,
                "SELECT strftime(received_at, '%Y-%m'), count(*) FROM marts.fct_complaints "
                "GROUP BY 1",
            )
        )
    )
    assert kpi == fact
    return fact


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_real_export_through_the_inbox_and_through_mizan_ingest(tmp_path):
    # the files name Cairo and PR only: fifteen years of months over two regions, not 27 × 2
    profile = str(
        cut_profile(
            tmp_path / "profile", base="party-eg", regions=["CAIRO", "GIZA"], secretariats=["PR"]
        )
    )
    home = tmp_path / "home"
    folder = home / "inbox" / "complaints" / "chicago-311"
    folder.mkdir(parents=True)
    (folder / "mapping.yml").write_text(MAPPING_V1, encoding="utf-8")
    rows = us_rows(300, seed=12, first_year=2012, last_year=2018)
    for r in rows[:20]:
        r["Status"] = "Duplicate"  # unknown to the first mapping: quarantined
    source = write_us_csv(tmp_path / "311.csv", rows)
    shutil.copy(source, folder / "311.csv")
    expected = months_of(source)
    assert min(expected) < "2013-01"

    # history before MIZAN_FIRST_MONTH (default 2020-01): blocked, naming the setting
    blocked = mizan(home, "build", MIZAN_PROFILE=profile)
    assert blocked.returncode == 3, blocked.stderr[-3000:]
    assert "MIZAN_FIRST_MONTH" in blocked.stderr
    assert not (home / "serving" / "mizan.duckdb").exists()

    first = mizan(home, "build", MIZAN_FIRST_MONTH="2012-01", MIZAN_PROFILE=profile)
    assert first.returncode == 0, first.stderr[-3000:]
    loaded_first = Counter(expected)
    for r in rows[:20]:
        loaded_first[months_of_row(r)] -= 1
    assert published_months(home) == +loaded_first
    labels = published(
        home, "SELECT hijri_label_en FROM marts.dim_month WHERE month_start = DATE '2012-01-01'"
    )
    assert labels and "AH" in labels[0][0]

    # the same bytes again with a corrected mapping: replaces the load, quarantine superseded
    fixed = MAPPING_V1.replace(
        "In Progress: in_progress}", "In Progress: in_progress, Duplicate: resolved}"
    )
    (folder / "mapping.yml").write_text(fixed, encoding="utf-8")
    shutil.copy(source, folder / "311.csv")
    second = mizan(home, "build", MIZAN_FIRST_MONTH="2012-01", MIZAN_PROFILE=profile)
    assert second.returncode == 0, second.stderr[-3000:]
    assert published_months(home) == expected
    listed = mizan(home, "quarantine", "--json", "--lang", "en", MIZAN_PROFILE=profile)
    assert listed.returncode == 0 and listed.stdout.strip() == "", listed.stdout

    # a source whose every file is refused: blocked, exit 3, the snapshot unchanged
    before = digest(home / "serving" / "mizan.duckdb")
    bad = home / "inbox" / "media_coverage" / "export.csv"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = mizan(home, "build", MIZAN_FIRST_MONTH="2012-01", MIZAN_PROFILE=profile)
    assert refused.returncode == 3, refused.stderr[-3000:]
    assert "refused" in refused.stderr and "export.csv" in refused.stderr
    assert digest(home / "serving" / "mizan.duckdb") == before
    status = json.loads((home / "runs" / "last_build.json").read_text())
    assert status["status"] == "blocked" and "refused" in status["message"]
    files = mizan(home, "quarantine", "--json", "--lang", "en", MIZAN_PROFILE=profile)
    assert [json.loads(x)["reason"] for x in files.stdout.splitlines()] == ["missing_columns"]

    # the same file and mapping through `mizan ingest`, then a build: the same numbers
    other = tmp_path / "other"
    (tmp_path / "fixed.yml").write_text(fixed, encoding="utf-8")
    ingested = mizan(
        other,
        "ingest",
        "complaints",
        str(source),
        "--mapping",
        str(tmp_path / "fixed.yml"),
        MIZAN_PROFILE=profile,
    )
    assert ingested.returncode == 0, ingested.stderr[-3000:]
    receipt = json.loads(ingested.stdout)
    assert receipt["loaded"] == 300 and receipt["date_orders"]["received_at"]["order"] == "mdy"
    built = mizan(other, "build", MIZAN_FIRST_MONTH="2012-01", MIZAN_PROFILE=profile)
    assert built.returncode == 0, built.stderr[-3000:]
    assert published_months(other) == published_months(home) == expected


def months_of_row(r: dict) -> str:
    import datetime as dt

    return dt.datetime.strptime(r["Opened"], "%m/%d/%Y %I:%M:%S %p").strftime("%Y-%m")
