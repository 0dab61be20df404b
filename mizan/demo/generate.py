"""`generate_demo_data`: plan the run, deal the regions their habits, generate every region
(in parallel processes for large runs) and write the manifest, file index, summary and truth
tables from the regions' results. The outputs are described in the package docstring
(`mizan.demo`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any

from mizan.demo.habits import RegionHabits, region_habits
from mizan.demo.months import Month, default_end_month, month_span
from mizan.demo.plan import Plan, make_plan
from mizan.demo.region import RegionJob, RegionResult, generate_region
from mizan.demo.seeding import rng_for
from mizan.demo.specials import Special
from mizan.demo.styles import file_style
from mizan.ingest.contracts import CONTRACTS
from mizan.org import OrgProfile, load_profile
from mizan.settings import SOURCES

# Truth tables: file stem -> (the field whose month a record counts in, count columns).
TRUTH_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "complaints": ("received_at", ("received", "resolved")),
    "meetings": ("meeting_date", ("meetings", "held")),
    "meeting_actions": ("issued_date", ("actions", "directives", "closed")),
    "initiatives": ("planned_start", ("initiatives", "completed")),
    "media_coverage": ("published_at", ("items", "owned", "positive", "negative")),
}


@dataclass(frozen=True)
class DemoSummary:
    home: Path
    profile: str
    seed: int
    scale: float
    months: tuple[str, ...]
    gap_region: str | None
    gap_months: tuple[str, ...]
    files: dict[str, dict[str, int]]  # source -> format -> number of regular files
    rows: dict[str, int]  # data rows written per source (nested JSON actions included)
    records: dict[str, int]  # distinct keys per source
    faults: dict[str, int]  # row faults per reason
    file_cases: dict[str, int] = field(default_factory=dict)  # file-level cases per kind
    duplicates: int = 0  # exact duplicate rows

    @property
    def demo_dir(self) -> Path:
        return self.home / "demo"

    @property
    def manifest_path(self) -> Path:
        return self.demo_dir / "faults.jsonl"

    @property
    def truth_dir(self) -> Path:
        return self.demo_dir / "truth"

    def __str__(self) -> str:
        files = sum(sum(formats.values()) for formats in self.files.values())
        counts = ", ".join(f"{n:,} {source}" for source, n in self.records.items())
        gap = (
            f"; {self.gap_region} silent in {'/'.join(self.gap_months)}" if self.gap_region else ""
        )
        return (
            f"{counts} in {files:,} files ({self.months[0]}..{self.months[-1]}); "
            f"{sum(self.faults.values()):,} faulty rows, {self.duplicates} exact duplicates, "
            f"{sum(self.file_cases.values())} file-level cases{gap}"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["home"] = str(self.home)
        return data


def generate_demo_data(
    home: Path,
    *,
    profile: str = "party-eg",
    months: int = 24,
    end_month: str | None = None,
    seed: int = 7,
    scale: float = 1.0,
    workers: int | None = None,
) -> DemoSummary:
    """Write demo files for `months` months ending at `end_month` (default: the last complete
    month) into `home/inbox`, and the manifest, index, summary and truth under `home/demo`.

    `workers` > 1 generates regions in parallel processes (None: decide by size); the output is
    the same either way.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    if not scale > 0:
        raise ValueError("scale must be positive")
    home = Path(home).resolve()
    org = load_profile(profile)
    end = Month.parse(end_month) if end_month else default_end_month()
    span = month_span(end, months)
    plan = make_plan(org, span, seed=seed, scale=scale)
    habits = region_habits(org, plan, seed)
    specials = choose_specials(org, plan, habits, seed)

    demo_dir = home / "demo"
    _remove_previous_output(home)
    for source in SOURCES:
        (home / "inbox" / source).mkdir(parents=True, exist_ok=True)
    jobs = [
        RegionJob(
            org,
            plan,
            r.code,
            habits[r.code],
            seed,
            home,
            tuple(s for s in specials if s.region == r.code),
        )
        for r in org.regions
    ]
    demo_dir.mkdir(parents=True, exist_ok=True)
    totals = RegionResult("*")
    truth: list[RegionResult] = []
    with (
        (demo_dir / "faults.jsonl").open("w", encoding="utf-8", newline="\n") as faults,
        (demo_dir / "files.jsonl").open("w", encoding="utf-8", newline="\n") as index,
    ):
        for result in _run(jobs, _workers(workers, plan)):
            result.manifest.sort(
                key=lambda e: (e["file"], e.get("row") or 0, e.get("nested_index", 0), e["kind"])
            )
            result.files.sort(key=lambda f: f["file"])
            _write_lines(faults, result.manifest)
            _write_lines(index, result.files)
            _accumulate(totals, result)
            truth.append(RegionResult(result.region, truth=result.truth))
    summary = _summarise(home, org, plan, seed, scale, totals)
    _write_truth(demo_dir / "truth", org, plan, truth)
    summary_doc = {
        "arguments": {
            "profile": org.name,
            "months": months,
            "end_month": end.label,
            "seed": seed,
            "scale": scale,
        },
        **{k: v for k, v in summary.to_dict().items() if k != "home"},
        "targets": {k: round(v) for k, v in plan.targets().items()},
        "regions": {
            r.code: {
                "population": r.population,
                "trend": r.trend,
                "quality_start": r.quality_start,
                "quality_end": r.quality_end,
                "json_meetings": habits[r.code].json_meetings,
                "habit_changes": [span[t].label for t, _ in habits[r.code].epochs[1:]],
            }
            for r in plan.regions
        },
        "truth": {
            f"truth/{name}_by_region_month.csv": {"month_of": month_of, "columns": list(cols)}
            for name, (month_of, cols) in TRUTH_TABLES.items()
        },
    }
    (demo_dir / "summary.json").write_text(
        json.dumps(summary_doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return summary


def _workers(workers: int | None, plan: Plan) -> int:
    """Parallel processes: as asked, or (None) one per core up to four for runs big enough to
    repay starting them."""
    if workers is not None:
        return max(1, workers)
    if sum(plan.expected.values()) < 50_000:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _run(jobs: list[RegionJob], workers: int) -> Iterator[RegionResult]:
    """Results in profile order, whether generated here or in worker processes."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield generate_region(job)
        return
    # Biggest regions first so that the workers finish together.
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].plan.traits(jobs[i].region).population)
    # "spawn": safe even when the caller runs threads (Dagster), at a second of start-up.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {i: pool.submit(generate_region, jobs[i]) for i in order}
        for i in range(len(jobs)):
            yield futures.pop(i).result()


def choose_specials(
    org: OrgProfile, plan: Plan, habits: dict[str, RegionHabits], seed: int
) -> list[Special]:
    """A handful of file-level cases at deterministic places: two exact copies, two files
    missing a required column (one CSV, one XLSX when some region sends XLSX), one undecodable,
    one empty and one header-only file."""
    rng = rng_for(seed, "specials")
    n = len(plan.months)
    regions = [r.code for r in org.regions if r.code != plan.gap_region] or [org.regions[0].code]
    specials: list[Special] = []
    used: set[tuple[str, str, int]] = set()

    def pick(source: str, want=None, need_rows: bool = False) -> tuple[str, int] | None:
        candidates = [(r, t) for r in regions for t in range(n) if (source, r, t) not in used]
        rng.shuffle(candidates)
        for region, t in candidates:
            if need_rows and plan.count(source, region, t) == 0:
                continue
            if want and not want(file_style(org, habits[region], source, t, seed)):
                continue
            used.add((source, region, t))
            return region, t
        return None

    def add(kind: str, source: str, found, column: str = "") -> None:
        if found:
            specials.append(Special(kind, source, found[0], found[1], column))

    add("copy", "complaints", pick("complaints", need_rows=True))
    add("copy", "media_coverage", pick("media_coverage", need_rows=True))
    for fmt in ("csv", "xlsx"):
        for source in rng.sample(("complaints", "media_coverage", "initiatives"), 3):
            found = pick(source, want=lambda s, fmt=fmt: s.fmt == fmt)
            if found:
                contract = CONTRACTS[source]
                required = [
                    f.name for f in contract.required_fields if f.name != contract.natural_key
                ]
                add("missing_columns", source, found, rng.choice(required))
                break
    source = rng.choice(SOURCES)
    add("undecodable", source, pick(source))
    source = rng.choice(SOURCES)
    add("empty", source, pick(source))
    source = rng.choice(("complaints", "media_coverage", "initiatives"))
    add("header_only", source, pick(source, want=lambda s: s.fmt == "csv"))
    return specials


def _remove_previous_output(home: Path) -> None:
    """Delete the files a previous run listed in demo/files.jsonl (and nothing else), so that
    a run with other arguments leaves no stale files behind."""
    index = home / "demo" / "files.jsonl"
    if index.exists():
        for line in index.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (home / json.loads(line)["file"]).unlink(missing_ok=True)
    for name in ("faults.jsonl", "files.jsonl", "summary.json"):
        (home / "demo" / name).unlink(missing_ok=True)
    truth = home / "demo" / "truth"
    if truth.is_dir():
        for path in truth.glob("*_by_region_month.csv"):
            path.unlink()


def _accumulate(totals: RegionResult, result: RegionResult) -> None:
    totals.rows.update(result.rows)
    totals.records.update(result.records)
    totals.formats.update(result.formats)
    totals.faults.update(result.faults)
    for entry in result.manifest:
        if entry["kind"] == "file":
            totals.faults[f"file:{entry['status']}:{entry.get('reason') or '-'}"] += 1
        elif entry["kind"] == "duplicate":
            totals.faults["duplicate"] += 1


def _summarise(home, org, plan, seed, scale, totals: RegionResult) -> DemoSummary:
    files: dict[str, dict[str, int]] = {s: {} for s in SOURCES}
    for (source, fmt), count in sorted(totals.formats.items()):
        files[source][fmt] = count
    row_faults = {k: v for k, v in totals.faults.items() if ":" not in k and k != "duplicate"}
    cases = {k[5:]: v for k, v in totals.faults.items() if k.startswith("file:")}
    return DemoSummary(
        home=home,
        profile=org.name,
        seed=seed,
        scale=scale,
        months=tuple(m.label for m in plan.months),
        gap_region=plan.gap_region,
        gap_months=tuple(plan.months[t].label for t in plan.gap_months),
        files=files,
        rows={s: totals.rows[s] for s in SOURCES},
        records={s: totals.records[s] for s in SOURCES},
        faults=dict(sorted(row_faults.items())),
        file_cases=dict(sorted(cases.items())),
        duplicates=totals.faults["duplicate"],
    )


def _write_lines(handle: IO[str], entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _write_truth(folder: Path, org: OrgProfile, plan: Plan, results: list[RegionResult]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    merged: dict[tuple[str, str, int], Counter] = defaultdict(Counter)
    for result in results:
        for (table, t), counters in result.truth.items():
            merged[(table, result.region, t)].update(counters)
    for table, (_, columns) in TRUTH_TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["region_code", "month", *columns])
        for region in org.regions:
            for t, month in enumerate(plan.months):
                counters = merged.get((table, region.code, t), Counter())
                writer.writerow([region.code, month.label, *(counters[c] for c in columns)])
        (folder / f"{table}_by_region_month.csv").write_text(buffer.getvalue(), encoding="utf-8")
