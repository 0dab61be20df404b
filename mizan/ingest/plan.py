"""Which files a run reads, and how: the inbox's pending files, the mapping each is read with,
each file's identity (sha256 and mapping digest: already loaded, replacing an earlier load, or a
repeat within the run) and the batches they are written in."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from mizan.ingest import inbox_guard
from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected
from mizan.ingest.mapping import MAPPING_FILE_NAMES, LayoutMapping
from mizan.ingest.store import SCHEMA
from mizan.org import OrgProfile
from mizan.settings import Settings

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


@dataclass
class IngestContext:
    profile: OrgProfile
    timezone: str
    secret: str
    mapping: LayoutMapping | None
    tmpdir: Path
    now: dt.datetime  # stamped on the batch's rows (batch_now)
    batch_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class BatchFile:
    idx: int
    path: Path
    fmt: str
    sha256: str
    size: int
    encoding: str | None
    transcode: bool
    started_at: dt.datetime
    layout: R.CsvLayout | None = None
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as sent
    child_headers: dict[str, str] = field(default_factory=dict)
    rejected: FileRejected | None = None
    has_children: bool = False
    width: int = 0
    already: bool = False  # the same bytes were loaded before
    duplicate_of: int | None = None  # the same bytes appear earlier in this run
    duck_path: Path | None = None  # the UTF-8 file DuckDB reads (a transcoded copy or the file)
    replaces: bool = False  # the same bytes were loaded before with another mapping
    date_orders: dict = field(default_factory=dict)  # date field -> dateorder.Decision


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


def runs_by_mapping(
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


def _local_now(timezone: str) -> dt.datetime:
    return dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)


def batch_now(con: duckdb.DuckDBPyConnection, timezone: str) -> dt.datetime:
    """The time stamped on a batch's rows (_ingested_at, quarantined_at, finished_at): local
    time, but always later than any earlier batch's, so that "ingested since the last build"
    (dbt's incremental models) never misses a batch — not when the clock goes back an hour at
    the end of daylight saving time, nor for two batches within the clock's resolution."""
    now = _local_now(timezone)
    last = con.execute(f"SELECT max(finished_at) FROM {SCHEMA}.ingest_log").fetchall()[0][0]
    if last is not None and now <= last:
        now = last + dt.timedelta(microseconds=1)
    return now


def plan_files(
    con: duckdb.DuckDBPyConnection,
    source: str,
    paths: list[Path],
    layout: LayoutMapping | None,
    timezone: str,
) -> list[BatchFile]:
    """The files in processing order, each with its identity and, for a CSV file to read, its
    layout; a file that cannot be read carries its reason (`rejected`)."""
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


def batches(files: list[BatchFile]) -> list[list[BatchFile]]:
    """Consecutive files, split where the files to read exceed BATCH_MAX_BYTES or
    BATCH_MAX_FILES: a batch is staged at once and written in one transaction."""
    groups: list[list[BatchFile]] = []
    current: list[BatchFile] = []
    size = 0
    for f in files:
        live = not f.rejected and not f.already
        if (
            current
            and live
            and (size + f.size > BATCH_MAX_BYTES or len(current) >= BATCH_MAX_FILES)
        ):
            groups.append(current)
            current, size = [], 0
        current.append(f)
        size += f.size if live else 0
    if current:
        groups.append(current)
    return groups
