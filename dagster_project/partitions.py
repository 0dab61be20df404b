"""Monthly partitions: the unit an operator re-runs or backfills from the Dagster UI.

Months are calendar months in the deployment's time zone; the last partition is the last complete
month. MIZAN_FIRST_MONTH (YYYY-MM, default 2020-01) is the first month the UI offers. Built from
the deployment's settings when the definitions load, never on import.
"""

from __future__ import annotations

import dagster as dg

from mizan.org import load_profile
from mizan.settings import Settings


def monthly_partitions(settings: Settings) -> dg.MonthlyPartitionsDefinition:
    return dg.MonthlyPartitionsDefinition(
        start_date=f"{settings.first_month}-01",
        timezone=settings.timezone or load_profile(settings.profile).timezone,
        end_offset=0,
    )


def last_complete_month(settings: Settings) -> str:
    """Partition key of the last complete month in the deployment's time zone ('YYYY-MM-01').

    Every build targets a month: a plain `mizan build` or an inbox-triggered run targets this
    one; the incremental models rebuild whatever else new files touched.
    """
    return monthly_partitions(settings).get_last_partition_key()
