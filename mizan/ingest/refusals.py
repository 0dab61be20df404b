"""Entries refused before anything is read: links, devices, fifos, anything resolving outside
the inbox (`inbox_guard`). Each gets a receipt every time it is offered, and one ingest log row
per identity, so that a link left in the inbox is not reported again on every build."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import duckdb

from mizan.ingest import inbox_guard
from mizan.ingest.headers import FileRejected
from mizan.ingest.plan import batch_now
from mizan.ingest.receipts import FileReceipt, describe
from mizan.ingest.store import SCHEMA
from mizan.ingest.writing import write_log
from mizan.settings import Settings

log = logging.getLogger(__name__)


def refuse_irregular(
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
    now = batch_now(con, timezone)
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
            write_log(con, new)
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


def drop_reported_refusals(
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
