"""The same dbt build on DuckDB and on Spark, on the same demo data at a given scale.

    uv run --extra spark python bench/spark_vs_duckdb.py --scale 1 [--months 24]
        [--profile party-eg] [--engines duckdb spark] [--work bench/work/spark_vs_duckdb]
        [--spark-threads 1] [--json out.json]

For each scale: generates the demo data and ingests it once (timed, not compared), then gives
each engine a fresh home with the same raw tables and runs what `mizan build` runs around dbt:
  * duckdb: `dbt build` (target duckdb);
  * spark: the raw tables to parquet, `dbt build` (target spark: dbt-spark in session mode,
    local[2]), the published tables read back into DuckDB.
Reported per engine, as JSON: wall time of each step, peak resident memory of the dbt process
tree (dbt, and Spark's JVM), and dbt's time split from run_results.json — startup (process start
to the first node: parsing, and for Spark the session start), hooks, seeds, models, unit tests,
data tests. `spark_session_start_s` is a bare SparkSession start with the profile's settings.
Then the two builds' published tables are compared (`agree`).

`make bench` (a later issue) calls `run(...)`; the JSON goes to stdout and to --json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.compare_engines import compare_databases  # noqa: E402
from mizan import engines  # noqa: E402
from mizan.settings import Settings  # noqa: E402

DBT = Path(sys.executable).with_name("dbt")


# --- data -------------------------------------------------------------------------------------


def prepare_raw(work: Path, profile: str, months: int, scale: float, seed: int) -> dict:
    """Generate and ingest the demo data once per parameter set; reuse it when already there."""
    from mizan.demo import generate_demo_data
    from mizan.ingest import api as ingest_api
    from mizan.org import load_profile

    home = work / f"raw-{profile}-{months}m-x{scale:g}-s{seed}"
    done = home / "ingested.json"
    if done.exists():
        return {**json.loads(done.read_text()), "reused": True, "home": str(home)}
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings(home=home, profile=profile)
    started = time.perf_counter()
    generate_demo_data(
        home, profile=profile, months=months, end_month="2025-12", seed=seed, scale=scale
    )
    generated = time.perf_counter() - started
    settings.ensure_dirs()
    org = load_profile(profile)
    started = time.perf_counter()
    with duckdb.connect(str(settings.warehouse_path)) as con:
        ingest_api.ensure_raw_schema(con)
        ingest_api.load_org_reference(con, org)
        ingest_api.ingest_inbox(con, settings, org)
        rows = {
            table: con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in (
                "meetings",
                "meeting_actions",
                "initiatives",
                "media_coverage",
                "complaints",
            )
        }
    info = {
        "generate_s": round(generated, 1),
        "ingest_s": round(time.perf_counter() - started, 1),
        "raw_rows": rows,
    }
    done.write_text(json.dumps(info))
    return {**info, "reused": False, "home": str(home)}


def fresh_home(raw_home: Path, home: Path) -> Path:
    """A home whose warehouse holds only the raw tables of `raw_home`."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    with duckdb.connect(str(home / "warehouse.duckdb")) as con:
        con.execute(f"ATTACH '{raw_home / 'warehouse.duckdb'}' AS source (READ_ONLY)")
        con.execute("CREATE SCHEMA raw")
        for (table,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = 'source' AND table_schema = 'raw'"
        ).fetchall():
            con.execute(f'CREATE TABLE raw."{table}" AS SELECT * FROM source.raw."{table}"')
    return home


# --- measuring --------------------------------------------------------------------------------


class TreeMemory:
    """Peak resident memory of a process and its descendants, sampled from /proc (Linux)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            self._stop.wait(self.interval)

    def _tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
                rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError, IndexError):
                continue
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def dbt_build(settings: Settings, target: str, threads: int) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MIZAN_")},
        **settings.export_env(),
        "MIZAN_DBT_TARGET": target,
        "MIZAN_SPARK_THREADS": str(threads),
    }
    work = settings.home / "dbt"
    command = [
        str(DBT), "build", "--target", target, "--profiles-dir", str(REPO), "--project-dir",
        str(REPO), "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
    ]  # fmt: skip
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    started = time.perf_counter()
    with (work.parent / f"dbt-{target}.out").open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        memory = TreeMemory(process.pid)
        code = process.wait()
        peak = memory.stop()
    wall = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"dbt build on {target} failed: see {work.parent / f'dbt-{target}.out'}")
    return {
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(peak / 2**20),
        **time_split(work / "target" / "run_results.json", started_at),
    }


def time_split(run_results: Path, process_started: dt.datetime) -> dict:
    results = json.loads(run_results.read_text())["results"]
    split = {
        "hooks_s": 0.0,
        "seeds_s": 0.0,
        "models_s": 0.0,
        "unit_tests_s": 0.0,
        "data_tests_s": 0.0,
    }
    kinds = {"operation": "hooks_s", "seed": "seeds_s", "model": "models_s",
             "unit_test": "unit_tests_s", "test": "data_tests_s"}  # fmt: skip
    first = None
    for result in results:
        split[kinds[result["unique_id"].split(".")[0]]] += result["execution_time"]
        for timing in result.get("timing", []):
            if timing.get("started_at"):
                at = dt.datetime.fromisoformat(timing["started_at"].rstrip("Z"))
                first = at if first is None else min(first, at)
    nodes = {"nodes": len(results)}
    startup = {"startup_s": round((first - process_started).total_seconds(), 1)} if first else {}
    return {**startup, **{k: round(v, 1) for k, v in split.items()}, **nodes}


def spark_session_start() -> float | None:
    """Seconds to start a bare SparkSession with the profile's settings (a separate process)."""
    code = (
        "import time; t = time.perf_counter(); from pyspark.sql import SparkSession; "
        "s = SparkSession.builder.master('local[2]').config('spark.ui.enabled', 'false')"
        ".config('spark.sql.shuffle.partitions', '2').getOrCreate(); s.sql('select 1').collect(); "
        "print(time.perf_counter() - t); s.stop()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    try:
        return round(float(result.stdout.strip().splitlines()[-1]), 1)
    except (ValueError, IndexError):
        return None


# --- the benchmark ----------------------------------------------------------------------------


def run(
    scale: float,
    *,
    months: int = 24,
    profile: str = "party-eg",
    seed: int = 7,
    engines_to_run: Sequence[str] = ("duckdb", "spark"),
    work: Path = REPO / "bench" / "work" / "spark_vs_duckdb",
    spark_threads: int = 1,
) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "scale": scale,
        "months": months,
        "profile": profile,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "raw": prepare_raw(work, profile, months, scale, seed),
        "engines": {},
    }
    raw_home = Path(report["raw"]["home"])
    for engine in engines_to_run:
        home = fresh_home(raw_home, work / f"build-{engine}")
        settings = Settings(home=home, profile=profile, engine=engine)
        steps: dict = {}
        started = time.perf_counter()
        if engine == "spark":
            handed = engines.before_dbt(settings)
            steps["raw_to_parquet_s"] = round(handed.seconds, 1)
        steps["dbt"] = dbt_build(settings, settings.target, spark_threads)
        if engine == "spark":
            handed = engines.after_dbt(settings)
            steps["read_back_s"] = round(handed.seconds, 1)
        steps["total_s"] = round(time.perf_counter() - started, 1)
        report["engines"][engine] = steps
    if "spark" in engines_to_run:
        report["spark_session_start_s"] = spark_session_start()
        report["spark_threads"] = spark_threads
    if set(engines_to_run) >= {"duckdb", "spark"}:
        results = compare_databases(
            work / "build-duckdb" / "warehouse.duckdb", work / "build-spark" / "warehouse.duckdb"
        )
        report["agree"] = all(r.agrees for r in results)
        report["tables_compared"] = {r.table: r.rows_left for r in results}
        if not report["agree"]:
            report["disagreements"] = {r.table: r.problems for r in results if not r.agrees}
    report["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--profile", default="party-eg")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--engines", nargs="+", default=["duckdb", "spark"], choices=["duckdb", "spark"]
    )
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "spark_vs_duckdb")
    parser.add_argument("--spark-threads", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    reports = [
        run(
            scale,
            months=args.months,
            profile=args.profile,
            seed=args.seed,
            engines_to_run=args.engines,
            work=args.work,
            spark_threads=args.spark_threads,
        )
        for scale in args.scale
    ]
    text = json.dumps(reports if len(reports) > 1 else reports[0], indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
