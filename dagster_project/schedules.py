"""The monthly close: rebuild and publish the month that just ended.

Day and time are deployment settings (MIZAN_CLOSE_DAY, default 3; MIZAN_CLOSE_TIME, default 06:00)
in the deployment's time zone, so regions have the first days of the month to send late files.
The run targets the month that ended as its partition, so that month is rebuilt even if no file
touched it (e.g. after a target was corrected).
"""

from __future__ import annotations

from datetime import date

import dagster as dg

from mizan.org import load_profile
from mizan.settings import Settings


def close_cron(day: int, time_of_day: str) -> str:
    hour, minute = (int(part) for part in time_of_day.split(":"))
    if not (1 <= day <= 28 and 0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(
            f"Monthly close at day {day} {time_of_day} is not valid: the day must be 1–28 (every "
            "month has it) and the time HH:MM."
        )
    return f"{minute} {hour} {day} * *"


def previous_month(day: date) -> str:
    """'YYYY-MM-01' of the month before `day` (the partition key of the month that ended)."""
    last_day_before = date.fromordinal(day.replace(day=1).toordinal() - 1)
    return last_day_before.replace(day=1).isoformat()


def build_monthly_close(job, settings: Settings) -> dg.ScheduleDefinition:
    timezone = settings.timezone or load_profile(settings.profile).timezone
    cron = close_cron(settings.close_day, settings.close_time)

    @dg.schedule(
        name="monthly_close",
        job=job,
        cron_schedule=cron,
        execution_timezone=timezone,
        description=f"Monthly close ({cron}, {timezone}): rebuild and publish the month that ended.",
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    def monthly_close(context: dg.ScheduleEvaluationContext):
        month = previous_month(context.scheduled_execution_time.date())
        return dg.RunRequest(
            run_key=f"close-{month}", partition_key=month, tags={"mizan/trigger": "monthly_close"}
        )

    return monthly_close
