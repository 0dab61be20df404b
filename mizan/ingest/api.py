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
  copied there); an archive file is never overwritten — a name taken by different content gets
  the first 8 hex digits of the sha256 as a suffix, identical content is not stored twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from mizan.ingest import dateorder, housekeeping, inbox_guard, presets, sqlfuncs
from mizan.ingest import readers as R
from mizan.ingest.batch import Batch, BatchFile, IngestContext, reasons_table, receipt_for
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected
from mizan.ingest.mapping import MAPPING_FILE_NAMES, LayoutMapping, MappingError, load_mapping
from mizan.ingest.receipts import FileReceipt, describe
from mizan.ingest.store import SCHEMA, ensure_raw_schema, load_org_reference
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

BATCH_MAX_BYTES = 256 * 1024 * 1024
BATCH_MAX_FILES = 4000
_IGNORED_PREFIXES = (".", "~$", "_")
_IGNORED_SUFFIXES = (
    ".part",
    ".partial",
    ".tmp",
    ".crdownload",
    ".download",
    ".yml",
    ".yaml",
    ".md",
)


def pending_files(settings: Settings, source: str) -> list[Path]:
    """Files waiting in <home>/inbox/<source>/ and its folders, in processing order (modification
    time, name).

    Hidden files and folders, Office lock files (~$...), files starting with '_', partial
    downloads and mapping files (mapping.yml: they say how to read the data files beside them)
    are not picked up. Links, devices and fifos are listed (never followed or opened):
    ingest_files refuses them with a receipt (inbox_guard); a link to a folder is not walked."""
    files: list[Path] = []
    top = settings.inbox_for(source)
    folders = [top]
    while folders:
        folder = folders.pop()
        # a linked source folder is listed so that each of its files is refused by name (it
        # resolves outside the inbox); a linked sub-folder is itself an entry, refused as a link
        if not folder.is_dir() or (folder.is_symlink() and folder != top):
            continue
        with os.scandir(folder) as scan:
            folders += [
                Path(e.path)
                for e in scan
                if e.is_dir(follow_symlinks=False) and not e.name.startswith(_IGNORED_PREFIXES)
            ]
        files += [
            p
            for p in inbox_guard.inbox_entries(folder)
            if not p.name.startswith(_IGNORED_PREFIXES)
            and not p.name.lower().endswith(_IGNORED_SUFFIXES)
        ]
    return R.sort_files(files)


def mapping_for(settings: Settings, source: str, path: Path) -> Path | None:
    """The mapping.yml that applies to an inbox file: the nearest one in its folder or a folder
    above it, up to inbox/<source>/ (a mapping directly in inbox/<source>/ applies to all)."""
    top = settings.inbox_for(source).absolute()
    folder = path.absolute().parent
    while True:
        for name in MAPPING_FILE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        if folder == top or top not in folder.parents:
            return None
        folder = folder.parent


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
        files = _drop_reported_refusals(con, source, pending_files(settings, source), settings)
        for mapping, group in _runs_by_mapping(settings, source, files):
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


def _runs_by_mapping(
    settings: Settings, source: str, files: list[Path]
) -> list[tuple[Path | None, list[Path]]]:
    """Consecutive files (in processing order) read with the same mapping, so that the latest
    file still wins across folders with different mappings."""
    runs: list[tuple[Path | None, list[Path]]] = []
    for path in files:
        mapping = mapping_for(settings, source, path)
        if runs and runs[-1][0] == mapping:
            runs[-1][1].append(path)
        else:
            runs.append((mapping, [path]))
    return runs


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
    paths, refused = _refuse_irregular(con, source, paths, settings, timezone)
    receipts += refused
    try:
        # a private folder (transcoded copies hold personal data in clear), named after this
        # process so that the next run removes it if this one is killed
        tmp = housekeeping.new_temp_dir()
        try:
            files = _plan(con, contract.source, [Path(p) for p in paths], layout, timezone)
            if refuse is not None:
                for f in files:
                    f.rejected, f.already, f.duplicate_of = refuse, False, None
            statuses: dict[str, FileReceipt] = {}
            for group in _batches(files):
                ctx = IngestContext(
                    profile=profile,
                    timezone=timezone,
                    secret=settings.hashing_secret(),
                    mapping=layout,
                    tmpdir=tmp,
                    now=_batch_now(con, timezone),
                )
                receipts += _run_batch(con, contract.source, group, ctx, settings, statuses)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if restore_order:
            con.execute("SET preserve_insertion_order = false")
    return receipts


# --- refusing what is not a regular file -------------------------------------------------------


def _refuse_irregular(
    con: duckdb.DuckDBPyConnection,
    source: str,
    paths: Sequence[Path],
    settings: Settings,
    timezone: str,
) -> tuple[list[Path], list[FileReceipt]]:
    """(the paths that may be read, receipts of the others). A refusal is written to the ingest
    log once per identity (inbox_guard.Refusal.identity); its receipt is returned every time."""
    keep: list[Path] = []
    refusals: list[inbox_guard.Refusal] = []
    for path in paths:
        refusal = inbox_guard.check(Path(path), settings.inbox)
        if refusal is None:
            keep.append(Path(path))
        else:
            log.warning("refused %s: %s", path, refusal.detail)
            refusals.append(refusal)
    if not refusals:
        return keep, []
    now = _batch_now(con, timezone)
    reported = _reported(con, source, [r.identity for r in refusals])
    receipts = []
    for refusal in refusals:
        reason = FileRejected("not_a_regular_file", value=refusal.detail)
        receipt = FileReceipt(
            file=str(refusal.path),
            sha256=refusal.identity,
            source=source,
            status="refused",
            error_code=reason.code,
            error=reason.text("en"),
            error_ar=reason.text("ar"),
            started_at=now,
            finished_at=now,
            batch_id=f"refused-{refusal.identity[:16]}",
        )
        receipt.message = describe(receipt)
        receipts.append(receipt)
    new = [r for r in receipts if r.sha256 not in reported]
    if new:
        con.execute("BEGIN TRANSACTION")
        try:
            _write_log(con, new)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return keep, receipts


def _reported(con: duckdb.DuckDBPyConnection, source: str, identities: list[str]) -> set[str]:
    if not identities:
        return set()
    return {
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT sha256 FROM {SCHEMA}.ingest_log WHERE source = ? "
            "AND status = 'refused' AND sha256 IN (SELECT unnest(?))",
            [source, identities],
        ).fetchall()
    }


def _drop_reported_refusals(
    con: duckdb.DuckDBPyConnection, source: str, paths: list[Path], settings: Settings
) -> list[Path]:
    """The inbox's pending files without the refused entries already reported: a link left in
    the inbox gets one receipt, not one per build."""
    identities = {
        p: refusal.identity
        for p in paths
        if (refusal := inbox_guard.check(p, settings.inbox)) is not None
    }
    reported = _reported(con, source, list(identities.values()))
    return [p for p in paths if identities.get(p) not in reported]


# --- planning --------------------------------------------------------------------------------


def _local_now(timezone: str) -> dt.datetime:
    return dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)


def _batch_now(con: duckdb.DuckDBPyConnection, timezone: str) -> dt.datetime:
    """The time stamped on a batch's rows (_ingested_at, quarantined_at, finished_at): local
    time, but always later than any earlier batch's, so that "ingested since the last build"
    (dbt's incremental models) never misses a batch — not when the clock goes back an hour at
    the end of daylight saving time, nor for two batches within the clock's resolution."""
    now = _local_now(timezone)
    last = con.execute(f"SELECT max(finished_at) FROM {SCHEMA}.ingest_log").fetchall()[0][0]
    if last is not None and now <= last:
        now = last + dt.timedelta(microseconds=1)
    return now


def _ensure_insertion_order(con: duckdb.DuckDBPyConnection) -> bool:
    value = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    if str(value).lower() in ("false", "0"):
        con.execute("SET preserve_insertion_order = true")
        return True
    return False


def _plan(con, source, paths, layout, timezone) -> list[BatchFile]:
    contract = CONTRACTS[source]
    files: list[BatchFile] = []
    for idx, path in enumerate(R.sort_files(paths)):
        started = _local_now(timezone)
        bf = BatchFile(
            idx=idx,
            path=path,
            fmt="",
            sha256="",
            size=0,
            encoding=None,
            transcode=False,
            started_at=started,
        )
        files.append(bf)
        try:
            bf.fmt = R.detect_format(path)
        except FileRejected as exc:
            bf.rejected = exc
        try:
            fp = R.fingerprint(path, bf.fmt or "binary", layout.encoding if layout else None)
            bf.sha256, bf.size, bf.encoding, bf.transcode = (
                fp.sha256,
                fp.size,
                fp.encoding,
                fp.transcode,
            )
        except FileRejected as exc:
            bf.rejected = bf.rejected or exc
            bf.sha256 = _sha_or_blank(path)
        except OSError as exc:
            bf.rejected = FileRejected(
                "unreadable", column=bf.fmt or "file", value=exc.strerror or str(exc)
            )
    shas = sorted({f.sha256 for f in files if f.sha256})
    digest = layout.digest if layout else None
    loaded: set[str] = set()  # loaded before with this mapping (or none, as now)
    loaded_other: set[str] = set()  # loaded before with another mapping: this load replaces it
    if shas:
        for sha, same in con.execute(
            f"SELECT sha256, bool_or(mapping_sha256 IS NOT DISTINCT FROM ?) "
            f"FROM {SCHEMA}.ingest_log "
            "WHERE source = ? AND status = 'loaded' AND superseded_at IS NULL "
            "AND sha256 IN (SELECT unnest(?)) GROUP BY sha256",
            [digest, source, shas],
        ).fetchall():
            (loaded if same else loaded_other).add(sha)
    first_of: dict[str, int] = {}
    for f in files:
        if f.rejected:
            continue
        if f.sha256 in loaded:
            f.already = True
            continue
        f.replaces = f.sha256 in loaded_other
        if f.sha256 in first_of:
            f.duplicate_of = first_of[f.sha256]
            continue
        first_of[f.sha256] = f.idx
        if f.fmt == "csv" and f.size:
            try:
                f.layout = R.probe_csv(f.path, f.encoding or "utf-8", contract, layout)
            except FileRejected as exc:
                f.rejected = exc
            except (OSError, UnicodeDecodeError) as exc:
                f.rejected = FileRejected("undecodable", value=str(exc)[:200])
    return files


def _sha_or_blank(path: Path) -> str:
    try:
        return R.fingerprint(path, "binary").sha256
    except OSError:
        return ""


def _batches(files: list[BatchFile]) -> list[list[BatchFile]]:
    batches: list[list[BatchFile]] = []
    current: list[BatchFile] = []
    size = 0
    for f in files:
        live = not f.rejected and not f.already
        if (
            current
            and live
            and (size + f.size > BATCH_MAX_BYTES or len(current) >= BATCH_MAX_FILES)
        ):
            batches.append(current)
            current, size = [], 0
        current.append(f)
        size += f.size if live else 0
    if current:
        batches.append(current)
    return batches


# --- running a batch -----------------------------------------------------------------------------


def _run_batch(
    con: duckdb.DuckDBPyConnection,
    source: str,
    files: list[BatchFile],
    ctx: IngestContext,
    settings: Settings,
    statuses: dict[str, FileReceipt],
) -> list[FileReceipt]:
    live = [f for f in files if not f.rejected and not f.already and f.duplicate_of is None]
    try:
        return _attempt_batch(con, source, files, live, ctx, settings, statuses)
    except (KeyboardInterrupt, SystemExit, MemoryError, duckdb.OutOfMemoryException):
        raise  # the machine, not the file: nothing is committed or archived, the next run retries
    except Exception as exc:
        if isinstance(exc, duckdb.IOException) and all(f.path.exists() for f in live):
            raise  # the warehouse or temp storage (disk full...), not a file
        if len(live) <= 1:
            if not live:
                raise
            log.exception("ingesting %s failed", live[0].path)
            live[0].rejected = FileRejected(
                "unreadable", column=live[0].fmt or "file", value=R._first_line(exc)
            )
            return _attempt_batch(con, source, files, [], ctx, settings, statuses)
        log.warning(
            "batch of %d files failed (%s); retrying file by file", len(live), R._first_line(exc)
        )
        receipts: list[FileReceipt] = []
        for f in files:
            receipts += _run_batch(con, source, [f], ctx, settings, statuses)
        return receipts


def _attempt_batch(
    con: duckdb.DuckDBPyConnection,
    source: str,
    files: list[BatchFile],
    live: list[BatchFile],
    ctx: IngestContext,
    settings: Settings,
    statuses: dict[str, FileReceipt],
) -> list[FileReceipt]:
    contract = CONTRACTS[source]
    batch = Batch(con, contract, live, ctx)
    main_counts: dict[int, tuple[int, int, int, int]] = {}
    child_counts: dict[int, tuple[int, int, int, int]] = {}
    validations = []
    in_transaction = False
    removed = 0
    try:
        if live:
            log.info("%s: staging %d file(s)", source, len(live))
            batch.stage()
            _decide_date_orders(batch, live, ctx)
            _files_table(con, live)
            con.register("_mz_reasons_arrow", reasons_table())
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _mz_reasons AS SELECT * FROM _mz_reasons_arrow"
            )
            con.unregister("_mz_reasons_arrow")
            headers = {f.idx: (_csv_headers(f) if f.layout else f.headers) for f in live}
            fail, validation = batch.prepare(contract, batch.stage_main, headers)
            batch.decide(contract, fail)
            main_counts = batch.counts(source, fail)
            validations.append(validation)
            child = batch.child_contract
            if child is not None and any(f.has_children for f in live if not f.rejected):
                child_fail, child_validation = batch.prepare(
                    child, batch.stage_child, {f.idx: f.child_headers for f in live}
                )
                batch.decide(child, child_fail)
                child_counts = batch.counts(child.source, child_fail)
                validations.append(child_validation)
            else:
                child = None
        receipts = _receipts(files, source, main_counts, child_counts, batch, ctx, statuses)
        if ctx.mapping is not None:
            for r in receipts:
                r.mapping = ctx.mapping.label
                r.mapping_sha256 = ctx.mapping.digest or None
        archive = _archive_plan(files, receipts, settings, source)
        for r in receipts:
            r.archive_path = str(archive[r.file]) if r.file in archive else None
            r.finished_at = ctx.now
        log.info("%s: writing %d file(s) in one transaction", source, len(files))
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        if live:
            removed = _supersede(
                con, source, batch, [f for f in live if f.replaces and not f.rejected], ctx
            )
            batch.write(contract, batch.stage_main, f"_mz_{source}_fail", batch.verbatim_groups)
            if child is not None:
                batch.write(child, batch.stage_child, f"_mz_{child.source}_fail", [])
        _write_log(con, receipts)
        _write_validation(con, validations, ctx)
        con.execute("COMMIT")
        in_transaction = False
        if removed:
            marker = needs_full_refresh(settings)
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(f"{removed} {source} record(s) removed by a replaced load\n")
        log.info("%s: committed %d file(s)", source, len(files))
    except BaseException:
        if in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        batch.drop_temp()
    for r in receipts:
        statuses.setdefault(r.sha256 + ":" + r.source, r)
    _archive(files, archive, settings.inbox, settings.archive)
    return receipts


def _decide_date_orders(batch: Batch, live: list[BatchFile], ctx: IngestContext) -> None:
    """Day first or month first, per file and date column (`dateorder`): files whose order is
    ambiguous and undeclared, or contradictory, are refused before anything is parsed."""
    stages = [(batch.contract, batch.stage_main, ctx.mapping)]
    if batch.child_contract is not None and batch.stage_child is not None:
        stages.append((batch.child_contract, batch.stage_child, None))
    for contract, stage, mapping in stages:
        stage.flush()
        mdy, decisions, refused = dateorder.decide_batch(
            batch.con, stage.name, contract, live, mapping, ctx.profile.date_order
        )
        batch.mdy_files[contract.source] = mdy
        for f in live:
            if f.idx in refused and not f.rejected:
                f.rejected = refused[f.idx]
                batch.stage_main.drop_file(f.idx)
                if batch.stage_child is not None:
                    batch.stage_child.drop_file(f.idx)
            elif f.idx in decisions and contract is batch.contract:
                f.date_orders = decisions[f.idx]


def _supersede(
    con: duckdb.DuckDBPyConnection,
    source: str,
    batch: Batch,
    files: list[BatchFile],
    ctx: IngestContext,
) -> int:
    """A re-sent file (same bytes, another mapping) replaces its earlier load: the earlier load's
    quarantined rows move to raw.quarantine_superseded, its log rows are marked superseded, and
    the records it loaded that the new load does not hold are removed (and dbt's row facts are
    rebuilt in full on the next build, `needs_full_refresh`). Inside the write transaction."""
    if not files:
        return 0
    contract = CONTRACTS[source]
    sources = [source] + ([batch.child_contract.source] if batch.child_contract else [])
    key = sqlfuncs.ident(contract.natural_key)
    removed = 0
    for f in files:
        params = {"sha": f.sha256, "sources": sources, "now": ctx.now, "batch": ctx.batch_id}
        con.execute(
            f"INSERT INTO {SCHEMA}.quarantine_superseded BY NAME "
            "SELECT *, $now AS superseded_at, $batch AS superseded_by_batch "
            f"FROM {SCHEMA}.quarantine WHERE file_sha256 = $sha AND list_contains($sources, source)",
            params,
        )
        con.execute(
            f"DELETE FROM {SCHEMA}.quarantine "
            "WHERE file_sha256 = $sha AND list_contains($sources, source)",
            {"sha": f.sha256, "sources": sources},
        )
        con.execute(
            f"UPDATE {SCHEMA}.ingest_log SET superseded_at = $now WHERE sha256 = $sha "
            "AND list_contains($sources, source) AND status = 'loaded' AND superseded_at IS NULL",
            {"sha": f.sha256, "sources": sources, "now": ctx.now},
        )
        removed += con.execute(
            f"DELETE FROM {SCHEMA}.{source} WHERE _file_sha256 = $sha AND {key} NOT IN "
            f"(SELECT _key FROM _mz_{source}_class WHERE _file_idx = $idx)",
            {"sha": f.sha256, "idx": f.idx},
        ).fetchall()[0][0]
    return removed


FULL_REFRESH_MARKER = "full_refresh_needed"


def needs_full_refresh(settings: Settings) -> Path:
    """The marker file a replaced load leaves when it removed records: dbt's incremental row
    facts only add and update, so the next `dbt build` runs with --full-refresh (and removes it)."""
    return settings.runs_dir / FULL_REFRESH_MARKER


def _csv_headers(f: BatchFile) -> dict[str, str]:
    header = f.layout.header  # type: ignore[union-attr]
    return header.field_headers


def _files_table(con: duckdb.DuckDBPyConnection, live: list[BatchFile]) -> None:
    table = pa.table(
        {
            "_file_idx": pa.array([f.idx for f in live], pa.int32()),
            "file_path": [str(f.path) for f in live],
            "file_name": [f.path.name for f in live],
            "sha256": [f.sha256 for f in live],
            "width": pa.array(
                [len(f.layout.header.columns) if f.layout else f.width for f in live], pa.int32()
            ),
        }
    )
    con.register("_mz_files_arrow", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _mz_files AS SELECT * FROM _mz_files_arrow")
    finally:
        con.unregister("_mz_files_arrow")


def _receipts(
    files: list[BatchFile],
    source: str,
    main_counts: dict,
    child_counts: dict,
    batch: Batch,
    ctx: IngestContext,
    statuses: dict[str, FileReceipt],
) -> list[FileReceipt]:
    receipts: list[FileReceipt] = []
    by_idx = {f.idx: f for f in files}
    child_source = batch.child_contract.source if batch.child_contract else None
    for f in files:
        if f.already:
            r = FileReceipt(
                file=str(f.path),
                sha256=f.sha256,
                source=source,
                status="already_ingested",
                started_at=f.started_at,
                batch_id=ctx.batch_id,
            )
            r.message = describe(r)
            receipts.append(r)
            continue
        original = f.duplicate_of
        if original is not None:
            first = by_idx.get(original)
            first_receipt = statuses.get(f.sha256 + ":" + source)
            rejected = first.rejected if first is not None else None
            if (
                rejected is None
                and first_receipt is not None
                and first_receipt.status == "rejected"
            ):
                rejected = FileRejected(first_receipt.error_code or "unreadable")
            if rejected is not None:
                f.rejected = rejected
                receipts.append(receipt_for(f, source, None, ctx))
            else:
                r = FileReceipt(
                    file=str(f.path),
                    sha256=f.sha256,
                    source=source,
                    status="already_ingested",
                    started_at=f.started_at,
                    batch_id=ctx.batch_id,
                )
                r.message = "Same content as another file of this run; loaded once."
                receipts.append(r)
            continue
        receipts.append(receipt_for(f, source, main_counts.get(f.idx, (0, 0, 0, 0)), ctx))
        if child_source and f.has_children:
            receipts.append(
                receipt_for(f, child_source, child_counts.get(f.idx, (0, 0, 0, 0)), ctx)
            )
    return receipts


def _write_log(con: duckdb.DuckDBPyConnection, receipts: list[FileReceipt]) -> None:
    if not receipts:
        return
    columns = {
        "file_path": [r.file for r in receipts],
        "file_name": [Path(r.file).name for r in receipts],
        "sha256": [r.sha256 for r in receipts],
        "source": [r.source for r in receipts],
        "rows_in": pa.array([r.rows_in for r in receipts], pa.int64()),
        "loaded": pa.array([r.loaded for r in receipts], pa.int64()),
        "rejected": pa.array([r.rejected for r in receipts], pa.int64()),
        "unchanged": pa.array([r.unchanged for r in receipts], pa.int64()),
        "status": [r.status for r in receipts],
        "error_code": pa.array([r.error_code for r in receipts], pa.string()),
        "error": pa.array([r.error for r in receipts], pa.string()),
        "error_ar": pa.array([r.error_ar for r in receipts], pa.string()),
        "message": pa.array([r.message for r in receipts], pa.string()),
        "archive_path": pa.array([r.archive_path for r in receipts], pa.string()),
        "batch_id": [r.batch_id or "" for r in receipts],
        "started_at": pa.array([r.started_at for r in receipts], pa.timestamp("us")),
        "finished_at": pa.array([r.finished_at for r in receipts], pa.timestamp("us")),
        "mapping_sha256": pa.array([r.mapping_sha256 for r in receipts], pa.string()),
        "date_orders": pa.array(
            [
                json.dumps(r.date_orders, ensure_ascii=False) if r.date_orders else None
                for r in receipts
            ],
            pa.string(),
        ),
        "columns_present": pa.array(
            [
                "|".join(r.columns_present) if r.columns_present is not None else None
                for r in receipts
            ],
            pa.string(),
        ),
    }
    con.register("_mz_log_arrow", pa.table(columns))
    try:
        con.execute(f"INSERT INTO {SCHEMA}.ingest_log BY NAME SELECT * FROM _mz_log_arrow")
    finally:
        con.unregister("_mz_log_arrow")


def _write_validation(
    con: duckdb.DuckDBPyConnection, validations: list, ctx: IngestContext
) -> None:
    rows = [
        (
            ctx.batch_id,
            v.source,
            ctx.now,
            o.spec.expectation,
            o.spec.column,
            o.spec.reason,
            o.success,
            o.element_count,
            o.unexpected_count,
        )
        for v in validations
        if v.rows
        for o in v.outcomes
    ]
    if rows:
        con.executemany(
            f"INSERT INTO {SCHEMA}.ingest_validation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )


# --- archive -------------------------------------------------------------------------------------


def _archive_plan(
    files: list[BatchFile], receipts: list[FileReceipt], settings: Settings, source: str
) -> dict[str, Path]:
    """Where each file of the batch goes after the commit (decided before it, for the log)."""
    folder = settings.archive / source
    plan: dict[str, Path] = {}
    taken: set[Path] = set()
    for f in files:
        if not f.path.exists() or str(f.path) in plan:
            continue
        target = folder / f.path.name
        if (target.exists() and not _same_file(target, f.sha256)) or target in taken:
            target = folder / f"{f.path.stem}.{(f.sha256 or 'nohash')[:8]}{f.path.suffix}"
            n = 2
            while (target.exists() and not _same_file(target, f.sha256)) or target in taken:
                target = folder / f"{f.path.stem}.{(f.sha256 or 'nohash')[:8]}-{n}{f.path.suffix}"
                n += 1
        taken.add(target)
        plan[str(f.path)] = target
    return plan


def _same_file(path: Path, sha256: str) -> bool:
    try:
        return bool(sha256) and R.fingerprint(path, "binary").sha256 == sha256
    except OSError:
        return False


def _archive(
    files: list[BatchFile], plan: dict[str, Path], inbox: Path, archive_root: Path
) -> None:
    """Move inbox files (copy others) to their planned archive path, after the commit; the
    archive is owner-only (housekeeping.archive_file)."""
    inbox = inbox.resolve()
    for f in files:
        target = plan.get(str(f.path))
        if target is None:
            continue
        try:
            in_inbox = inbox in f.path.resolve().parents
            if target.exists():  # identical content already archived
                if in_inbox:
                    f.path.unlink()
                continue
            housekeeping.archive_file(f.path, target, archive_root, move=in_inbox)
        except OSError:
            log.exception("could not archive %s to %s", f.path, target)


# --- reading back ------------------------------------------------------------------------------


def validation_summary(con: duckdb.DuckDBPyConnection, source: str) -> dict:
    """The latest Great Expectations batch of a source, for a Dagster asset check: success, rows,
    each expectation's outcome, the quarantine of that batch by reason and its file statuses."""
    ensure_raw_schema(con)
    latest = con.execute(
        f"SELECT batch_id, max(validated_at) FROM {SCHEMA}.ingest_validation WHERE source = ? "
        "GROUP BY batch_id ORDER BY 2 DESC, 1 LIMIT 1",
        [source],
    ).fetchall()
    summary: dict = {
        "source": source,
        "batch_id": None,
        "validated_at": None,
        "rows": 0,
        "success": True,
        "expectations": [],
        "quarantined_by_reason": {},
        "files": {},
    }
    if not latest:
        return summary
    batch_id, validated_at = latest[0]
    expectations = con.execute(
        f"SELECT expectation, column_name, reason, success, element_count, unexpected_count "
        f"FROM {SCHEMA}.ingest_validation WHERE batch_id = ? AND source = ? ORDER BY rowid",
        [batch_id, source],
    ).fetchall()
    summary.update(
        batch_id=batch_id,
        validated_at=validated_at,
        rows=max((e[4] for e in expectations), default=0),
        success=all(e[3] for e in expectations),
        expectations=[
            dict(
                zip(
                    (
                        "expectation",
                        "column",
                        "reason",
                        "success",
                        "element_count",
                        "unexpected_count",
                    ),
                    e,
                    strict=True,
                )
            )
            for e in expectations
        ],
    )
    summary["quarantined_by_reason"] = dict(
        con.execute(
            f"SELECT reason, count(*) FROM {SCHEMA}.quarantine "
            "WHERE batch_id = ? AND source = ? GROUP BY ALL ORDER BY 1",
            [batch_id, source],
        ).fetchall()
    )
    summary["files"] = dict(
        con.execute(
            f"SELECT status, count(*) FROM {SCHEMA}.ingest_log "
            "WHERE batch_id = ? AND source = ? GROUP BY ALL ORDER BY 1",
            [batch_id, source],
        ).fetchall()
    )
    return summary


def quarantine_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str | None = None,
    source: str | None = None,
    lang: str = "en",
    region: str | None = None,
    files: bool = True,
) -> list[dict]:
    """Quarantined rows, newest first, optionally for one file (path, name or sha256), source or
    region. Each row carries its own region (`region_code`, None when it did not resolve);
    `region=""` asks for the unattributed rows.

    With `files`, files refused whole are listed too (row_number NULL, region_code NULL, the
    file's reason), unless the same bytes were loaded since. Rows of a load that a re-sent file
    replaced (raw.quarantine_superseded) are not current and not listed."""
    where, params = [], []
    if region is not None:
        where.append("coalesce(region_code, '') = ?")
        params.append(region)
    if file:
        where.append("(file_path = ? OR file_name = ? OR file_sha256 = ? OR file_path LIKE ?)")
        params += [file, Path(file).name, file, f"%/{Path(file).name}"]
    if source:
        where.append("source = ?")
        params.append(source)
    text = "reason_ar" if lang == "ar" else "reason_en"
    refused = ""
    if files:
        error = "error_ar" if lang == "ar" else "error"
        refused = f"""
UNION ALL
SELECT source, file_name, file_path, file_sha256, row_number, record_key, reason, column_name,
    value, reason_text, row_json, quarantined_at, region_code
FROM (
    SELECT l.source, l.file_name, l.file_path, l.sha256 AS file_sha256,
        CAST(NULL AS BIGINT) AS row_number, CAST(NULL AS VARCHAR) AS record_key,
        coalesce(l.error_code, 'unreadable') AS reason, CAST(NULL AS VARCHAR) AS column_name,
        CAST(NULL AS VARCHAR) AS value, coalesce(l.{error}, l.error) AS reason_text,
        CAST(NULL AS VARCHAR) AS row_json, l.finished_at AS quarantined_at,
        CAST(NULL AS VARCHAR) AS region_code
    FROM {SCHEMA}.ingest_log l
    WHERE l.status = 'rejected' AND NOT EXISTS (
        SELECT 1 FROM {SCHEMA}.ingest_log k
        WHERE k.source = l.source AND k.sha256 = l.sha256 AND k.status = 'loaded'
            AND k.finished_at > l.finished_at
    )
    QUALIFY row_number() OVER (PARTITION BY l.source, l.sha256, l.file_path
                               ORDER BY l.finished_at DESC) = 1
)"""
    rows = con.execute(
        "SELECT * FROM (SELECT source, file_name, file_path, file_sha256, row_number, "
        "record_key, reason, column_name, value, "
        f"{text} AS reason_text, row_json, quarantined_at, region_code FROM {SCHEMA}.quarantine"
        + refused
        + ") "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY quarantined_at DESC, source, file_name, row_number NULLS FIRST",
        params,
    )
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]
