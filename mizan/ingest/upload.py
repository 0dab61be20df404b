"""A file brought through the app's upload page (a data steward's route into the inbox).

The page adds no way of reading files of its own: it previews with the dry run of `mizan mapping
check` (`preview.dry_run`), lands the file in the inbox exactly as a steward copying it there would
(in a folder of its own beside its mapping.yml, so that files of different mappings never mix and
next month's file can be dropped beside it), and ingests it with the inbox's code path under the
home's build lock. What it adds is the steward's scope: a file holding rows of a region outside
the uploader's regions is refused before it lands, with the regions and their row counts.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mizan.buildlock import build_lock
from mizan.ingest.preview import Preview, dry_run
from mizan.ingest.receipts import FileReceipt
from mizan.org import OrgProfile
from mizan.settings import Settings
from mizan.warehouse_db import warehouse_connection

EXTENSIONS = (".csv", ".xlsx", ".json")
MAPPING_NAME = "mapping.yml"


class UploadRefused(ValueError):
    """The file cannot be taken as it is; `reason` is a catalogue key, `values` fill it in."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(f"{reason}: {values}")
        self.reason, self.values = reason, values


@dataclass(frozen=True)
class Checked:
    """A previewed upload: what loading it would do, and the regions of the rows it would load."""

    preview: Preview
    regions: dict[str, int]  # rows that would load, per region code
    outside: dict[str, int]  # of those, the regions outside the uploader's scope


@contextmanager
def staged(name: str, data: bytes) -> Iterator[Path]:
    """The uploaded bytes as a private file named like the upload (readers look at the
    extension); removed afterwards."""
    check_name(name, data)
    folder = Path(tempfile.mkdtemp(prefix="mizan-upload-"))
    try:
        path = folder / safe_name(name)
        path.write_bytes(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_name(name: str, data: bytes) -> None:
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise UploadRefused("upload_bad_extension", name=name, allowed=", ".join(EXTENSIONS))
    if not data.strip():
        raise UploadRefused("upload_empty", name=name)


def safe_name(name: str) -> str:
    """The file's own name without folders or characters a shell or Windows would trip on
    (Arabic letters are kept)."""
    stem, suffix = Path(Path(name).name).stem, Path(name).suffix.lower()
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._") or "upload"
    return f"{stem[:80]}{suffix}"


def check(
    path: Path,
    source: str,
    *,
    settings: Settings,
    profile: OrgProfile,
    mapping: Path | None,
    allowed: frozenset[str] | None,
    rows: int = 10,
) -> Checked:
    """Dry-run `path` (nothing written to the deployment) and count the regions of the rows that
    would load; `allowed` None: every region may be loaded."""
    preview = dry_run(path, source, settings=settings, profile=profile, mapping=mapping, rows=rows)
    regions = Counter(preview.regions)
    outside = {} if allowed is None else {r: n for r, n in regions.items() if r not in allowed}
    return Checked(preview, dict(sorted(regions.items())), dict(sorted(outside.items())))


def mapping_digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:10]


def land(
    settings: Settings,
    source: str,
    path: Path,
    *,
    mapping_text: str | None,
    user: str,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Copy the checked file into the inbox: into `folder` (the inbox folder of a mapping already
    there, read with it), else `inbox/<source>/upload-<mapping digest>/` with its mapping.yml
    (files sent with the same mapping share a folder; with none: `upload-standard`). The name
    carries the time and the uploader, so two uploads of one name never overwrite."""
    if folder is None:
        name = f"upload-{mapping_digest(mapping_text)}" if mapping_text else "upload-standard"
        folder = settings.inbox_for(source) / name
    folder.mkdir(parents=True, exist_ok=True)
    if mapping_text:
        mapping = folder / MAPPING_NAME
        if not mapping.exists():
            mapping.write_text(mapping_text, encoding="utf-8")
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    target = folder / f"{stamp}-{safe_name(user)}-{path.name}"
    partial = folder / f".{target.name}.partial"  # the inbox skips partial files
    shutil.copyfile(path, partial)
    partial.replace(target)
    return target


def ingest_landed(
    settings: Settings, profile: OrgProfile, source: str, landed: Path
) -> list[FileReceipt]:
    """Ingest one landed file now, as the inbox would (its folder's mapping.yml), holding the
    home's build lock (BuildRunning when a build holds it: the file then waits in the inbox for
    the next build, which loads it the same way)."""
    from mizan.ingest.api import ensure_raw_schema, ingest_files

    mapping = landed.parent / MAPPING_NAME
    with build_lock(settings.home), warehouse_connection(settings) as con:
        ensure_raw_schema(con)
        return ingest_files(
            con,
            source,
            [landed],
            settings=settings,
            profile=profile,
            mapping=mapping if mapping.exists() else None,
        )
