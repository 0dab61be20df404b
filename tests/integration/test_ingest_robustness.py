"""A process killed mid-file, and a file larger than the memory the process may use."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from mizan.ingest.api import ensure_raw_schema, ingest_inbox
from mizan.org import load_profile
from mizan.settings import REPO_ROOT, Settings
from tests.integration.ingest_helpers import (
    COMPLAINT_HEADER,
    big_complaints_csv,
    complaint,
    write_csv,
)

# heavy (large files, a killed process): one worker runs them one after the other
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ingest_heavy")]

CHILD = """
import json, logging, sys
from pathlib import Path
import duckdb
from mizan.ingest.api import ensure_raw_schema, ingest_inbox
from mizan.org import load_profile
from mizan.settings import Settings

logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s %(message)s")
settings = Settings.from_env(home=Path(sys.argv[1]), profile="party-eg", secret="test-secret")
config = {"memory_limit": sys.argv[2], "threads": 2}
con = duckdb.connect(str(settings.warehouse_path), config=config)
ensure_raw_schema(con)
result = ingest_inbox(con, settings, load_profile("party-eg"), sources=["complaints"])
con.close()
# VmHWM is this process's own peak (ru_maxrss would inherit the parent's across exec)
peak_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({
    "peak_rss_mb": peak_kb / 1024,
    "receipts": [json.loads(r.to_json()) for r in result["complaints"]],
}))
"""


def child(home: Path, memory_limit: str = "1GB") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home), memory_limit],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def state(settings: Settings) -> dict:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return {
            "complaints": con.execute(
                "SELECT count(*), coalesce(sum(hash(ticket_id, status, _file_sha256)), 0) "
                "FROM raw.complaints"
            ).fetchall(),
            "log": con.execute(
                "SELECT file_name, status, rows_in FROM raw.ingest_log ORDER BY ALL"
            ).fetchall(),
            "quarantine": con.execute("SELECT count(*) FROM raw.quarantine").fetchall(),
        }
    finally:
        con.close()


@pytest.mark.parametrize("kill_at", ["staging", "writing"])
def test_sigkill_mid_file_leaves_the_warehouse_as_before_and_the_next_run_loads_it(
    tmp_path, kill_at
):
    settings = Settings.from_env(home=tmp_path / "home", profile="party-eg", secret="test-secret")
    settings.ensure_dirs()
    profile = load_profile("party-eg")
    # the warehouse before: one small file already loaded
    con = duckdb.connect(str(settings.warehouse_path))
    ensure_raw_schema(con)
    write_csv(
        settings.inbox_for("complaints") / "small.csv",
        COMPLAINT_HEADER,
        [complaint("S1"), complaint("S2")],
    )
    ingest_inbox(con, settings, profile, sources=["complaints"])
    con.close()
    before = state(settings)

    rows = 600_000
    big = big_complaints_csv(settings.inbox_for("complaints") / "big.csv", rows)
    process = child(settings.home)
    marker = f"complaints: {kill_at}"
    seen = []
    for line in process.stderr:  # type: ignore[union-attr]
        seen.append(line)
        if marker in line:
            time.sleep(0.5 if kill_at == "staging" else 0.2)
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL, "".join(seen)
    assert not any("committed" in line for line in seen)

    assert state(settings) == before  # nothing of the big file, nothing lost of what was there
    assert big.exists()  # still waiting in the inbox

    con = duckdb.connect(str(settings.warehouse_path))
    try:
        [receipt] = ingest_inbox(con, settings, profile, sources=["complaints"])["complaints"]
        assert (receipt.status, receipt.rows_in, receipt.loaded, receipt.rejected) == (
            "loaded",
            rows,
            rows,
            0,
        )
        assert con.execute("SELECT count(*) FROM raw.complaints").fetchall()[0][0] == rows + 2
        assert (
            con.execute(
                "SELECT count(*) FROM raw.ingest_log WHERE file_name = 'big.csv'"
            ).fetchall()[0][0]
            == 1
        )
    finally:
        con.close()
    assert not big.exists() and (settings.archive / "complaints" / "big.csv").exists()


def peak_rss(tmp_path: Path, name: str, rows: int, memory_limit: str) -> tuple[float, dict]:
    settings = Settings.from_env(home=tmp_path / name, profile="party-eg")
    settings.ensure_dirs()
    big_complaints_csv(settings.inbox_for("complaints") / "big.csv", rows)
    process = child(settings.home, memory_limit)
    out, err = process.communicate(timeout=900)
    assert process.returncode == 0, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    return result["peak_rss_mb"], result["receipts"][0]


def test_a_large_file_is_streamed_with_bounded_memory(tmp_path):
    """Peak RSS (measured in the child) hardly grows with the file: 4x the rows (a file of ~300 MB,
    whose staged and typed copies far exceed the 400 MB DuckDB may use) and the peak stays within
    a fixed budget: DuckDB spills to disk, Great Expectations sees 250k rows at a time."""
    small_mb, small = peak_rss(tmp_path, "small", 400_000, "400MB")
    large_mb, large = peak_rss(tmp_path, "large", 1_600_000, "400MB")
    size_mb = (tmp_path / "large" / "archive" / "complaints" / "big.csv").stat().st_size / 2**20
    small_size_mb = (
        tmp_path / "small" / "archive" / "complaints" / "big.csv"
    ).stat().st_size / 2**20
    print(
        f"peak RSS: 400k rows {small_mb:.0f} MB, "
        f"1.6M rows ({size_mb:.0f} MB file) {large_mb:.0f} MB"
    )
    assert small["loaded"] == 400_000 and large["loaded"] == 1_600_000
    assert size_mb > 250
    # 4x the data: the peak grows less than the data does (DuckDB reaching its cap, the raw
    # table's key index), and stays under DuckDB's limit + ~800 MB of Python, GE and one chunk
    assert large_mb - small_mb < size_mb - small_size_mb
    assert large_mb < 400 + 800
