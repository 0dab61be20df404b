"""The outcome of the last build, kept beside the snapshot for the dashboards' data-quality page.

A blocked or failed build does not touch the snapshot, so the reason cannot travel inside it:
it is written to MIZAN_HOME/runs/last_build.json (atomically) by whoever ran the build — the CLI
runner, or the run-status sensor for runs started in the Dagster UI, by the inbox sensor or by
the monthly schedule.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from mizan.settings import Settings

STATUS_FILE = "last_build.json"
STATUSES = ("published", "blocked", "failed")


@dataclass
class BuildStatus:
    run_id: str
    status: str  # published | blocked | failed
    message: str
    started_at: str | None = None
    finished_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )
    failed_checks: list[str] = field(default_factory=list)
    snapshot_published_at: str | None = None


def write_status(settings: Settings, status: BuildStatus) -> None:
    if status.status not in STATUSES:
        raise ValueError(f"unknown build status {status.status!r}")
    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    target = settings.runs_dir / STATUS_FILE
    tmp = target.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(asdict(status), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, target)


def read_status(settings: Settings) -> BuildStatus | None:
    try:
        data = json.loads((settings.runs_dir / STATUS_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return BuildStatus(**data)


def snapshot_published_at(settings: Settings) -> str | None:
    """When the snapshot now serving was published (read from the snapshot itself)."""
    import duckdb

    if not settings.serving_path.exists():
        return None
    con = duckdb.connect(str(settings.serving_path), read_only=True)
    try:
        return con.execute("SELECT published_at FROM meta.snapshot_info").fetchone()[0]
    finally:
        con.close()
