"""The data dictionary the snapshot carries (generated from dbt's manifest and catalog at
publish time): every mart and every mart column described, typed, tested, traced to sources."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo_snapshot")]


@pytest.fixture
def con(demo_snapshot):
    connection = duckdb.connect(str(demo_snapshot.serving_path), read_only=True)
    yield connection
    connection.close()


def test_every_mart_column_has_a_description_and_a_type(con):
    built = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'marts'"
    ).fetchall()
    documented = {
        (t, c): (d, ty)
        for t, c, d, ty in con.execute(
            "SELECT table_name, column_name, description, data_type FROM meta.dictionary_columns "
            "WHERE schema_name = 'marts'"
        ).fetchall()
    }
    assert built
    missing = [(t, c) for t, c, _ in built if not (documented.get((t, c)) or ("", ""))[0].strip()]
    assert missing == [], f"mart columns without a description: {missing}"
    for table, column, data_type in built:
        assert documented[(table, column)][1] == data_type.upper()


def test_every_mart_is_described_with_its_lineage_and_tests(con):
    marts = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'"
        ).fetchall()
    }
    rows = con.execute(
        "SELECT table_name, description, sources, contract_enforced FROM meta.dictionary_tables "
        "WHERE schema_name = 'marts'"
    ).fetchall()
    assert {r[0] for r in rows} == marts
    for table, description, sources, contract in rows:
        assert description.strip(), table
        assert contract, f"{table}: marts have enforced contracts"
        if table.startswith(("fct_", "mart_")):
            assert sources and all(s.startswith("raw.") for s in sources), table
    tested = con.execute(
        "SELECT count(*) FROM meta.dictionary_columns WHERE schema_name = 'marts' AND len(tests) > 0"
    ).fetchone()[0]
    assert tested > 0


def test_the_kpi_catalogue_is_defined_in_arabic_and_english(con):
    rows = con.execute(
        "SELECT kpi_code, name_ar, name_en, definition_ar, definition_en FROM marts.dim_kpi"
    ).fetchall()
    assert rows
    for row in rows:
        assert all(str(v or "").strip() for v in row), row[0]
