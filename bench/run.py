"""Benchmark one or more scales: `python -m bench.run --scale 1 [--scale 5] [--repeat 3]`.

For each scale: demo data for 25 months (generated once per scale and seed, kept under
<work>/data), then, each step in its own child process (bench.harness), baselines interleaved
with Mizan in the same repetition:

1. end to end — `mizan build` on the first 24 months' inbox, to a published snapshot; the run's
   Dagster event log splits its time into ingest, dbt, publish and the rest (Dagster, start-up);
2. incremental — the 25th month's files added to that warehouse: Mizan's ingest of them and
   `dbt build` (incremental), checked against a full build of the same 25 months;
3. ingest — all 25 months' files: Mizan's ingestion against the plain load (bench.plain_load);
4. build — on the raw tables of 3.: `dbt build` (full) against the SQL limit
   (bench/limit_sql/) and the pandas peer (bench.pandas_peer), and the agreement of the three;
5. serve and Spark — bench/serve_latency.py and bench/spark_vs_duckdb.py when present.

Results go to bench/results/<date>-s<scale>.json; bench.report prints the ratio table and
rewrites the results section of bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bench import agreement, extras
from bench.harness import (
    REPO,
    Sample,
    StepFailed,
    load_average,
    machine,
    measure,
    python_step,
    summary,
)

RESULTS = REPO / "bench" / "results"
DBT = str(Path(sys.executable).with_name("dbt"))
MIZAN = str(Path(sys.executable).with_name("mizan"))
END_MONTH = "2025-06"  # fixed, so that runs on different days measure the same data
MONTHS = 25  # 24 months of history and the month added incrementally


@dataclass
class Config:
    scale: float
    repeat: int = 3
    repeat_incremental: int = 2
    work: Path = REPO / "bench" / "work"
    seed: int = 7
    profile: str = "party-eg"
    skip: set[str] = field(default_factory=set)
    keep: bool = False

    @property
    def label(self) -> str:
        return f"s{self.scale:g}"

    @property
    def data(self) -> Path:
        return self.work / "data" / f"{self.label}-seed{self.seed}-{self.profile}-{END_MONTH}"

    @property
    def scratch(self) -> Path:
        return self.work / "runs" / self.label


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- data ------------------------------------------------------------------------------------------


def dataset(cfg: Config) -> dict:
    """Generate the scale's demo data once; return its files split into history and new month."""
    done = cfg.data / "bench-dataset.json"
    if not done.exists():
        shutil.rmtree(cfg.data, ignore_errors=True)
        cfg.data.mkdir(parents=True)
        log(f"generating demo data at scale {cfg.scale:g} into {cfg.data}")
        sample = measure(
            [
                MIZAN, "demo-data", "--home", str(cfg.data), "--profile", cfg.profile,
                "--months", str(MONTHS), "--end-month", END_MONTH, "--seed", str(cfg.seed),
                "--scale", f"{cfg.scale:g}",
            ],
            log=cfg.data / "generate.log",
        )  # fmt: skip
        index = [json.loads(line) for line in (cfg.data / "demo" / "files.jsonl").open()]
        summary_doc = json.loads((cfg.data / "demo" / "summary.json").read_text())
        last = max(entry["month"] for entry in index)
        files: dict[str, str] = {}
        for entry in index:  # a meetings JSON file is listed again for its nested actions
            files[entry["file"]] = "new" if entry["month"] == last else "history"
        size = sum((cfg.data / f).stat().st_size for f in files)
        done.write_text(
            json.dumps(
                {
                    "generated_seconds": sample.wall,
                    "months": summary_doc["months"],
                    "rows": summary_doc["rows"],
                    "records": summary_doc["records"],
                    "files": {
                        "history": sorted(f for f, part in files.items() if part == "history"),
                        "new": sorted(f for f, part in files.items() if part == "new"),
                    },
                    "bytes": size,
                },
                indent=1,
            )
        )
    return json.loads(done.read_text())


def stage(cfg: Config, files: list[str], home: Path) -> None:
    """Put the files into home's inbox (hard links: ingestion moves them to the archive)."""
    for name in files:
        target = home / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(cfg.data / name, target)
        except OSError:
            shutil.copy2(cfg.data / name, target)


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --- steps -----------------------------------------------------------------------------------------


def dbt_build(
    warehouse: Path, target: Path, *args: str, logfile: Path, months: tuple[str, ...] = ()
) -> Sample:
    """`dbt build` as Mizan's Dagster asset runs it: without the unit tests (they run in `make
    test`), the months to rebuild in MIZAN_REBUILD_MONTHS, a fresh target path seeded with a
    partial-parse file parsed for this warehouse (as a deployment's runs after its first are; the
    one-off full parse is timed once and recorded as `parse_seconds`, outside the measurement),
    timed as the whole dbt process."""
    fresh(target)
    env = {"MIZAN_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    parsed = target.with_name(f"{target.name}-parsed")
    if not (parsed / "partial_parse.msgpack").exists():
        fresh(parsed)
        seconds = measure(
            [
                DBT, "parse", "--profiles-dir", str(REPO), "--project-dir", str(REPO),
                "--target-path", str(parsed), "--log-path", str(parsed),
            ],
            env=env,
            log=logfile,
        ).wall  # fmt: skip
        (parsed / "parse_seconds").write_text(f"{seconds:.3f}")
    shutil.copy(parsed / "partial_parse.msgpack", target / "partial_parse.msgpack")
    sample = measure(
        [
            DBT, "build", "--exclude-resource-type", "unit_test",
            "--profiles-dir", str(REPO), "--project-dir", str(REPO),
            "--target-path", str(target), "--log-path", str(target), *args,
        ],
        env={**env, "MIZAN_REBUILD_MONTHS": ",".join(months)},
        log=logfile,
    )  # fmt: skip
    sample.detail.update(dbt_breakdown(target / "run_results.json", sample.wall))
    sample.detail["partial_parse"] = not _reparsed(target / "dbt.log")
    sample.detail["parse_seconds"] = float((parsed / "parse_seconds").read_text())
    return sample


def _reparsed(log: Path) -> bool:
    return log.exists() and "Unable to do partial parsing" in log.read_text(errors="replace")


def dbt_breakdown(run_results: Path, wall: float) -> dict:
    """Seconds by node type from run_results.json; the rest of the process is dbt itself
    (start-up, parsing, compiling, per-node overhead)."""
    results = json.loads(run_results.read_text())["results"]
    by_type: dict[str, float] = {}
    for result in results:
        kind = result["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + result["execution_time"]
    models = {
        r["unique_id"].split(".")[-1]: round(r["execution_time"], 3)
        for r in results
        if r["unique_id"].startswith("model.")
    }
    return {
        "nodes": len(results),
        "seconds_by_type": {k: round(v, 3) for k, v in sorted(by_type.items())},
        "outside_nodes": round(wall - sum(by_type.values()), 3),
        "slowest_models": dict(sorted(models.items(), key=lambda kv: -kv[1])[:6]),
    }


def run_e2e(cfg: Config, data: dict, out: dict) -> Path:
    """`mizan build` from the 24-month inbox to a published snapshot."""
    home = fresh(cfg.scratch / "e2e")
    stage(cfg, data["files"]["history"], home)
    history_end = data["months"][-2]
    log("end to end: mizan build (24 months)")
    env = {
        "MIZAN_HOME": str(home),
        "MIZAN_PROFILE": cfg.profile,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        # the pack is measured on its own below (run_report), not inside the build's time
        "MIZAN_REPORT_PACK": "off",
    }
    sample = measure(
        [MIZAN, "build", "--home", str(home), "--month", history_end],
        env=env,
        log=cfg.scratch / "e2e.log",
    )
    split = measure(python_step("dagster_split", home=str(home)), log=cfg.scratch / "e2e.log")
    steps = split.detail.get("steps", {})
    named = {
        "ingest": steps.get("raw_tables", 0.0),
        "dbt": steps.get("warehouse_models", 0.0),
        "publish": steps.get("serving__snapshot", 0.0),
    }
    run_seconds = split.detail.get("run_seconds") or sample.wall
    named["dagster_in_run"] = max(run_seconds - sum(named.values()), 0.0)
    named["startup"] = max(sample.wall - run_seconds, 0.0)
    out["e2e"] = {
        "months": 24,
        "seconds": sample.wall,
        "peak_rss": sample.peak_rss,
        "tree_rss": sample.tree_rss,
        "split_seconds": {k: round(v, 3) for k, v in named.items()},
        "split_share": {k: round(v / sample.wall, 4) for k, v in named.items()},
        "run_id": split.detail.get("run_id"),
    }
    log(f"end to end: {sample.wall:.1f}s {out['e2e']['split_seconds']}")
    shutil.copy(home / "warehouse.duckdb", cfg.scratch / "history.duckdb")
    run_report(cfg, home, env, out)
    return home / "serving" / "mizan.duckdb"


def run_report(cfg: Config, home: Path, env: dict[str, str], out: dict) -> None:
    """`mizan report` on the end-to-end snapshot: every region's and the national pack (PDF
    through Chromium, and Excel) of the snapshot's last month; its wall time and the peak RSS of
    its process tree (Chromium's processes included)."""
    log("report pack: mizan report (every region and the organisation)")
    sample = measure([MIZAN, "report", "--home", str(home)], env=env,
                     log=cfg.scratch / "report.log")  # fmt: skip
    files = sorted((home / "reports").glob("*/*.*"))
    out["report"] = {
        "seconds": sample.wall,
        "peak_rss": sample.peak_rss,
        "tree_rss": sample.tree_rss,
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
    }
    log(f"report pack: {sample.wall:.1f}s, {len(files)} files")


def run_incremental(cfg: Config, data: dict, out: dict) -> Path:
    """The 25th month added to the built 24 months: Mizan's ingest, then incremental dbt build."""
    ingest, build, total = [], [], []
    home = cfg.scratch / "incremental"
    for rep in range(cfg.repeat_incremental):
        fresh(home)
        shutil.copy(cfg.scratch / "history.duckdb", home / "warehouse.duckdb")
        stage(cfg, data["files"]["new"], home)
        log(f"incremental {rep + 1}/{cfg.repeat_incremental}: ingest the new month")
        a = measure(
            python_step("ingest_mizan", home=str(home), profile=cfg.profile),
            log=cfg.scratch / "incremental.log",
        )
        log(f"incremental {rep + 1}/{cfg.repeat_incremental}: dbt build")
        b = dbt_build(
            home / "warehouse.duckdb",
            cfg.scratch / "dbt-incremental",
            logfile=cfg.scratch / "incremental.log",
            months=(f"{data['months'][-1]}-01",),  # as `mizan build --month` passes it
        )
        ingest.append(a)
        build.append(b)
        total.append(a.seconds + b.seconds)
        log(f"incremental: ingest {a.seconds:.1f}s, dbt {b.seconds:.1f}s")
    out["incremental"] = {
        "ingest_new_month": _samples(ingest),
        "dbt_build_incremental": _samples(build),
        "total": summary(total),
        "rows_loaded": ingest[-1].detail.get("rows_loaded"),
    }
    return home / "warehouse.duckdb"


def run_ingest(cfg: Config, data: dict, out: dict) -> Path:
    """All 25 months: Mizan's ingestion against the plain load, interleaved."""
    files = data["files"]["history"] + data["files"]["new"]
    mizan, plain = [], []
    raw = cfg.scratch / "raw25.duckdb"
    for rep in range(cfg.repeat):
        order = ("mizan", "plain") if rep % 2 == 0 else ("plain", "mizan")
        for variant in order:
            log(f"ingest {rep + 1}/{cfg.repeat}: {variant}")
            if variant == "mizan":
                home = fresh(cfg.scratch / "ingest")
                stage(cfg, files, home)
                sample = measure(
                    python_step("ingest_mizan", home=str(home), profile=cfg.profile),
                    log=cfg.scratch / "ingest.log",
                )
                mizan.append(sample)
                if not raw.exists():
                    shutil.copy(home / "warehouse.duckdb", raw)
            else:
                db = cfg.scratch / "plain.duckdb"
                db.unlink(missing_ok=True)
                listing = cfg.scratch / "plain-files.json"
                listing.write_text(json.dumps([str(cfg.data / f) for f in files]))
                sample = measure(
                    python_step("ingest_plain", listing=str(listing), warehouse=str(db)),
                    log=cfg.scratch / "ingest.log",
                )
                plain.append(sample)
                db.unlink(missing_ok=True)
            log(f"ingest {variant}: {sample.seconds:.1f}s")
    rows = mizan[-1].detail.get("rows_in") or 0
    out["ingest"] = {
        "files": len(files),
        "bytes": data["bytes"],
        "rows_in": rows,
        "mizan": _samples(mizan),
        "plain": _samples(plain),
        "paired_ratio": summary([p.seconds / m.seconds for p, m in zip(plain, mizan, strict=True)]),
    }
    return raw


def run_build(cfg: Config, raw: Path, out: dict) -> dict[str, Path]:
    """Full build of the 25 months: dbt, the SQL limit and the pandas peer, interleaved."""
    samples: dict[str, list[Sample]] = {"dbt": [], "sql": [], "pandas": []}
    folder = fresh(cfg.scratch / "build")
    dbs = {name: folder / f"{name}.duckdb" for name in samples}
    variants = list(samples)
    for rep in range(cfg.repeat):
        for variant in variants[rep % 3 :] + variants[: rep % 3]:
            shutil.copy(raw, dbs[variant])
            log(f"build {rep + 1}/{cfg.repeat}: {variant}")
            if variant == "dbt":
                sample = dbt_build(
                    dbs[variant], cfg.scratch / "dbt-full", logfile=cfg.scratch / "build.log"
                )
            elif variant == "sql":
                sample = measure(
                    python_step("limit_sql", warehouse=str(dbs[variant])),
                    log=cfg.scratch / "build.log",
                )
            else:
                sample = measure(
                    python_step("pandas_peer", warehouse=str(dbs[variant])),
                    log=cfg.scratch / "build.log",
                )
            samples[variant].append(sample)
            log(f"build {variant}: {sample.seconds:.1f}s")
    d, s, p = (samples[k] for k in ("dbt", "sql", "pandas"))
    out["build"] = {
        **{k: _samples(v) for k, v in samples.items()},
        "ratio_dbt_vs_sql": summary([a.seconds / b.seconds for a, b in zip(d, s, strict=True)]),
        "ratio_pandas_vs_dbt": summary([a.seconds / b.seconds for a, b in zip(p, d, strict=True)]),
    }
    return dbs


def check_agreement(dbs: dict[str, Path], incremental: Path | None, out: dict) -> None:
    con = duckdb.connect()
    for name, path in dbs.items():
        con.execute(f"attach '{path}' as {name} (read_only)")
    checks = [
        agreement.compare(con, "dbt.marts.fct_kpi_monthly", "sql.main.limit_kpi_monthly"),
        agreement.compare(con, "dbt.marts.fct_kpi_monthly", "pandas.main.pandas_kpi_monthly"),
    ]
    if incremental is not None:
        con.execute(f"attach '{incremental}' as incremental (read_only)")
        checks.append(
            agreement.compare(con, "incremental.marts.fct_kpi_monthly", "dbt.marts.fct_kpi_monthly")
        )
    con.close()
    for check in checks:
        log(str(check)[:400])
    out["agreement"] = [c.to_dict() for c in checks]


def _samples(samples: list[Sample]) -> dict:
    return {
        "seconds": summary([s.seconds for s in samples]),
        "process_seconds": summary([s.wall for s in samples]),
        "cpu_seconds": summary([s.cpu for s in samples]),
        "peak_rss": max(s.peak_rss for s in samples),
        "tree_rss": max(s.tree_rss for s in samples),
        "detail": samples[-1].detail,
    }


# --- a scale ---------------------------------------------------------------------------------------


def git_state() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def run_scale(cfg: Config) -> Path:
    started = time.perf_counter()
    out: dict = {
        "schema": 1,
        "date": dt.date.today().isoformat(),
        "scale": cfg.scale,
        "repeat": cfg.repeat,
        "repeat_incremental": cfg.repeat_incremental,
        "git": git_state(),
        "machine": machine(),
        "load_before": load_average(),
        "skipped": sorted(cfg.skip),
    }
    data = dataset(cfg)
    out["data"] = {k: data[k] for k in ("months", "rows", "records", "bytes", "generated_seconds")}
    out["data"]["files"] = len(data["files"]["history"]) + len(data["files"]["new"])
    fresh(cfg.scratch)
    measure(python_step("prepare_dbt"), log=cfg.scratch / "prepare.log")
    notes: list[str] = []
    snapshot = incremental = None
    try:
        if "e2e" not in cfg.skip or "incremental" not in cfg.skip:
            snapshot = run_e2e(cfg, data, out)
        if "incremental" not in cfg.skip:
            incremental = run_incremental(cfg, data, out)
        raw = run_ingest(cfg, data, out)
        dbs = run_build(cfg, raw, out)
        check_agreement(dbs, incremental, out)
        out["serve"] = extras.serve(cfg, snapshot, notes) if "serve" not in cfg.skip else None
        out["spark"] = extras.spark(cfg, raw, notes) if "spark" not in cfg.skip else None
    except StepFailed as exc:
        out["error"] = str(exc)
        log(f"FAILED: {exc}")
    out["notes"] = notes
    out["load_after"] = load_average()
    out["bench_seconds"] = time.perf_counter() - started
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{out['date']}-{cfg.label}.json"
    path.write_text(json.dumps(out, indent=1, default=str) + "\n")
    if not cfg.keep:
        shutil.rmtree(cfg.scratch, ignore_errors=True)
    log(f"results: {path} ({out['bench_seconds']:.0f}s)")
    if "error" in out:
        raise SystemExit(1)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append", help="scale(s) to run (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of ingest and build")
    parser.add_argument("--repeat-incremental", type=int, default=2)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(os.environ.get("MIZAN_BENCH_WORK", REPO / "bench" / "work")),
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=["e2e", "incremental", "serve", "spark"]
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch warehouses")
    parser.add_argument("--profile", default="party-eg", help="organisation profile to measure")
    args = parser.parse_args(argv)
    from bench import report

    paths = []
    for scale in args.scale or [1.0]:
        cfg = Config(
            scale=scale,
            repeat=args.repeat,
            repeat_incremental=args.repeat_incremental,
            work=args.work.resolve(),
            profile=args.profile,
            skip=set(args.skip),
            keep=args.keep,
        )
        paths.append(run_scale(cfg))
    print(report.console_table(paths))
    report.update_readme()


if __name__ == "__main__":
    main()
