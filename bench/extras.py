"""Benchmarks owned by other branches, called when their scripts are present.

* bench/serve_latency.py (dashboards): p50/p95 of every dashboard page's data queries (the
  calls each page makes, replayed uncached) on the end-to-end run's published snapshot. Called as
  `python bench/serve_latency.py --home HOME --out DIR --reps 20`; it writes
  DIR/serve_latency.json.
* bench/spark_vs_duckdb.py (scale-out): the same dbt project on Spark against DuckDB, on demo
  data of the same scale (it generates and ingests its own). Called as
  `python bench/spark_vs_duckdb.py --scale S --work DIR --json OUT.json`, only when the `spark`
  extra is installed (`make bench-spark`); otherwise noted and skipped.

Whatever JSON they write is stored under "serve" / "spark" in the results file; for the serve
target the report reads the slowest page's p95 (milliseconds). A script that is
absent, or fails, is noted in the results and skipped; it never fails the run.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from bench.harness import REPO, StepFailed, measure

SERVE = REPO / "bench" / "serve_latency.py"
SPARK = REPO / "bench" / "spark_vs_duckdb.py"


def _call(
    script: Path,
    args: list[str],
    cfg,
    env: dict[str, str],
    notes: list[str],
    what: str,
    output: Path | None = None,
):
    """Run `script` with `args`; return its JSON output (by default it is asked to write it to
    a file named with --output; pass `output` when the arguments name it another way)."""
    if not script.exists():
        notes.append(f"{what}: {script.relative_to(REPO)} not present; skipped")
        return None
    if output is None:
        output = cfg.scratch / f"{script.stem}.json"
        args = [*args, "--output", str(output)]
    output.unlink(missing_ok=True)
    try:
        sample = measure(
            [sys.executable, str(script), *args],
            env=env,
            log=cfg.scratch / f"{script.stem}.log",
        )
    except StepFailed as exc:
        notes.append(f"{what}: {script.name} failed: {str(exc)[:300]}")
        return None
    result = json.loads(output.read_text()) if output.exists() else None
    return {"seconds": sample.wall, "peak_rss": sample.peak_rss, "result": result}


def serve(cfg, snapshot: Path | None, notes: list[str]):
    if snapshot is None or not snapshot.exists():
        notes.append("serve: no published snapshot (end-to-end step skipped or failed)")
        return None
    home = snapshot.parent.parent
    out = cfg.scratch / "serve"
    measured = _call(
        SERVE,
        ["--home", str(home), "--out", str(out), "--reps", "20"],
        cfg,
        {"MIZAN_HOME": str(home)},
        notes,
        "serve",
        output=out / "serve_latency.json",
    )
    if measured and isinstance(measured.get("result"), dict):
        measured["result"].get("snapshot", {}).pop("path", None)  # a scratch path: not a result
    return measured


def spark(cfg, raw: Path, notes: list[str]):
    if importlib.util.find_spec("pyspark") is None:
        notes.append("spark: the spark extra is not installed (make bench-spark); skipped")
        return None
    out = cfg.scratch / "spark_vs_duckdb.json"
    return _call(
        SPARK,
        ["--scale", f"{cfg.scale:g}", "--work", str(cfg.scratch / "spark"), "--json", str(out)],
        cfg,
        {},
        notes,
        "spark",
        output=out,
    )


def p95_ms(result) -> float | None:
    """The slowest page's p95 in a serve result (its "pages"); failing that, the largest number
    under any key containing 'p95'."""
    pages = (result or {}).get("pages") if isinstance(result, dict) else None
    if pages:
        return max(float(page["p95_ms"]) for page in pages.values())
    found: list[float] = []

    def walk(node, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, int | float) and "p95" in key.lower():
            found.append(float(node))

    walk(result)
    return max(found) if found else None
