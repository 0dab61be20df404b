"""The data dictionary, generated from dbt's manifest and catalog (never written by hand).

`build_dictionary(manifest, catalog)` turns dbt's `target/manifest.json` (descriptions, Arabic
labels, tests, contracts, lineage) and a catalog (the column types of the built relations — what
`dbt docs generate` writes to `target/catalog.json`) into two tables: one row per published
table and one per column. `publish_snapshot` writes them into the snapshot as
`meta.dictionary_tables` and `meta.dictionary_columns`, so the dictionary always describes the
snapshot it travels with; the catalog is then read from the warehouse's information_schema
(`catalog_from_connection`), the same facts dbt's catalog holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mizan.settings import REPO_ROOT

MANIFEST_PATH = REPO_ROOT / "target" / "manifest.json"
DOCUMENTED_SCHEMAS = ("marts", "reference")
TABLE_COLUMNS = [
    "schema_name",
    "table_name",
    "kind",
    "description",
    "contract_enforced",
    "parents",
    "sources",
    "seeds",
    "tests",
]
COLUMN_COLUMNS = [
    "schema_name",
    "table_name",
    "column_name",
    "ordinal",
    "data_type",
    "description",
    "label_ar",
    "tests",
]


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def catalog_from_connection(
    con: duckdb.DuckDBPyConnection, manifest: dict[str, Any]
) -> dict[str, Any]:
    """A catalog in dbt's catalog.json shape for the manifest's published relations."""
    rows = con.execute(
        "SELECT table_schema, table_name, column_name, ordinal_position, data_type "
        "FROM information_schema.columns WHERE table_catalog = current_database() "
        "ORDER BY table_schema, table_name, ordinal_position"
    ).fetchall()
    by_relation: dict[tuple[str, str], dict[str, Any]] = {}
    for schema, table, column, index, data_type in rows:
        by_relation.setdefault((schema, table), {})[column] = {
            "name": column,
            "index": index,
            "type": data_type,
        }
    nodes = {}
    for unique_id, node in _published(manifest):
        columns = by_relation.get((node["schema"], node.get("alias") or node["name"]))
        if columns is not None:
            nodes[unique_id] = {"columns": columns}
    return {"nodes": nodes, "sources": {}}


def _published(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return sorted(
        (uid, node)
        for uid, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") in ("model", "seed")
        and node.get("schema") in DOCUMENTED_SCHEMAS
    )


def _tests_by_node(manifest: dict[str, Any]) -> dict[tuple[str, str | None], list[str]]:
    tests: dict[tuple[str, str | None], list[str]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "test":
            continue
        attached = node.get("attached_node")
        if not attached:
            continue
        metadata = node.get("test_metadata") or {}
        name = metadata.get("name") or node.get("name", "")
        kwargs = metadata.get("kwargs") or {}
        # one test of a model's simple rules (column_rules) is listed as its single tests
        singles = _column_rules(kwargs) if name == "column_rules" else []
        for column, single, arguments in singles or [(node.get("column_name"), name, kwargs)]:
            tests.setdefault((attached, column), []).append(_label(single, arguments))
    contracts = {
        uid
        for uid, node in manifest.get("nodes", {}).items()
        if (node.get("config") or {}).get("contract", {}).get("enforced")
    }
    for uid in contracts:
        for column in manifest["nodes"][uid].get("columns", {}).values():
            for constraint in column.get("constraints") or []:
                tests.setdefault((uid, column["name"]), []).append(
                    f"contract: {constraint.get('type')}"
                )
    return tests


def _label(name: str, kwargs: dict[str, Any]) -> str:
    """A test as the dictionary lists it: its name, and what it compares with."""
    if name == "accepted_values" and "values" in kwargs:
        return f"{name} ({', '.join(map(str, kwargs['values']))})"
    if name == "relationships" and "to" in kwargs:
        return f"{name} → {_ref_name(kwargs['to'])}.{kwargs.get('field', '')}"
    return name


def _column_rules(kwargs: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(column, single test, its arguments) of each rule of a column_rules test."""
    rules = [(column, "not_null", {}) for column in kwargs.get("not_null") or []]
    rules += [
        (column, "accepted_values", {"values": values})
        for column, values in (kwargs.get("accepted_values") or {}).items()
    ]
    rules += [
        (column, "value_between", bounds)
        for column, bounds in (kwargs.get("value_between") or {}).items()
    ]
    return rules


def _ref_name(text: str) -> str:
    # "ref('dim_region')" -> dim_region
    return text.split("'")[1] if "'" in text else text


def _upstream(manifest: dict[str, Any], unique_id: str) -> tuple[list[str], list[str]]:
    """Every raw source and seed `unique_id` is built from, however many models between."""
    parents = manifest.get("parent_map") or {}
    seen: set[str] = set()
    stack = [unique_id]
    sources, seeds = set(), set()
    while stack:
        current = stack.pop()
        for parent in parents.get(current) or _depends_on(manifest, current):
            if parent in seen:
                continue
            seen.add(parent)
            if parent.startswith("source."):
                source = manifest["sources"].get(parent, {})
                sources.add(f"{source.get('schema', 'raw')}.{source.get('name', parent)}")
            elif parent.startswith("seed."):
                seeds.add(parent.rsplit(".", 1)[-1])
                stack.append(parent)
            elif parent.startswith("model."):
                stack.append(parent)
    return sorted(sources), sorted(seeds)


def _depends_on(manifest: dict[str, Any], unique_id: str) -> list[str]:
    node = manifest.get("nodes", {}).get(unique_id, {})
    return list((node.get("depends_on") or {}).get("nodes") or [])


def build_dictionary(
    manifest: dict[str, Any], catalog: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tables, columns) of every published model and seed the catalog holds (was built)."""
    tests = _tests_by_node(manifest)
    tables, columns = [], []
    for uid, node in _published(manifest):
        if uid not in catalog.get("nodes", {}):
            continue
        table = node.get("alias") or node["name"]
        parents = [p.rsplit(".", 1)[-1] for p in _depends_on(manifest, uid)]
        sources, seeds = _upstream(manifest, uid)
        tables.append(
            {
                "schema_name": node["schema"],
                "table_name": table,
                "kind": node["resource_type"],
                "description": (node.get("description") or "").strip(),
                "contract_enforced": bool(
                    (node.get("config") or {}).get("contract", {}).get("enforced")
                ),
                "parents": parents,
                "sources": sources,
                "seeds": seeds,
                "tests": sorted(set(tests.get((uid, None), []))),
            }
        )
        documented = node.get("columns") or {}
        built = (catalog.get("nodes", {}).get(uid) or {}).get("columns") or {}
        names = sorted(built, key=lambda c: built[c].get("index", 0))
        for ordinal, column in enumerate(names, start=1):
            doc = documented.get(column) or _case_insensitive(documented, column) or {}
            meta = doc.get("meta") or {}
            columns.append(
                {
                    "schema_name": node["schema"],
                    "table_name": table,
                    "column_name": column,
                    "ordinal": ordinal,
                    "data_type": str(
                        (built.get(column) or {}).get("type") or doc.get("data_type") or ""
                    ).upper(),
                    "description": (doc.get("description") or "").strip(),
                    "label_ar": str(meta.get("label_ar") or ""),
                    "tests": sorted(set(tests.get((uid, column), []))),
                }
            )
    return (
        pd.DataFrame(tables, columns=TABLE_COLUMNS),
        pd.DataFrame(columns, columns=COLUMN_COLUMNS),
    )


def _case_insensitive(documented: dict[str, Any], column: str) -> dict[str, Any] | None:
    lowered = column.lower()
    return next((v for k, v in documented.items() if k.lower() == lowered), None)


def write_dictionary(
    con: duckdb.DuckDBPyConnection, database: str, manifest: dict[str, Any] | None
) -> int:
    """Create `<database>.meta.dictionary_tables/_columns` from the manifest and the catalog
    of `con`'s warehouse; empty tables when there is no manifest. Returns the column count."""
    if manifest is None:
        tables = pd.DataFrame(columns=TABLE_COLUMNS)
        columns = pd.DataFrame(columns=COLUMN_COLUMNS)
    else:
        tables, columns = build_dictionary(manifest, catalog_from_connection(con, manifest))
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {database}.meta")
    for name, frame, types in (
        ("dictionary_tables", tables, _TABLE_TYPES),
        ("dictionary_columns", columns, _COLUMN_TYPES),
    ):
        view = f"_mizan_{name}"
        con.register(view, frame)
        try:
            casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in types.items())
            con.execute(f"CREATE TABLE {database}.meta.{name} AS SELECT {casts} FROM {view}")
        finally:
            con.unregister(view)
    return len(columns)


_LIST = "VARCHAR[]"
_TABLE_TYPES = {
    "schema_name": "VARCHAR",
    "table_name": "VARCHAR",
    "kind": "VARCHAR",
    "description": "VARCHAR",
    "contract_enforced": "BOOLEAN",
    "parents": _LIST,
    "sources": _LIST,
    "seeds": _LIST,
    "tests": _LIST,
}
_COLUMN_TYPES = {
    "schema_name": "VARCHAR",
    "table_name": "VARCHAR",
    "column_name": "VARCHAR",
    "ordinal": "INTEGER",
    "data_type": "VARCHAR",
    "description": "VARCHAR",
    "label_ar": "VARCHAR",
    "tests": _LIST,
}
