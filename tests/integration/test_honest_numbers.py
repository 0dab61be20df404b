"""Numbers that stay honest, over the whole demo snapshot (DESIGN.md): a KPI whose inputs a
region's files never carried is never published as a value (let alone 0), and no KPI is red in
every region for every month (a target nobody meets tells nothing)."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pytest

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def con(demo_snapshot):
    connection = duckdb.connect(str(demo_snapshot.serving_path), read_only=True)
    # the ingest log is the warehouse's (raw.*), not published in the snapshot
    warehouse = str(demo_snapshot.settings.warehouse_path).replace("'", "''")
    connection.execute(f"ATTACH '{warehouse}' AS warehouse (READ_ONLY)")
    yield connection
    connection.close()


def _region_of(file_name: str, codes: list[str]) -> str | None:
    """Demo files are named <region>_<month>...: the longest region code the name starts with."""
    name = file_name.lower()
    matches = [code for code in codes if name.startswith(code.lower() + "_")]
    return max(matches, key=len) if matches else None


def test_no_kpi_has_data_where_the_regions_files_never_carried_its_inputs(con):
    codes = [r[0] for r in con.execute("select region_code from marts.dim_region").fetchall()]
    carried: dict[tuple[str, str, str], bool] = defaultdict(bool)  # region, source, column
    logged = con.execute(
        "select file_name, source, columns_present from warehouse.raw.ingest_log "
        "where status = 'loaded' and columns_present is not null"
    ).fetchall()
    assert logged, "the ingest log records the columns of every loaded file"
    inputs = con.execute(
        "select kpi_code, source, column_name from reference.kpi_inputs"
    ).fetchall()
    for file_name, source, present in logged:
        region = _region_of(file_name, codes)
        if region is None:
            continue
        for _, input_source, column in inputs:
            if input_source == source and column in present.split("|"):
                carried[region, source, column] = True
    never = {
        (region, kpi)
        for kpi, source, column in inputs
        for region in codes
        if region != "ALL"
        and any(_region_of(f, codes) == region and s == source for f, s, _ in logged)
        and not carried[region, source, column]
    }
    assert never, "the demo has regions that leave optional columns out"
    cells = con.execute(
        "select region_code, kpi_code, value_status, has_data, value from marts.fct_kpi_monthly "
        "where secretariat_code = 'ALL'"
    ).fetchall()
    wrong = [c for c in cells if (c[0], c[1]) in never and (c[3] or c[4] is not None)]
    assert not wrong, wrong[:10]
    assert any((c[0], c[1]) in never and c[2] == "not_reported" for c in cells)
    # and nothing with data lacks a reporting record
    assert not con.execute(
        "select count(*) from marts.fct_kpi_monthly where has_data and records_reporting = 0"
    ).fetchone()[0]


def test_no_kpi_is_red_in_every_region_for_every_month(con):
    red_everywhere = con.execute(
        """
        select kpi_code
        from marts.fct_kpi_monthly
        where region_code <> 'ALL' and secretariat_code = 'ALL' and rag is not null and rag <> 'grey'
        group by kpi_code
        having bool_and(rag = 'red')
        """
    ).fetchall()
    assert not red_everywhere
