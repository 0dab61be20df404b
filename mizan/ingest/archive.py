"""After the commit, inbox files move to <home>/archive/<source>/ (files from elsewhere are
copied there). An archive file is never overwritten: a name taken by different content gets the
first 8 hex digits of the sha256 as a suffix, and identical content is not stored twice."""

from __future__ import annotations

import logging
from pathlib import Path

from mizan.ingest import housekeeping
from mizan.ingest import readers as R
from mizan.ingest.plan import BatchFile
from mizan.settings import Settings

log = logging.getLogger(__name__)


def archive_plan(files: list[BatchFile], settings: Settings, source: str) -> dict[str, Path]:
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


def archive_files(
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
