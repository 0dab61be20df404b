"""How long each dashboard page waits for its data: every data-access function the page calls,
timed without the result cache, several times.

1. Each page is run once with Streamlit's AppTest (in Arabic, default selections) while the
   data layer records every data function it calls, with the arguments — so the benchmark
   replays exactly what the page asks for, and follows the pages as they change.
2. Each page's distinct calls are replayed `--reps` times with the result cache bypassed
   (a call the page makes twice is answered by the cache the second time, so it is timed
   once), after one warm-up repetition that is not counted (it pays the process's one-off
   imports). The snapshot's connection stays open between repetitions, as it does between
   page runs in the app (it closes after 30 idle seconds); `--cold` closes it before every
   repetition instead, so that each one also pays opening the snapshot (the first page view
   after an idle pause). Opening the snapshot is also timed on its own (`open_ms`).
3. p50/p95/max per page (the sum of its calls) and per function go to JSON and a Markdown table.

    uv run python bench/serve_latency.py --home /tmp/dash-s1 --reps 20 [--check 150]

The acceptance target: every page under 150 ms at p95 on the scale-1 demo snapshot
(`mizan demo --home /tmp/dash-s1 --scale 1`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboards.pages import DASHBOARDS as PAGES  # noqa: E402 (after the path above)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = (len(ordered) - 1) * q
    low, high = int(index), min(int(index) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def signed_in_as_national(app) -> None:
    """A national user of a throwaway users file (the app serves nobody without one)."""
    import os
    import tempfile

    from dashboards.auth import SESSION_KEY
    from mizan.access.users import User, hash_password, save

    if not os.environ.get("MIZAN_BENCH_USERS"):
        folder = Path(tempfile.mkdtemp(prefix="mizan-bench-"))
        password = hash_password("bench-only-password", rounds=4)
        save(folder / "users.json", {"bench": User("bench", "national", password_hash=password)})
        os.environ["MIZAN_BENCH_USERS"] = os.environ["MIZAN_USERS"] = str(folder / "users.json")
        os.environ["MIZAN_AUDIT_LOG"] = str(folder / "audit.jsonl")
    now = time.time()
    app.session_state[SESSION_KEY] = {"user": "bench", "since": now, "last": now}


def record_calls(page: str, lang: str) -> list[tuple[str, object, tuple, dict]]:
    """The data functions `page` calls on a first visit (default selections)."""
    from streamlit.testing.v1 import AppTest

    from dashboards.data import core

    app = AppTest.from_file(str(REPO / "dashboards" / "app.py"), default_timeout=120)
    signed_in_as_national(app)
    app.session_state["lang"] = lang
    if page == "overview":
        with core.recording() as calls:
            app.run()
    else:
        app.run()
        app.switch_page(f"views/{page}.py")
        with core.recording() as calls:
            app.run()
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")
    # The page asks for some results twice (the shell and the page both need the months):
    # within a run the cache answers the second time, so each distinct call is timed once.
    distinct: dict[str, tuple[str, object, tuple, dict]] = {}
    for name, function, args, kwargs in calls:
        distinct.setdefault(
            repr((name, args, sorted(kwargs.items()))), (name, function, args, kwargs)
        )
    return list(distinct.values())


def time_page(calls, reps: int, cold: bool) -> tuple[list[float], dict[str, list[float]]]:
    from dashboards.data import core

    totals: list[float] = []
    per_function: dict[str, list[float]] = defaultdict(list)
    core.close_connection()
    for rep in range(reps + 1):  # the first repetition warms up and is not counted
        if cold:
            core.close_connection()
        elapsed_total = 0.0
        timings: dict[str, float] = defaultdict(float)
        with core.uncached():
            for name, function, args, kwargs in calls:
                started = time.perf_counter()
                function(*args, **kwargs)
                elapsed = (time.perf_counter() - started) * 1000
                elapsed_total += elapsed
                timings[name] += elapsed
        if rep:
            totals.append(elapsed_total)
            for name, value in timings.items():
                per_function[name].append(value)
    core.close_connection()
    return totals, per_function


def time_open(path: Path, reps: int) -> dict[str, float]:
    """Opening the snapshot read-only and running a trivial query, as a cold page run does."""
    import duckdb

    times = []
    for _ in range(reps):
        started = time.perf_counter()
        con = duckdb.connect(str(path), read_only=True)
        con.execute("SELECT count(*) FROM marts.dim_month").fetchall()
        con.close()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
    }


def snapshot_facts(path: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = {
            table: con.execute(f"SELECT count(*) FROM marts.{table}").fetchone()[0]
            for table in ("fct_kpi_monthly", "fct_complaints", "fct_media_coverage", "dim_month")
        }
        info = con.execute("SELECT published_at, profile FROM meta.snapshot_info").fetchone()
    finally:
        con.close()
    return {"rows": rows, "published_at": info[0], "profile": info[1], "bytes": path.stat().st_size}


def markdown(report: dict) -> str:
    connection = "closed before each repetition" if report["cold"] else "open"
    lines = [
        f"Serve latency — data queries per page, uncached, {report['reps']} repetitions, "
        f"connection {connection} ({report['snapshot']['profile']}, "
        f"{report['snapshot']['rows']['fct_complaints']:,} complaints, "
        f"{report['snapshot']['rows']['dim_month']} months; load average "
        f"{report['machine']['load_average']}). Opening the snapshot: "
        f"p50 {report['open_ms']['p50_ms']:.1f} ms, p95 {report['open_ms']['p95_ms']:.1f} ms.",
        "",
        "| page | calls | p50 ms | p95 ms | max ms | slowest function (p95 ms) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for page, result in report["pages"].items():
        slowest = max(result["functions"].items(), key=lambda item: item[1]["p95_ms"])
        lines.append(
            f"| {page} | {result['calls']} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
            f"{result['max_ms']:.1f} | {slowest[0]} ({slowest[1]['p95_ms']:.1f}) |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home",
        type=Path,
        default=os.environ.get("MIZAN_HOME"),
        help="a MIZAN_HOME with a published snapshot",
    )
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--lang", default="ar", choices=("ar", "en"))
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "bench" / "work",
        help="folder for serve_latency.json and .md",
    )
    parser.add_argument(
        "--cold", action="store_true", help="close the connection before every repetition"
    )
    parser.add_argument(
        "--check", type=float, default=None, help="exit 1 when a page's p95 exceeds this many ms"
    )
    args = parser.parse_args(argv)
    if args.home is None:
        parser.error("--home (or MIZAN_HOME) is required")
    home = args.home.resolve()
    serving = home / "serving" / "mizan.duckdb"
    if not serving.exists():
        parser.error(f"no snapshot at {serving}: run `mizan demo --home {home} --scale 1` first")
    os.environ["MIZAN_HOME"] = str(home)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    report: dict = {
        "benchmark": "serve_latency",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": " ".join(f"{v:.1f}" for v in os.getloadavg()),
        },
        "snapshot": {"path": str(serving), **snapshot_facts(serving)},
        "reps": args.reps,
        "cold": args.cold,
        "open_ms": time_open(serving, max(args.reps, 10)),
        "lang": args.lang,
        "target_p95_ms": 150,
        "pages": {},
    }
    for page in args.pages.split(","):
        calls = record_calls(page, args.lang)
        totals, per_function = time_page(calls, args.reps, args.cold)
        report["pages"][page] = {
            "calls": len(calls),
            "p50_ms": round(statistics.median(totals), 2),
            "p95_ms": round(percentile(totals, 0.95), 2),
            "max_ms": round(max(totals), 2),
            "functions": {
                name: {
                    "calls_per_run": sum(1 for c in calls if c[0] == name),
                    "p50_ms": round(statistics.median(values), 2),
                    "p95_ms": round(percentile(values, 0.95), 2),
                }
                for name, values in sorted(per_function.items())
            },
        }
        print(
            f"{page:15} calls {len(calls):3}  p50 {report['pages'][page]['p50_ms']:7.1f} ms  "
            f"p95 {report['pages'][page]['p95_ms']:7.1f} ms",
            file=sys.stderr,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "serve_latency_cold" if args.cold else "serve_latency"
    (args.out / f"{stem}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    table = markdown(report)
    (args.out / f"{stem}.md").write_text(table, encoding="utf-8")
    print(table)
    if args.check is not None:
        slow = {p: r["p95_ms"] for p, r in report["pages"].items() if r["p95_ms"] > args.check}
        if slow:
            print(f"p95 above {args.check:g} ms: {slow}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
