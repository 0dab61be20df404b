"""The inbox sensor: start a build when regions drop new files.

A file still being copied into the inbox must not be read half-written, so the sensor waits until
every pending file has been left unchanged for `SETTLE_SECONDS`. The run key is a fingerprint of
the pending files, so the same drop never starts two runs.
"""

from __future__ import annotations

import hashlib
import time

import dagster as dg

from dagster_project.partitions import last_complete_month
from dagster_project.resources import WarehouseResource
from mizan.ingest.api import pending_files
from mizan.settings import SOURCES, Settings

SETTLE_SECONDS = 15


def inbox_fingerprint(
    settings: Settings, *, now: float | None = None
) -> tuple[str | None, int, int]:
    """(fingerprint of settled pending files or None, files settled, files still settling)."""
    now = time.time() if now is None else now
    settled, settling = [], 0
    for source in SOURCES:
        for path in pending_files(settings, source):
            stat = path.stat()
            if now - stat.st_mtime < SETTLE_SECONDS:
                settling += 1
            else:
                settled.append(f"{source}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    if not settled:
        return None, 0, settling
    digest = hashlib.sha256("\n".join(sorted(settled)).encode()).hexdigest()[:16]
    return digest, len(settled), settling


def build_inbox_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(
        name="inbox_sensor",
        job=job,
        minimum_interval_seconds=30,
        description="Starts a build when new files have settled in MIZAN_HOME/inbox/<source>/.",
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        fingerprint, settled, settling = inbox_fingerprint(settings)
        if settling:
            return dg.SkipReason(f"{settling} file(s) still arriving; waiting for them to settle.")
        if fingerprint is None:
            return dg.SkipReason("The inbox is empty.")
        if fingerprint == context.cursor:
            return dg.SkipReason("These files already started a run.")
        context.update_cursor(fingerprint)
        return dg.RunRequest(
            run_key=f"inbox-{fingerprint}",
            partition_key=last_complete_month(settings),
            tags={"mizan/trigger": "inbox", "mizan/files": str(settled)},
        )

    return inbox_sensor


def build_status_sensors(job) -> list[dg.SensorDefinition]:
    """Record the outcome of builds started outside the CLI (UI, inbox sensor, schedule) in
    MIZAN_HOME/runs/last_build.json, as the CLI runner does for its own runs."""
    from dagster_project.runner import status_from_run
    from mizan.build_status import write_status

    def record(context, warehouse: WarehouseResource) -> None:
        if context.dagster_run.tags.get("mizan/runner") == "cli":
            return  # the CLI runner records its own runs
        write_status(
            warehouse.settings(), status_from_run(context.instance, context.dagster_run.run_id)
        )

    @dg.run_status_sensor(
        name="record_build_success",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[job],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Writes the outcome of a finished build for the dashboards' data-quality page.",
    )
    def record_success(context: dg.RunStatusSensorContext, warehouse: WarehouseResource):
        record(context, warehouse)

    @dg.run_failure_sensor(
        name="record_build_failure",
        monitored_jobs=[job],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Writes the reason of a failed build for the dashboards' data-quality page.",
    )
    def record_failure(context: dg.RunFailureSensorContext, warehouse: WarehouseResource):
        record(context, warehouse)

    return [record_success, record_failure]
