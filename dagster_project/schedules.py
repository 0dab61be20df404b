"""The monthly close: rebuild and publish the month that just ended.

Day and time are deployment settings (MIZAN_CLOSE_DAY, default 3; MIZAN_CLOSE_TIME, default 06:00)
in the deployment's time zone, so regions have the first days of the month to send late files.
"""

from __future__ import annotations

import os

import dagster as dg

from dagster_project.org import load_profile
from dagster_project.settings import Settings


def close_cron(day: int, time_of_day: str) -> str:
    hour, minute = (int(part) for part in time_of_day.split(":"))
    if not (1 <= day <= 28 and 0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(
            f"Monthly close at day {day} {time_of_day} is not valid: the day must be 1–28 (every "
            "month has it) and the time HH:MM."
        )
    return f"{minute} {hour} {day} * *"


def build_monthly_close(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    settings = Settings.from_env()
    timezone = settings.timezone or load_profile(settings.profile).timezone
    cron = close_cron(
        int(os.environ.get("MIZAN_CLOSE_DAY", "3")), os.environ.get("MIZAN_CLOSE_TIME", "06:00")
    )
    return dg.ScheduleDefinition(
        name="monthly_close",
        job=job,
        cron_schedule=cron,
        execution_timezone=timezone,
        description=f"Monthly close ({cron} {timezone}): rebuild and publish the month that ended.",
        tags={"mizan/trigger": "monthly_close"},
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
