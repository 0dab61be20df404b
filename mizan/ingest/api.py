"""The ingestion API the orchestration layer (Dagster assets, checks and sensor) and the CLI call.

    ensure_raw_schema(con) -> None
    load_org_reference(con, profile) -> None
    pending_files(settings, source) -> list[Path]
    ingest_files(con, source, paths, *, settings, profile, mapping=None) -> list[FileReceipt]
    ingest_inbox(con, settings, profile, sources=None) -> dict[str, list[FileReceipt]]
    validation_summary(con, source) -> dict
    quarantine_rows(con, *, file=None, source=None, lang="en") -> list[dict]

`con` is the single writer's connection to settings.warehouse_path (autocommit mode: the API
opens and commits its own transactions). Guarantees:

* every data row of a file is loaded, quarantined or counted unchanged:
  rows_in = loaded + rejected + unchanged, in the receipt and in raw.ingest_log;
* files are processed by modification time, then name; per natural key the latest file wins;
* a file whose bytes (sha256) were already loaded for the source is a no-op (already_ingested);
* the writes of a file are one DuckDB transaction (shared with the other files of its batch):
  a crash leaves the warehouse as it was, and the next run loads the file fully;
* after the commit, inbox files move to <home>/archive/<source>/ (files from elsewhere are
  copied there; see `archive`).

The steps live in modules of their own: `plan` (which files, their identity, the batches),
`refusals`, `batch` (running one batch: `staging`, `masking`, `decide`, `receipts`, `writing`,
`archive`) and `queries` (reading back).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from mizan.ingest import housekeeping, presets, sqlfuncs
from mizan.ingest.batch import run_batch
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected
from mizan.ingest.mapping import LayoutMapping, MappingError, load_mapping
from mizan.ingest.plan import (
    IngestContext,
    batch_now,
    batches,
    pending_files,
    plan_files,
    runs_by_mapping,
)
from mizan.ingest.queries import quarantine_rows, validation_summary
from mizan.ingest.receipts import FileReceipt
from mizan.ingest.refusals import drop_reported_refusals, refuse_irregular
from mizan.ingest.store import ensure_raw_schema, load_org_reference
from mizan.org import OrgProfile
from mizan.settings import SOURCES, Settings

__all__ = [
    "FileReceipt",
    "ensure_raw_schema",
    "ingest_files",
    "ingest_inbox",
    "load_org_reference",
    "pending_files",
    "quarantine_rows",
    "validation_summary",
]

log = logging.getLogger(__name__)


def ingest_inbox(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    profile: OrgProfile,
    sources: Sequence[str] | None = None,
) -> dict[str, list[FileReceipt]]:
    """Ingest every pending file of each source (all sources by default, in settings.SOURCES
    order: meetings before meeting_actions) and refresh the org reference tables.

    Receipts are grouped by the source they are about: the actions nested in a meetings JSON file
    appear under "meeting_actions" (even when only meetings were asked for)."""
    ensure_raw_schema(con)
    load_org_reference(con, profile)
    wanted = list(sources) if sources else list(SOURCES)
    unknown = [s for s in wanted if s not in CONTRACTS]
    if unknown:
        raise ValueError(f"Unknown source(s) {unknown}; sources are {', '.join(SOURCES)}.")
    result: dict[str, list[FileReceipt]] = {source: [] for source in SOURCES if source in wanted}
    for source in result.copy():
        files = drop_reported_refusals(con, source, pending_files(settings, source), settings)
        for mapping, group in runs_by_mapping(settings, source, files):
            refuse = None
            if mapping is not None:
                try:
                    load_mapping(mapping, source)
                except MappingError as exc:
                    refuse = FileRejected("bad_mapping", column=mapping.name, value=str(exc))
                    mapping = None
            for receipt in ingest_files(
                con,
                source,
                group,
                settings=settings,
                profile=profile,
                mapping=mapping,
                refuse=refuse,
            ):
                # the actions nested in meetings JSON files are reported under meeting_actions
                result.setdefault(receipt.source, []).append(receipt)
    return result


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    source: str,
    paths: Sequence[Path],
    *,
    settings: Settings,
    profile: OrgProfile,
    mapping: Path | None = None,
    refuse: FileRejected | None = None,
    layout: LayoutMapping | None = None,
    detect_presets: bool = True,
) -> list[FileReceipt]:
    """Ingest files of one source; one receipt per file (plus one per meetings file that nests
    actions, for meeting_actions), in processing order.

    `mapping`: the layout mapping to read every file with (its digest is part of each file's
    identity); `refuse`: refuse every file with this reason (e.g. a broken mapping.yml);
    `layout`: a mapping already read (a preset). Files no mapping covers are read with the
    built-in layout they are in, if any (Open311: presets.detect)."""
    if source not in CONTRACTS:
        raise ValueError(f"Unknown source {source!r}; sources are {', '.join(SOURCES)}.")
    if mapping is None and layout is None and refuse is None and detect_presets:
        runs = presets.runs_by_preset(source, [Path(p) for p in paths])
        if any(preset is not None for preset, _ in runs):
            return [
                receipt
                for preset, group in runs
                for receipt in ingest_files(
                    con, source, group, settings=settings, profile=profile,
                    layout=preset, detect_presets=False,
                )
            ]  # fmt: skip
    contract = CONTRACTS[source]
    layout = layout or (load_mapping(mapping, source) if mapping else None)
    timezone = sqlfuncs.check_timezone(settings.timezone or profile.timezone)
    ensure_raw_schema(con)
    sqlfuncs.install(con)
    restore_order = _ensure_insertion_order(con)
    receipts: list[FileReceipt] = []
    paths, refused = refuse_irregular(con, source, paths, settings, timezone)
    receipts += refused
    try:
        # a private folder (transcoded copies hold personal data in clear), named after this
        # process so that the next run removes it if this one is killed
        tmp = housekeeping.new_temp_dir()
        try:
            files = plan_files(con, contract.source, [Path(p) for p in paths], layout, timezone)
            if refuse is not None:
                for f in files:
                    f.rejected, f.already, f.duplicate_of = refuse, False, None
            statuses: dict[str, FileReceipt] = {}
            for group in batches(files):
                ctx = IngestContext(
                    profile=profile,
                    timezone=timezone,
                    secret=settings.hashing_secret(),
                    mapping=layout,
                    tmpdir=tmp,
                    now=batch_now(con, timezone),
                )
                receipts += run_batch(con, contract.source, group, ctx, settings, statuses)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if restore_order:
            con.execute("SET preserve_insertion_order = false")
    return receipts


def _ensure_insertion_order(con: duckdb.DuckDBPyConnection) -> bool:
    value = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    if str(value).lower() in ("false", "0"):
        con.execute("SET preserve_insertion_order = true")
        return True
    return False
