"""Small organisation profiles cut from a shipped one, for tests whose files name few regions.

The KPI spine is month × region × secretariat: a test of years of history on a 27-region profile
builds ~900,000 KPI cells it never reads. A profile cut to the regions and secretariats the test's
files use keeps every rule (aliases, names, time zone, date order) and builds in seconds."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path

from mizan.org import PROFILES_DIR


def cut_profile(
    target: Path, *, base: str, regions: Sequence[str], secretariats: Sequence[str]
) -> Path:
    """A copy of the shipped profile `base` in `target`, keeping only the given codes."""
    shutil.copytree(PROFILES_DIR / base, target)
    for name, keep in (("regions.csv", regions), ("secretariats.csv", secretariats)):
        path = target / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames, [r for r in reader if r["code"] in keep]
        assert {r["code"] for r in rows} == set(keep), f"{base} has no {set(keep)} in {name}"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return target
