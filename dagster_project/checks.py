"""What must hold before a build may publish, as pure functions over receipts and the warehouse.

Blocking checks stop the publish (the previous snapshot keeps serving); warnings are shown but
publish anyway. Thresholds are deployment settings so that an oversight ministry can be stricter
than a small party branch.

- row accounting (blocking): every file's rows_in = loaded + rejected + unchanged, in this run's
  receipts and in the whole ingest log — nothing may be lost silently;
- validation (blocking): every file of a source refused whole, or a run whose files loaded no row
  at all, never publishes (a build never reports success on nothing); Great Expectations ran on
  every batch, and no file of this run had most
  of its rows refused (a file in the wrong layout, or a region's whole export broken) — such data
  reaches leadership only after a steward has seen it on the data-quality page;
- freshness (warning): which regions have sent nothing of a source for the reporting month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.receipts import FileReceipt
from mizan.settings import Settings


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    description: str
    metadata: dict = field(default_factory=dict)


def row_accounting(
    con: duckdb.DuckDBPyConnection, source: str, receipts: Sequence[FileReceipt]
) -> CheckOutcome:
    broken = [r.file for r in receipts if r.rows_in != r.loaded + r.rejected + r.unchanged]
    logged = con.execute(
        "SELECT file_path FROM raw.ingest_log WHERE source = ? AND rows_in <> loaded + rejected + unchanged",
        [source],
    ).fetchall()
    broken += [row[0] for row in logged if row[0] not in broken]
    if broken:
        return CheckOutcome(
            False,
            f"{len(broken)} {source} file(s) do not add up (rows in ≠ loaded + rejected + unchanged): "
            + ", ".join(broken[:5]),
            {"files": broken[:50]},
        )
    rows_in = sum(r.rows_in for r in receipts)
    return CheckOutcome(
        True,
        f"Every {source} row is accounted for ({len(receipts)} file(s), {rows_in} row(s) in this run).",
        {"files": len(receipts), "rows_in": rows_in},
    )


def refused_whole(source: str, receipts: Sequence[FileReceipt]) -> str | None:
    """Why the build must not publish when every file of a source in this run was refused."""
    sent = [r for r in receipts if r.status != "already_ingested"]
    if not sent or any(r.status != "rejected" for r in sent):
        return None
    first = sent[0]
    return (
        f"every {source} file of this run was refused whole ({len(sent)} file(s)), e.g. "
        f"{first.file}: {first.error or first.error_code}. Nothing of them was loaded; see "
        "`mizan quarantine` or the data-quality page."
    )


def nothing_loaded(run_receipts: Mapping[str, Sequence[FileReceipt]]) -> str | None:
    """Why the build must not publish when the files of this run loaded no row at all."""
    sent = [r for rs in run_receipts.values() for r in rs if r.status != "already_ingested"]
    if not sent or any(r.loaded or r.unchanged for r in sent):
        return None
    rows_in = sum(r.rows_in for r in sent)
    refused = sum(r.status == "rejected" for r in sent)
    # the sender needs the files by name to know what to correct
    named = ", ".join(Path(r.file).name for r in sent[:5]) + (" …" if len(sent) > 5 else "")
    return (
        f"this run's {len(sent)} file(s) loaded no rows at all ({refused} file(s) refused whole, "
        f"{rows_in} row(s) read, all refused or none): {named}. See `mizan quarantine` or the "
        "data-quality page."
    )


def validation(
    source: str,
    receipts: Sequence[FileReceipt],
    summary: dict,
    settings: Settings,
    run_receipts: Mapping[str, Sequence[FileReceipt]] | None = None,
) -> CheckOutcome:
    """Blocking when every file of the source in this run was refused whole, when the run's
    files (all sources: `run_receipts`) loaded no row at all, when a file of this run had most of
    its rows refused (MIZAN_BLOCK_FILE_REJECT_SHARE, default 0.5, for files of at least
    MIZAN_BLOCK_MIN_ROWS rows, default 10) or when the run as a whole refused more than
    MIZAN_BLOCK_RUN_REJECT_SHARE of its rows (default 0.2)."""
    whole = refused_whole(source, receipts)
    if (
        whole is None
        and run_receipts is not None
        and any(r.status != "already_ingested" for r in receipts)
    ):
        whole = nothing_loaded(run_receipts)
    if whole is not None:
        files = [f"{r.file}: {r.error_code}" for r in receipts if r.status == "rejected"]
        return CheckOutcome(
            False,
            f"{whole[0].upper()}{whole[1:]} The last snapshot keeps serving.",
            {"files_refused": files[:50], "rows_in": sum(r.rows_in for r in receipts)},
        )
    file_share = settings.block_file_reject_share
    run_share = settings.block_run_reject_share
    min_rows = settings.block_min_rows
    bad_files = [
        f"{r.file} ({r.rejected}/{r.rows_in} rows refused)"
        for r in receipts
        if r.rows_in >= min_rows and r.rejected / r.rows_in > file_share
    ]
    rows_in = sum(r.rows_in for r in receipts)
    rejected = sum(r.rejected for r in receipts)
    metadata = {
        "rows_in": rows_in,
        "rows_rejected": rejected,
        "quarantined_by_reason": summary.get("quarantined_by_reason", {}),
        "expectations_failed": [
            f"{e['expectation']}({e['column']}): {e['unexpected_count']}"
            for e in summary.get("expectations", [])
            if not e["success"]
        ],
    }
    if bad_files:
        return CheckOutcome(
            False,
            f"{len(bad_files)} {source} file(s) had more than {file_share:.0%} of their rows refused: "
            + "; ".join(bad_files[:3])
            + ". See the data-quality page; the last snapshot keeps serving.",
            {**metadata, "files": bad_files[:50]},
        )
    if rows_in and rejected / rows_in > run_share:
        return CheckOutcome(
            False,
            f"{rejected} of {rows_in} {source} rows ({rejected / rows_in:.0%}) were refused in this run, "
            f"more than the {run_share:.0%} allowed. See the data-quality page.",
            metadata,
        )
    return CheckOutcome(
        True,
        f"{source}: {rejected} of {rows_in} row(s) quarantined in this run, within limits.",
        metadata,
    )


def reporting_month(timezone: str, now: datetime | None = None) -> date:
    """The month regions are expected to have reported: the last complete calendar month."""
    now = now or datetime.now(ZoneInfo(timezone))
    last_day_of_previous_month = date.fromordinal(now.date().replace(day=1).toordinal() - 1)
    return last_day_of_previous_month.replace(day=1)


def freshness(
    con: duckdb.DuckDBPyConnection, source: str, region_codes: Sequence[str], month: date
) -> CheckOutcome:
    # A region has reported a source for a month when any of its records has a date in that
    # month (received, answered, resolved, due, published, ...) — as the warehouse's has_data.
    dated = [f.name for f in CONTRACTS[source].fields if f.kind in ("date", "timestamp")]
    in_month = " OR ".join(f"date_trunc('month', {name}) = $month" for name in dated)
    present = {
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT region_code FROM raw.{source} WHERE {in_month}", {"month": month}
        ).fetchall()
    }
    missing = [code for code in region_codes if code not in present]
    label = month.strftime("%Y-%m")
    if missing:
        return CheckOutcome(
            False,
            f"{len(missing)} region(s) have no {source} records dated {label}: {', '.join(missing)}.",
            {"month": label, "missing_regions": missing},
        )
    return CheckOutcome(
        True,
        f"Every region has sent {source} for {label}.",
        {"month": label, "missing_regions": []},
    )


def calendar(con: duckdb.DuckDBPyConnection, source: str, settings: Settings) -> CheckOutcome:
    """Blocking when records of a source are dated outside the calendar (raw.calendar_months,
    from MIZAN_FIRST_MONTH): they would count in no month — a silent loss."""
    from mizan.calendar import outside_calendar

    found = outside_calendar(con, source)
    if found is None:
        return CheckOutcome(True, f"Every {source} record lies in the calendar's months.")
    earliest, first = found["earliest"], found["first"]
    if earliest is not None and earliest < first:
        hint = (
            f"set MIZAN_FIRST_MONTH={earliest:%Y-%m} (now {settings.first_month}) to report on "
            "that history, or correct the dates"
        )
    else:
        hint = "correct the dates: the calendar ends at " + f"{found['last']:%Y-%m}"
    return CheckOutcome(
        False,
        f"{found['records']} {source} record(s) are dated outside the calendar "
        f"({first:%Y-%m} to {found['last']:%Y-%m}; earliest {earliest}, latest "
        f"{found['latest']}) and would count in no month: {hint}.",
        {k: str(v) for k, v in found.items()},
    )
