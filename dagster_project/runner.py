"""Running a Dagster job in this process (no daemon) with a readable progress display.

`mizan build` and the tests use it. Runs are recorded in the Dagster instance under
MIZAN_HOME/dagster, the same one `make dev` (dagster dev) shows, so a build started from the
command line appears in the UI's run history.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from mizan.build_status import BuildStatus, snapshot_published_at, write_status
from mizan.settings import Settings

DAGSTER_YAML = """\
# Dagster instance of this Mizan home (written by Mizan). Telemetry off: machines running Mizan
# often have no route to the internet.
telemetry:
  enabled: false
"""


@dataclass
class RunOutcome:
    success: bool
    status: str = "failed"  # published | blocked | failed
    message: str = ""
    run_id: str = ""
    materialized: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    log_path: Path | None = None


def dagster_home(settings: Settings) -> Path:
    path = settings.home / "dagster"
    path.mkdir(parents=True, exist_ok=True)
    config = path / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return path


def prepare_environment(settings: Settings) -> None:
    """Everything a run needs before the definitions are imported."""
    from dagster_project.dbt_project import ensure_manifest

    settings.ensure_dirs()
    os.environ.update(settings.export_env())
    os.environ["DAGSTER_HOME"] = str(dagster_home(settings))
    ensure_manifest(settings)


def run_job(
    settings: Settings,
    job_name: str,
    *,
    run_id: str,
    console: Console | None = None,
    tags: dict[str, str] | None = None,
    partition_key: str | None = None,
) -> RunOutcome:
    """Run a job of the definitions for one monthly partition ('YYYY-MM-01'; default the last
    complete month), which is rebuilt besides whatever months new files touched."""
    prepare_environment(settings)
    import dagster as dg

    from dagster_project.definitions import defs
    from dagster_project.partitions import last_complete_month

    # Every run targets one month (the dbt assets are monthly partitioned): that month is rebuilt
    # besides the months new files touched. A backfill over many months is started from the UI.
    partition_tags = {"dagster/partition": partition_key or last_complete_month(settings)}

    console = console or Console(stderr=True, quiet=True)
    # Loaded for this run, after the environment above: the definitions of this deployment,
    # whatever another run in this process loaded before.
    job = defs().resolve_job_def(job_name)  # also relaxes the instance's SQLite syncs
    instance = dg.DagsterInstance.get()
    outcome = RunOutcome(success=False, run_id=run_id)
    progress = _Progress(console, outcome)
    instance.add_event_listener(run_id, progress.on_event)
    # dagster-dbt echoes every dbt log line to stdout; keep them in a file beside the run's
    # status instead, so the terminal shows one line per step.
    log_path = settings.runs_dir / f"{run_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            result = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                raise_on_error=False,
                tags={**(tags or {}), **partition_tags, "mizan/runner": "cli"},
                run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            )
    finally:
        progress.stop()
    outcome.log_path = log_path
    status = status_from_run(instance, run_id)
    write_status(settings, status)
    outcome.status = status.status
    outcome.success = result.success and status.status == "published"
    outcome.message = status.message
    if status.status == "failed":
        outcome.message += f" (details in {log_path} and in the Dagster UI: make dev)"
    return outcome


def status_from_run(instance, run_id: str) -> BuildStatus:
    """What a finished run did, in words a data steward can act on: published, blocked by a
    blocking check (the previous snapshot keeps serving), or failed at a step."""
    import dagster as dg

    record = instance.get_run_record_by_id(run_id)
    events = [entry.dagster_event for entry in instance.all_logs(run_id) if entry.dagster_event]
    published = [
        e
        for e in events
        if e.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION
        and e.asset_key == dg.AssetKey(["serving", "snapshot"])
    ]
    failed_checks, blocking_failures = [], []
    for e in events:
        if e.event_type != dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            continue
        data = e.event_specific_data
        if data.passed:
            continue
        name = f"{'/'.join(data.asset_key.path)}:{data.check_name}"
        failed_checks.append(name)
        if data.severity == dg.AssetCheckSeverity.ERROR:
            description = data.description or ""
            blocking_failures.append(f"{name} — {description}" if description else name)
    step_failures = [
        f"{_step_label(e.step_key or '')}: {_first_line(e.step_failure_data.error.message)}"
        for e in events
        if e.event_type == dg.DagsterEventType.STEP_FAILURE
        and e.step_failure_data
        and e.step_failure_data.error
    ]
    started = (
        datetime.fromtimestamp(record.start_time, UTC).isoformat(timespec="seconds")
        if record and record.start_time
        else None
    )
    if published:
        metadata = published[-1].materialization.metadata
        return BuildStatus(
            run_id,
            "published",
            "Published a new snapshot.",
            started,
            failed_checks=failed_checks,
            snapshot_published_at=str(metadata["published_at"].value)
            if "published_at" in metadata
            else None,
        )
    previous = snapshot_published_at(Settings.from_env())  # the snapshot that keeps serving
    if blocking_failures:
        message = "Not published — a blocking check failed: " + "; ".join(blocking_failures[:3])
        state = "blocked"
    elif step_failures:
        message = "Not published — " + "; ".join(step_failures[:3])
        state = "failed"
    else:
        message = "Not published — the run ended before the publish step."
        state = "failed"
    return BuildStatus(
        run_id, state, message, started, failed_checks=failed_checks, snapshot_published_at=previous
    )


def last_run_timings() -> dict:
    """Where the instance's last run spent its time: each step from its start to its success,
    and the whole run (the rest is Dagster's own work). The bench's split of a build."""
    import dagster as dg

    instance = dg.DagsterInstance.get()
    run = instance.get_runs(limit=1)[0]
    starts: dict[str, float] = {}
    steps: dict[str, float] = {}
    run_start = run_end = None
    for entry in instance.all_logs(run.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind in ("RUN_START", "PIPELINE_START"):
            run_start = entry.timestamp
        elif kind in ("RUN_SUCCESS", "PIPELINE_SUCCESS", "RUN_FAILURE", "PIPELINE_FAILURE"):
            run_end = entry.timestamp
        elif kind == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            steps[event.step_key] = entry.timestamp - starts[event.step_key]
    record = instance.get_run_record_by_id(run.run_id)
    return {
        "run_id": run.run_id,
        "status": str(run.status),
        "run_seconds": (run_end - run_start) if run_start and run_end else None,
        "created": record.create_timestamp.timestamp() if record else None,
        "run_start": run_start,
        "steps": steps,
    }


class _Progress:
    """Turns Dagster events into one line per step and asset, for people rather than logs."""

    def __init__(self, console: Console, outcome: RunOutcome) -> None:
        self.console = console
        self.outcome = outcome
        self.status = console.status("Starting…")
        self.status.start()

    def stop(self) -> None:
        self.status.stop()

    def on_event(self, entry) -> None:
        event = entry.dagster_event
        if event is None:
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self.status.update(f"Running {_step_label(step)}…")
            if not self.console.is_terminal:  # logs and CI have no spinner: say it in a line
                self.console.print(f"… {_step_label(step)}")
        elif kind == "STEP_SUCCESS":
            self.console.print(f"[green]✓[/] {_step_label(step)}")
        elif kind == "STEP_FAILURE":
            error = event.step_failure_data.error if event.step_failure_data else None
            reason = _first_line(error.message) if error else "unknown error"
            self.outcome.message = f"{_step_label(step)} failed: {reason}"
            self.console.print(f"[red]✗[/] {self.outcome.message}")
        elif kind == "ASSET_MATERIALIZATION":
            key = "/".join(event.asset_key.path)
            self.outcome.materialized.append(key)
            summary = _metadata_summary(event.materialization.metadata)
            if summary:
                self.console.print(f"  [dim]{key}[/]: {summary}")
        elif kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                name = f"{'/'.join(data.asset_key.path)}:{data.check_name}"
                self.outcome.failed_checks.append(name)
                severity = getattr(data.severity, "value", str(data.severity))
                self.console.print(f"  [yellow]check {name} failed ({severity})[/]")


STEP_LABELS = {
    "raw_tables": "ingest",
    "warehouse_models": "warehouse (dbt build)",
    "serving__snapshot": "publish",
    "review__alerts": "alerts",
    "review__report_pack": "report pack",
}
SUMMARY_KEYS = (
    "files",
    "rows_loaded",
    "rows_rejected",
    "files_rejected",
    "tables",
    "rows",
    "raised",
    "recipients_mailed",
    "month",
)


def _step_label(step_key: str) -> str:
    return STEP_LABELS.get(step_key, step_key)


def _metadata_summary(metadata) -> str:
    parts = []
    for key in SUMMARY_KEYS:
        if key in metadata:
            value = metadata[key].value
            shown = f"{value:,}" if isinstance(value, int | float) else str(value)
            parts.append(f"{key.replace('_', ' ')} {shown}")
    return ", ".join(parts)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)
