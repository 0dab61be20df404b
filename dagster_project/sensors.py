"""The inbox sensor: start a build when regions drop new files.

A file still being copied into the inbox must not be read half-written, so the sensor waits until
every pending file has been left unchanged for `SETTLE_SECONDS`. The run key is a fingerprint of
the pending files, so the same drop never starts two runs.
"""

from __future__ import annotations

import hashlib
import time

import dagster as dg

from dagster_project.ingest.api import pending_files
from dagster_project.settings import SOURCES, Settings

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


def build_inbox_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name="inbox_sensor",
        job=job,
        minimum_interval_seconds=30,
        description="Starts a build when new files have settled in MIZAN_HOME/inbox/<source>/.",
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def inbox_sensor(context: dg.SensorEvaluationContext):
        fingerprint, settled, settling = inbox_fingerprint(Settings.from_env())
        if settling:
            return dg.SkipReason(f"{settling} file(s) still arriving; waiting for them to settle.")
        if fingerprint is None:
            return dg.SkipReason("The inbox is empty.")
        if fingerprint == context.cursor:
            return dg.SkipReason("These files already started a run.")
        context.update_cursor(fingerprint)
        return dg.RunRequest(
            run_key=f"inbox-{fingerprint}",
            tags={"mizan/trigger": "inbox", "mizan/files": str(settled)},
        )

    return inbox_sensor
