"""What ingestion leaves on disk, kept private and bounded.

* The archive (`MIZAN_HOME/archive/<source>/`) holds every file as it was sent — personal data in
  clear: folders are owner-only (0700), files owner-only (0600), whatever the umask.
  `purge_archive` removes archived files older than a number of days (`mizan archive purge`).
* Each ingest works in a private temp folder `mizan-ingest-<pid>-*` (transcoded copies of files,
  in clear). A killed process cannot remove its own: the next ingest removes folders whose
  process is gone (`sweep_temp_dirs`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_PREFIX = "mizan-ingest-"
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}(?:(\d+)-)?")
# a folder of the old naming (no pid) is swept once it has not changed for this long
_LEGACY_TEMP_AGE_S = 6 * 3600
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> Path:
    """Create `folder` (and missing parents) owner-only; make an existing one owner-only."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)
    return folder


def archive_file(src: Path, target: Path, archive_root: Path, *, move: bool) -> None:
    """Move (or copy) `src` to `target` under the archive, owner-only. A copy is written under a
    temporary name with mode 0600 from the start and renamed; a moved file is made 0600 inside a
    folder only the owner can enter."""
    private_folder(archive_root)
    private_folder(target.parent)
    if move:
        shutil.move(str(src), str(target))
        os.chmod(target, FILE_MODE)
    else:
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
                shutil.copyfileobj(inp, out, 1024 * 1024)
            os.chmod(partial, FILE_MODE)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.utime(target)  # the archive's clock: retention counts from the day a file was archived


def new_temp_dir() -> Path:
    """A private temp folder for one ingest, named after this process (see sweep_temp_dirs)."""
    sweep_temp_dirs()
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
    os.chmod(folder, FOLDER_MODE)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def sweep_temp_dirs(base: Path | None = None) -> list[Path]:
    """Remove this user's `mizan-ingest-*` temp folders left by ingests that were killed."""
    base = base or Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
                continue
            pid = match.group(1)
            if pid is not None:
                if int(pid) == os.getpid() or _alive(int(pid)):
                    continue
            elif time.time() - info.st_mtime < _LEGACY_TEMP_AGE_S:
                continue
            shutil.rmtree(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            log.warning("could not remove the stale temp folder %s", entry.path)
    if removed:
        log.info("removed %d temp folder(s) left by a killed ingest", len(removed))
    return removed


@dataclass(frozen=True)
class PurgeResult:
    removed: list[Path]
    kept: int
    bytes_freed: int


def purge_archive(
    archive_root: Path, older_than_days: float, *, dry_run: bool = False
) -> PurgeResult:
    """Remove archived files archived more than `older_than_days` days ago (by the time they were
    archived: their modification time, which archiving sets); empty folders go too. The ingest
    log keeps its rows (with an archive_path that no longer exists)."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be 0 or more")
    cutoff = time.time() - older_than_days * 86400
    removed: list[Path] = []
    kept = freed = 0
    if not archive_root.is_dir():
        return PurgeResult(removed, kept, freed)
    for folder, dirs, files in os.walk(archive_root, topdown=False):
        for name in files:
            path = Path(folder) / name
            info = path.lstat()
            if info.st_mtime < cutoff:
                if not dry_run:
                    path.unlink()
                removed.append(path)
                freed += info.st_size
            else:
                kept += 1
        for name in dirs:
            sub = Path(folder) / name
            if not dry_run and not sub.is_symlink():
                with contextlib.suppress(OSError):
                    sub.rmdir()  # only when empty
    return PurgeResult(removed, kept, freed)
