"""The attacks on the SQL console (the acceptance list of issue #8): each refused or cut."""

from __future__ import annotations

# (name, query, reason codes accepted — from the statement check or from DuckDB's own settings)
ATTACKS = [
    ("create", "CREATE TABLE marts.pwned AS SELECT 1 AS x", {"not_read_only", "read_only"}),
    (
        "insert",
        "INSERT INTO marts.dim_secretariat VALUES ('X', 'x', 'x', false)",
        {"not_read_only", "read_only"},
    ),
    ("update", "UPDATE marts.fct_kpi_monthly SET value = 0", {"not_read_only", "read_only"}),
    ("delete", "DELETE FROM marts.dim_region", {"not_read_only", "read_only"}),
    ("drop", "DROP TABLE marts.dim_region", {"not_read_only", "read_only"}),
    ("attach", "ATTACH '{tmp}/other.duckdb' AS other", {"not_read_only", "outside_access"}),
    (
        "copy_to",
        "COPY (SELECT * FROM marts.dim_region) TO '{tmp}/leak.csv'",
        {"not_read_only", "outside_access"},
    ),
    ("export_database", "EXPORT DATABASE '{tmp}/dump'", {"not_read_only", "outside_access"}),
    ("install", "INSTALL httpfs", {"not_read_only", "outside_access"}),
    ("load", "LOAD httpfs", {"not_read_only", "outside_access"}),
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')", {"outside_access"}),
    ("read_text", "SELECT * FROM read_text('/etc/passwd')", {"outside_access"}),
    ("glob", "SELECT * FROM glob('/etc/*')", {"outside_access"}),
    ("url", "SELECT * FROM read_parquet('https://example.com/x.parquet')", {"outside_access"}),
    ("set_external", "SET enable_external_access = true", {"not_read_only", "locked"}),
    ("reset_lock", "SET lock_configuration = false", {"not_read_only", "locked"}),
    ("pragma", "PRAGMA enable_profiling", {"not_read_only", "locked"}),
    (
        "two_statements",
        "SELECT 1; DROP TABLE marts.dim_region",
        {"several_statements", "read_only"},
    ),
]
# 10^15 pairs, computed in constant memory: only the time limit stops it
FOREVER = "SELECT count(*) FROM range(1000000000) AS a, range(1000000) AS b"
# the same with a right-hand side too large to hold: the memory limit stops it first
TOO_BIG = "SELECT count(*) FROM range(1000000000) AS a, range(1000000000) AS b"
FOREVER_RECURSIVE = (
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
)
TEN_MILLION = "SELECT * FROM range(10000000) AS t(n)"
