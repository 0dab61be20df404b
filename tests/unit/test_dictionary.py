"""The data dictionary builder on a small manifest and catalog of dbt's shapes."""

from __future__ import annotations

from mizan.dictionary import build_dictionary

MANIFEST = {
    "nodes": {
        "model.mizan.fct_x": {
            "resource_type": "model",
            "schema": "marts",
            "name": "fct_x",
            "description": "One row per x.",
            "config": {"contract": {"enforced": True}},
            "depends_on": {"nodes": ["model.mizan.int_y"]},
            "columns": {
                "x_id": {
                    "name": "x_id",
                    "description": "The id.",
                    "meta": {"label_ar": "المعرّف"},
                    "constraints": [{"type": "not_null"}],
                },
                "region_code": {"name": "region_code", "description": "Region."},
            },
        },
        "model.mizan.int_y": {
            "resource_type": "model",
            "schema": "intermediate",
            "name": "int_y",
            "depends_on": {"nodes": ["source.mizan.raw.z", "seed.mizan.s"]},
            "columns": {},
        },
        "seed.mizan.s": {
            "resource_type": "seed",
            "schema": "reference",
            "name": "s",
            "columns": {},
        },
        "test.mizan.accepted_values_fct_x_region_code": {
            "resource_type": "test",
            "attached_node": "model.mizan.fct_x",
            "column_name": "region_code",
            "test_metadata": {"name": "accepted_values", "kwargs": {"values": ["A", "B"]}},
        },
        # the model's simple rules in one test (macros/test_column_rules.sql): listed per column
        "test.mizan.column_rules_fct_x": {
            "resource_type": "test",
            "attached_node": "model.mizan.fct_x",
            "column_name": None,
            "test_metadata": {
                "name": "column_rules",
                "kwargs": {
                    "not_null": ["region_code"],
                    "accepted_values": {"undocumented": ["2026-01-01"]},
                    "value_between": {"x_id": {"min_value": 1}},
                },
            },
        },
    },
    "sources": {"source.mizan.raw.z": {"schema": "raw", "name": "z"}},
}
CATALOG = {
    "nodes": {
        "model.mizan.fct_x": {
            "columns": {
                "region_code": {"name": "region_code", "index": 2, "type": "VARCHAR"},
                "x_id": {"name": "x_id", "index": 1, "type": "BIGINT"},
                "undocumented": {"name": "undocumented", "index": 3, "type": "DATE"},
            }
        }
    }
}


def test_tables_columns_tests_and_lineage():
    tables, columns = build_dictionary(MANIFEST, CATALOG)
    assert list(tables["table_name"]) == ["fct_x"]  # built (in the catalog) and published
    table = tables.iloc[0]
    assert table["sources"] == ["raw.z"] and table["seeds"] == ["s"]
    assert table["parents"] == ["int_y"] and table["contract_enforced"]
    assert list(columns["column_name"]) == ["x_id", "region_code", "undocumented"]
    first, second, third = columns.to_dict("records")
    assert first["data_type"] == "BIGINT" and first["label_ar"] == "المعرّف"
    assert first["tests"] == ["contract: not_null", "value_between"]
    assert second["tests"] == ["accepted_values (A, B)", "not_null"]
    assert third["description"] == ""  # what the completeness test catches
    assert third["tests"] == ["accepted_values (2026-01-01)"]
    assert table["tests"] == []  # column_rules is not listed as a test of the table
