"""CitiStat's follow-up in the pack: last month's comments that named an owner or a due date
come back on this month's pages with their KPI's status then and now and whether it moved the
right way — figures equal to fct_kpi_monthly; a comment without either is not a commitment."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from dashboards.data import core
from dashboards.report.content import previous_month, region_content
from mizan.access.users import User
from mizan.review.comments import add_comment
from mizan.settings import Settings

NATIONAL = User("nat", "national")


@pytest.fixture
def settings(demo_snapshot, tmp_path, monkeypatch) -> Settings:
    home = tmp_path / "home"
    (home / "serving").mkdir(parents=True)
    shutil.copy(demo_snapshot.serving_path, home / "serving" / "mizan.duckdb")
    monkeypatch.setenv("MIZAN_HOME", str(home))
    core.close_connection()
    yield Settings(home=home, profile="municipal-sa")
    core.close_connection()


def test_last_months_commitments_come_back_with_their_kpis_movement(settings):
    with duckdb.connect(str(settings.serving_path), read_only=True) as con:
        month = con.execute("SELECT max(month_start) FROM marts.dim_month").fetchone()[0]
        before = previous_month(f"{month:%Y-%m-%d}")
        # a KPI reported both months whose value changed, and its direction
        region, kpi, then, now, direction = con.execute(
            """
            SELECT f.region_code, f.kpi_code, f.value_prev_month, f.value, k.direction
            FROM marts.fct_kpi_monthly f JOIN marts.dim_kpi k USING (kpi_code)
            WHERE f.month_start = ? AND f.secretariat_code = 'ALL' AND f.region_code <> 'ALL'
              AND f.has_data AND f.value_prev_month IS NOT NULL AND f.value <> f.value_prev_month
              AND k.direction <> 'informational'
            ORDER BY f.region_code, f.kpi_code LIMIT 1
            """,
            [month],
        ).fetchone()
        rag_then, rag_now = (
            con.execute(
                "SELECT rag FROM marts.fct_kpi_monthly WHERE month_start = ? AND region_code = ? "
                "AND secretariat_code = 'ALL' AND kpi_code = ?",
                [m, region, kpi],
            ).fetchone()[0]
            for m in (before, month)
        )
    add_comment(settings, NATIONAL, region=region, kpi=kpi, month=before,
                body="A weekend shift clears the backlog.", owner="Customer care lead",
                due=date(2026, 1, 15))  # fmt: skip
    add_comment(
        settings, NATIONAL, region=region, kpi=kpi, month=before, body="Noted in the meeting."
    )  # fmt: skip  (no owner, no date: not a commitment)

    content = region_content(settings, region, f"{month:%Y-%m-%d}", "en")

    assert len(content.commitments) == 1
    item = content.commitments[0]
    assert (item.kpi_code, item.owner, item.due_date) == (kpi, "Customer care lead", "2026-01-15")
    assert item.value_then == pytest.approx(then) and item.value_now == pytest.approx(now)
    assert item.change == pytest.approx(now - then)
    assert (item.status_then, item.status_now) == (rag_then, rag_now)
    improved = (now > then) if direction == "higher_better" else (now < then)
    assert item.better is improved
    assert content.comments == []  # this month's comments are another section
