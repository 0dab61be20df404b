"""What a data steward gets back for each file: the receipt."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected
from mizan.ingest.plan import BatchFile, IngestContext


@dataclass
class FileReceipt:
    """The outcome of one file attempt for one source (a meetings JSON file with nested actions
    gets a second receipt for meeting_actions). rows_in = loaded + rejected + unchanged."""

    file: str
    sha256: str
    source: str
    rows_in: int = 0
    loaded: int = 0
    rejected: int = 0
    unchanged: int = 0
    # loaded | already_ingested | rejected | refused (not a regular file inside the inbox: a
    # link, a device, a fifo, anything resolving outside it; never opened, read or archived)
    status: str = "loaded"
    error: str | None = None  # English; why the whole file was rejected
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    error_code: str | None = None
    error_ar: str | None = None
    message: str | None = None
    archive_path: str | None = None
    batch_id: str | None = None
    mapping: str | None = None  # the mapping file the file was read with
    mapping_sha256: str | None = None  # its digest (part of the file's identity)
    replaced: bool = False  # this load replaced an earlier load of the same bytes
    # date column -> {"order": dmy|mdy|formats, "basis": data|am/pm|mapping|profile|default,
    # "example": a value that settled it}
    date_orders: dict | None = None
    # contract fields the file carried (a header or a mapping constant), sorted; None when the
    # file was not read (rejected before its header, or already ingested)
    columns_present: list[str] | None = None

    def to_json(self) -> str:
        """One JSON object (the CLI prints one per line)."""
        data = {
            "file": self.file,
            "sha256": self.sha256,
            "source": self.source,
            "rows_in": self.rows_in,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "unchanged": self.unchanged,
            "status": self.status,
            "error": self.error,
            "error_code": self.error_code,
            "message": self.message,
            "archive_path": self.archive_path,
            "mapping": self.mapping,
            "replaced": self.replaced,
            "date_orders": self.date_orders or {},
            "columns_present": self.columns_present,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }
        return json.dumps(data, ensure_ascii=False)

    def as_dict(self) -> dict:
        return asdict(self)


def describe(receipt: FileReceipt) -> str:
    """One plain English sentence about the outcome."""
    if receipt.status == "already_ingested":
        return "Already ingested: a file with the same content was loaded before; nothing changed."
    if receipt.status == "rejected":
        return f"Rejected whole, nothing loaded: {receipt.error}"
    if receipt.status == "refused":
        return f"Refused, never opened: {receipt.error}"
    if receipt.rows_in == 0:
        return "Accepted, but the file has no data rows (empty or header only): 0 rows loaded."
    parts = [f"{receipt.loaded} loaded"]
    if receipt.replaced:
        parts.append("replacing its earlier load (read with another mapping)")
    if receipt.rejected:
        parts.append(f"{receipt.rejected} rejected (see raw.quarantine)")
    if receipt.unchanged:
        parts.append(f"{receipt.unchanged} unchanged")
    return f"{receipt.rows_in} rows: " + ", ".join(parts) + "."


def batch_receipts(
    files: list[BatchFile],
    source: str,
    child_source: str | None,
    main_counts: dict[int, tuple[int, int, int, int]],
    child_counts: dict[int, tuple[int, int, int, int]],
    ctx: IngestContext,
    statuses: dict[str, FileReceipt],
) -> list[FileReceipt]:
    """The receipts of a batch's files, in order (a meetings file that nests actions gets a
    second one, for `child_source`). `statuses`: the first receipt of each sha256 and source in
    the run, by "<sha256>:<source>"; a repeat of a file refused in an earlier batch is refused
    the same way."""
    receipts: list[FileReceipt] = []
    by_idx = {f.idx: f for f in files}
    for f in files:
        if f.already:
            receipts.append(_already_ingested(f, source, ctx))
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
                receipts.append(
                    _already_ingested(
                        f, source, ctx, "Same content as another file of this run; loaded once."
                    )
                )
            continue
        receipts.append(receipt_for(f, source, main_counts.get(f.idx, (0, 0, 0, 0)), ctx))
        if child_source and f.has_children:
            receipts.append(
                receipt_for(f, child_source, child_counts.get(f.idx, (0, 0, 0, 0)), ctx)
            )
    return receipts


def _already_ingested(
    f: BatchFile, source: str, ctx: IngestContext, message: str | None = None
) -> FileReceipt:
    receipt = FileReceipt(
        file=str(f.path),
        sha256=f.sha256,
        source=source,
        status="already_ingested",
        started_at=f.started_at,
        batch_id=ctx.batch_id,
    )
    receipt.message = message or describe(receipt)
    return receipt


def receipt_for(
    f: BatchFile, source: str, counts: tuple[int, int, int, int] | None, ctx: IngestContext
) -> FileReceipt:
    receipt = FileReceipt(
        file=str(f.path),
        sha256=f.sha256,
        source=source,
        started_at=f.started_at,
        batch_id=ctx.batch_id,
    )
    if f.rejected:
        receipt.status = "rejected"
        receipt.error_code = f.rejected.code
        receipt.error = f.rejected.text("en")
        receipt.error_ar = f.rejected.text("ar")
    else:
        if counts:
            receipt.rows_in, receipt.loaded, receipt.rejected, receipt.unchanged = counts
            receipt.replaced = f.replaces
        receipt.columns_present = columns_present(f, source)
    if f.date_orders:
        receipt.date_orders = {name: d.as_json() for name, d in f.date_orders.items()}
    receipt.message = describe(receipt)
    return receipt


def columns_present(f: BatchFile, source: str) -> list[str]:
    """The contract fields of `source` a file carried: a recognised header or, for CSV, a constant
    of its mapping. A KPI whose input a file did not carry is *not reported* for the file's
    records (warehouse/README.md, "Not reported")."""
    if f.layout is not None:
        names = set(f.layout.header.present)
    elif source in _NESTED_SOURCES and f.child_headers:
        names = set(f.child_headers)  # the actions nested in a meetings JSON file
    else:
        names = set(f.headers)
    return sorted(names & set(CONTRACTS[source].field_names))


_NESTED_SOURCES = frozenset(child for c in CONTRACTS.values() for child in c.nested.values())
