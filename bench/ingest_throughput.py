"""Ingest throughput against DuckDB's own CSV loader, on the same files in the same run.

    uv run python bench/ingest_throughput.py [--rows 300000] [--files 650] [--work /tmp/mizan-bench]

Generates a complaints inbox (Arabic headers, mixed spellings of regions and labels, ~0.5 % bad
rows), then times, interleaved and repeated:
  * duckdb_auto: read_csv(files, all_varchar=true) into a table (DuckDB's plain loader, sniffing)
  * duckdb_tuned: read_csv with the dialect given (what the ingest's staging step runs)
  * mizan: ingest_files(...) into a fresh warehouse (Great Expectations imported beforehand, as
    in a long-running Dagster process; the cold first call is reported separately)
and prints rows/s and the ratio mizan / duckdb_auto as JSON. With --inbox DIR (e.g. a demo
inbox's complaints: mixed encodings, delimiters, XLSX, layouts) only mizan is timed: DuckDB's
loader cannot read such a set on its own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import statistics
import time
from pathlib import Path

import duckdb

HEADER = [
    "رقم البلاغ", "المحافظة", "الأمانة المختصة", "قناة الاستلام", "نوع البلاغ", "التصنيف",
    "تاريخ الاستلام", "تاريخ أول رد", "تاريخ الحل", "حالة البلاغ", "عدد مرات إعادة الفتح",
    "تقييم الرضا", "الموضوع", "اسم مقدم البلاغ", "رقم الجوال",
]  # fmt: skip
REGIONS = [
    "القاهرة",
    "Giza",
    "محافظة قنا",
    "Alexandria",
    "الجيزة",
    "الإسكندرية",
    "Qena",
    "أسوان",
    "سوهاج",
]
SECRETARIATS = ["العلاقات العامة", "PR", "الإعلام", "Media", "أمانة الشباب"]
CHANNELS = ["هاتف", "app", "web", "الموقع الإلكتروني", "حضوري"]
CATEGORIES = ["نظافة", "إنارة", "water", "رصف", "صرف صحي"]
STATUSES = ["مفتوح", "قيد المعالجة", "تم الحل", "closed"]


def generate(folder: Path, rows: int, files: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_file = rows // files
    n = 0
    for i in range(files):
        with (folder / f"complaints_{i:04d}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for _ in range(per_file):
                n += 1
                received = dt.datetime(2025, 1, 1) + dt.timedelta(minutes=rng.randint(0, 400_000))
                responded = received + dt.timedelta(minutes=rng.randint(5, 3000))
                resolved = responded + dt.timedelta(hours=rng.randint(1, 200))
                region = rng.choice(REGIONS)
                satisfaction = str(rng.randint(1, 5))
                if rng.random() < 0.002:
                    region = "Atlantis"
                if rng.random() < 0.002:
                    satisfaction = "9"
                writer.writerow(
                    [
                        f"T{n:08d}", region, rng.choice(SECRETARIATS), rng.choice(CHANNELS), "شكوى",
                        rng.choice(CATEGORIES), received.strftime("%Y-%m-%d %H:%M"),
                        responded.strftime("%d/%m/%Y %H:%M"), resolved.isoformat(),
                        rng.choice(STATUSES), str(rng.randint(0, 2)), satisfaction,
                        f"شكوى بخصوص الخدمة رقم {n}", "مواطن " + str(rng.randint(1, 50000)),
                        "010" + str(rng.randint(10_000_000, 99_999_999)),
                    ]
                )  # fmt: skip
    return n


def duckdb_auto(files: list[str], work: Path) -> float:
    con = duckdb.connect(str(work / "plain.duckdb"))
    start = time.perf_counter()
    con.execute(
        "CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv($f, all_varchar = true)", {"f": files}
    )
    elapsed = time.perf_counter() - start
    con.close()
    (work / "plain.duckdb").unlink()
    return elapsed


def duckdb_tuned(files: list[str], work: Path) -> float:
    con = duckdb.connect(str(work / "plain.duckdb"))
    columns = {f"c{i}": "VARCHAR" for i in range(len(HEADER))}
    start = time.perf_counter()
    con.execute(
        "CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv($f, columns = $c, header = true, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"')",
        {"f": files, "c": columns},
    )
    elapsed = time.perf_counter() - start
    con.close()
    (work / "plain.duckdb").unlink()
    return elapsed


def mizan(files: list[Path], work: Path) -> tuple[float, list]:
    from mizan.ingest.api import ensure_raw_schema, ingest_files
    from mizan.org import load_profile
    from mizan.settings import Settings

    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings.from_env(home=home)
    settings.ensure_dirs()
    profile = load_profile("party-eg")
    con = duckdb.connect(str(settings.warehouse_path))
    ensure_raw_schema(con)
    start = time.perf_counter()
    receipts = ingest_files(con, "complaints", files, settings=settings, profile=profile)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed, receipts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--files", type=int, default=650)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mizan-bench"))
    parser.add_argument(
        "--inbox",
        type=Path,
        help="use these complaints files (e.g. a demo inbox) instead of generating",
    )
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    if args.inbox:
        args.work.mkdir(parents=True)
        paths = sorted(p for p in args.inbox.iterdir() if p.is_file())
        rows = 0  # counted from the receipts below
    else:
        rows = generate(args.work / "inbox", args.rows, args.files)
        paths = sorted((args.work / "inbox").glob("*.csv"))
    names = [str(p) for p in paths]

    start = time.perf_counter()
    import great_expectations  # noqa: F401  - what a long-running process has already paid

    ge_import = time.perf_counter() - start
    cold, receipts = mizan(paths, args.work)  # first call: Hijri table, GE context and suites
    times: dict[str, list[float]] = {"duckdb_auto": [], "duckdb_tuned": [], "mizan": []}
    for _ in range(args.repeat):
        if not args.inbox:  # DuckDB alone cannot read a mixed inbox (cp1256, XLSX, layouts)
            times["duckdb_auto"].append(duckdb_auto(names, args.work))
            times["duckdb_tuned"].append(duckdb_tuned(names, args.work))
        elapsed, receipts = mizan(paths, args.work)
        times["mizan"].append(elapsed)
    times = {k: v for k, v in times.items() if v}
    median = {k: statistics.median(v) for k, v in times.items()}
    totals = {
        k: sum(getattr(r, k) for r in receipts)
        for k in ("rows_in", "loaded", "rejected", "unchanged")
    }
    rows = rows or totals["rows_in"]
    print(
        json.dumps(
            {
                "rows": rows,
                "files": len(paths),
                "seconds_median": {k: round(v, 3) for k, v in median.items()},
                "seconds_all": {k: [round(x, 3) for x in v] for k, v in times.items()},
                "rows_per_second": {k: round(rows / v) for k, v in median.items()},
                "ratio_mizan_vs_duckdb_auto": (
                    round(median["duckdb_auto"] / median["mizan"], 3)
                    if "duckdb_auto" in median
                    else None
                ),
                "ratio_mizan_vs_duckdb_tuned": (
                    round(median["duckdb_tuned"] / median["mizan"], 3)
                    if "duckdb_tuned" in median
                    else None
                ),
                "mizan_first_call_seconds": round(cold, 3),
                "great_expectations_import_seconds": round(ge_import, 3),
                "receipts": totals,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
