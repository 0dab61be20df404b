"""MIZAN_DUCKDB_MEMORY_LIMIT bounds DuckDB in the processes that write the warehouse and in dbt."""

from __future__ import annotations

import yaml

from mizan.settings import REPO_ROOT, Settings
from mizan.warehouse_db import warehouse_connection


def test_the_writer_connection_takes_the_limit(tmp_path):
    settings = Settings.from_env(home=tmp_path, duckdb_memory_limit="1GB")
    with warehouse_connection(settings) as con:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit == "953.6 MiB"  # DuckDB's 1GB, in its units
    assert settings.export_env()["MIZAN_DUCKDB_MEMORY_LIMIT"] == "1GB"  # handed on to dbt


def test_dbt_reads_the_limit_from_the_environment():
    profile = yaml.safe_load((REPO_ROOT / "profiles.yml").read_text(encoding="utf-8"))
    duckdb_target = profile["mizan"]["outputs"]["duckdb"]
    assert (
        "env_var('MIZAN_DUCKDB_MEMORY_LIMIT', '80%')" in duckdb_target["settings"]["memory_limit"]
    )
