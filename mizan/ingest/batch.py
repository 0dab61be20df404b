"""Running one batch: the files of one source (and the actions nested in meetings JSON) taken
through staging (`staging`) → date orders, normalise, validate, decide (`decide`) → receipts →
writes (`writing`), the writes in ONE DuckDB transaction, then the archive (`archive`)."""

from __future__ import annotations

import logging

import duckdb

from mizan.ingest import decide, writing
from mizan.ingest import readers as R
from mizan.ingest.archive import archive_files, archive_plan
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.ingest.headers import FileRejected
from mizan.ingest.plan import BatchFile, IngestContext
from mizan.ingest.receipts import FileReceipt, batch_receipts
from mizan.ingest.sqlfuncs import ident
from mizan.ingest.staging import Staging
from mizan.settings import Settings

log = logging.getLogger(__name__)


def run_batch(
    con: duckdb.DuckDBPyConnection,
    source: str,
    files: list[BatchFile],
    ctx: IngestContext,
    settings: Settings,
    statuses: dict[str, FileReceipt],
) -> list[FileReceipt]:
    """Ingest a batch of one source's files; one receipt per file (see receipts.batch_receipts).
    A batch that fails is retried file by file, and a file that fails alone is rejected whole."""
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
            receipts += run_batch(con, source, [f], ctx, settings, statuses)
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
    staging = Staging(con, contract, live, ctx)
    main_counts: dict[int, tuple[int, int, int, int]] = {}
    child_counts: dict[int, tuple[int, int, int, int]] = {}
    validations = []
    child: Contract | None = None
    in_transaction = False
    removed = 0
    try:
        if live:
            log.info("%s: staging %d file(s)", source, len(live))
            staging.stage()
            mdy_files = decide.date_orders(staging, live, ctx)
            writing.register_files(con, live)
            writing.register_reasons(con)
            headers = {f.idx: (_csv_headers(f) if f.layout else f.headers) for f in live}
            fail, validation = decide.prepare(
                con,
                ctx,
                contract,
                staging.stage_main,
                headers,
                mapping=ctx.mapping,
                excluded=_excluded(live),
                mdy_files=mdy_files.get(source),
            )
            decide.classify(con, contract, fail)
            main_counts = decide.counts(con, source, fail)
            validations.append(validation)
            child = staging.child_contract
            if child is not None and any(f.has_children for f in live if not f.rejected):
                assert staging.stage_child is not None
                child_fail, child_validation = decide.prepare(
                    con,
                    ctx,
                    child,
                    staging.stage_child,
                    {f.idx: f.child_headers for f in live},
                    mapping=None,
                    excluded=_excluded(live),
                    mdy_files=mdy_files.get(child.source),
                )
                decide.classify(con, child, child_fail)
                child_counts = decide.counts(con, child.source, child_fail)
                validations.append(child_validation)
            else:
                child = None
        child_source = staging.child_contract.source if staging.child_contract else None
        receipts = batch_receipts(
            files, source, child_source, main_counts, child_counts, ctx, statuses
        )
        if ctx.mapping is not None:
            for r in receipts:
                r.mapping = ctx.mapping.label
                r.mapping_sha256 = ctx.mapping.digest or None
        planned = archive_plan(files, settings, source)
        for r in receipts:
            r.archive_path = str(planned[r.file]) if r.file in planned else None
            r.finished_at = ctx.now
        log.info("%s: writing %d file(s) in one transaction", source, len(files))
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        if live:
            removed = writing.supersede(
                con,
                source,
                child_source,
                [f for f in live if f.replaces and not f.rejected],
                ctx,
            )
            writing.write_source(
                con,
                ctx,
                contract,
                staging.stage_main,
                f"_mz_{source}_fail",
                staging.verbatim_groups,
            )
            if child is not None:
                assert staging.stage_child is not None
                writing.write_source(
                    con, ctx, child, staging.stage_child, f"_mz_{child.source}_fail", []
                )
        writing.write_log(con, receipts)
        writing.write_validation(con, validations, ctx)
        con.execute("COMMIT")
        in_transaction = False
        if removed:
            marker = writing.needs_full_refresh(settings)
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(f"{removed} {source} record(s) removed by a replaced load\n")
        log.info("%s: committed %d file(s)", source, len(files))
    except BaseException:
        if in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        _drop_temp(con)
    for r in receipts:
        statuses.setdefault(r.sha256 + ":" + r.source, r)
    archive_files(files, planned, settings.inbox, settings.archive)
    return receipts


def _excluded(live: list[BatchFile]) -> tuple[int, ...]:
    """The files refused since staging began: their staged rows are left out."""
    return tuple(f.idx for f in live if f.rejected)


def _csv_headers(f: BatchFile) -> dict[str, str]:
    header = f.layout.header  # type: ignore[union-attr]
    return header.field_headers


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE temporary AND table_name LIKE '\\_mz\\_%' ESCAPE '\\'"
        ).fetchall()
    ]
    for name in names:
        con.execute(f"DROP TABLE IF EXISTS temp.{ident(name)}")
