"""Timing and memory of one step, each in its own child process.

`measure(argv)` starts the step in a new process group and waits for it with `os.wait4`, whose
resource usage gives the peak RSS of the child and of any descendant it waited for (the largest
single process: dbt under `mizan build`, say) and their CPU time (less sensitive than wall time
to other jobs on a shared machine, though it counts every DuckDB thread). A sampler thread also sums the RSS of the whole
process tree every 0.1 s, for steps where processes run side by side (Dagster's process while
dbt runs). A child may report its own timing of the measured part (excluding interpreter start
and imports) by writing JSON to the file named in $BENCH_RESULT.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Sample:
    seconds: float  # the measured part (the child's own timing, else the process's wall time)
    wall: float  # the child process, start to exit
    peak_rss: int  # bytes: the largest single process (wait4's ru_maxrss)
    tree_rss: int  # bytes: the largest sampled sum over the process tree
    cpu: float = 0.0  # user + system CPU seconds of the child and the descendants it waited for
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


class StepFailed(RuntimeError):
    pass


def _tree_rss(root: int) -> int:
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path = REPO,
    log: Path | None = None,
    timeout: float | None = None,
) -> Sample:
    """Run argv to completion; raise StepFailed (with the log's tail) if it fails."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    full_env = {**os.environ, **(env or {}), "BENCH_RESULT": str(result_path)}
    log = log or Path(os.devnull)
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = [0]
    done = threading.Event()
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)
            time.sleep(0.02)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    detail: dict = {}
    try:
        if result_path.stat().st_size:
            detail = json.loads(result_path.read_text())
    finally:
        result_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        tail = ""
        if log != Path(os.devnull):
            tail = log.read_text(errors="replace")[-3000:]
        raise StepFailed(f"{' '.join(argv[:4])}… exited with {proc.returncode}\n{tail}")
    peak_rss = usage.ru_maxrss * 1024  # KiB on Linux
    seconds = float(detail.pop("seconds", wall))
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, wall, peak_rss, max(peak[0], peak_rss), cpu, detail)


def python_step(name: str, **kwargs) -> list[str]:
    """argv of `python -m bench.steps NAME JSON`."""
    return [sys.executable, "-m", "bench.steps", name, json.dumps(kwargs, default=str)]


def report(result: dict) -> None:
    """In a child: hand the measured seconds and details to the parent."""
    path = os.environ.get("BENCH_RESULT")
    if path:
        Path(path).write_text(json.dumps(result, default=str))
    else:
        print(json.dumps(result, default=str, indent=2))


def summary(values: list[float]) -> dict:
    """Median and spread of repeated measurements."""
    values = [float(v) for v in values]
    median = statistics.median(values)
    return {
        "median": median,
        "min": min(values),
        "max": max(values),
        # (max - min) / median: how much the repetitions disagree
        "spread": (max(values) - min(values)) / median if median else 0.0,
        "n": len(values),
        "values": values,
    }


def machine() -> dict:
    """The machine and the software measured, and how busy the machine was."""
    import platform

    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return ""

    versions = {}
    for package in ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "pandas", "pyarrow"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = None
    mem_kib = first("/proc/meminfo", "MemTotal").split()[0] or "0"
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kib) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "self_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
