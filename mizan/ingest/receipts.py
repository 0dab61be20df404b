"""What a data steward gets back for each file: the receipt."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

# refused: not a regular file inside the inbox (a link, a device, a fifo, anything resolving
# outside it); never opened, read or archived (see mizan.ingest.inbox_guard)
STATUSES = ("loaded", "already_ingested", "rejected", "refused")


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
    status: str = "loaded"  # loaded | already_ingested | rejected | refused
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
