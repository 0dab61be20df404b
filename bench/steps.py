"""Steps run in child processes: `python -m bench.steps NAME '{"arg": ...}'`.

Each step times only its measured part (imports and interpreter start excluded: a long-running
Dagster process has paid them) and reports it with `harness.report`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.harness import report


def ingest_mizan(home: str, profile: str = "party-eg") -> None:
    """Mizan's ingestion of every pending inbox file into a (new or existing) warehouse."""
    import great_expectations  # noqa: F401  (imported lazily by the ingest; paid up front here)

    from mizan.calendar import load_calendar
    from mizan.ingest.api import ingest_inbox
    from mizan.org import load_profile
    from mizan.settings import Settings
    from mizan.warehouse_db import connect_warehouse

    settings = Settings.from_env(home=Path(home), profile=profile)
    settings.ensure_dirs()
    org = load_profile(profile)
    con = connect_warehouse(settings)
    started = time.perf_counter()
    receipts = ingest_inbox(con, settings, org)
    # as the build's ingest asset does after loading: the months the data covers (without
    # them the dbt models have no month to count in)
    load_calendar(con, settings.first_month)
    con.close()
    seconds = time.perf_counter() - started
    files = [r for rs in receipts.values() for r in rs]
    report(
        {
            "seconds": seconds,
            "files": len({r.file for r in files}),
            "rows_in": sum(r.rows_in for r in files),
            "rows_loaded": sum(r.loaded for r in files),
            "rows_rejected": sum(r.rejected for r in files),
            "files_rejected": sum(r.status == "rejected" for r in files),
        }
    )


def ingest_plain(listing: str, warehouse: str) -> None:
    """The plain load of the files listed (JSON) in `listing`."""
    from bench.plain_load import load

    files = [Path(f) for f in json.loads(Path(listing).read_text())]
    started = time.perf_counter()
    counts = load(files, Path(warehouse))
    report({"seconds": time.perf_counter() - started, **counts})


def limit_sql(warehouse: str) -> None:
    """The hand-written SQL script on a warehouse holding the raw tables."""
    import duckdb

    from bench import limit_sql as limit

    started = time.perf_counter()
    con = duckdb.connect(warehouse)
    rows = limit.run(con)
    con.close()
    report({"seconds": time.perf_counter() - started, "rows": rows})


def pandas_peer(warehouse: str) -> None:
    from bench import pandas_peer as peer

    started = time.perf_counter()
    rows = peer.run(Path(warehouse))
    report({"seconds": time.perf_counter() - started, "rows": rows})


def dagster_split(home: str) -> None:
    """Where the last `mizan build` run of a home spent its time, from the Dagster event log
    (read by the orchestration layer, the one place that imports Dagster)."""
    import os

    os.environ["DAGSTER_HOME"] = str(Path(home) / "dagster")
    from dagster_project.runner import last_run_timings

    report(last_run_timings())


def prepare_dbt() -> None:
    """dbt's manifest and partial-parse file in the project's target/ (what `mizan` prepares
    before a run and dagster-dbt copies into each invocation's target path)."""
    from dagster_project.dbt_project import ensure_manifest

    ensure_manifest()
    report({"seconds": 0.0})


STEPS = {
    f.__name__: f
    for f in (
        ingest_mizan,
        ingest_plain,
        limit_sql,
        pandas_peer,
        dagster_split,
        prepare_dbt,
    )
}


if __name__ == "__main__":
    name, args = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    STEPS[name](**args)
