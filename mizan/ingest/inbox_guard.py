"""What may be read from the inbox: regular files inside it, nothing else.

A symbolic link (to a file or a folder, dangling or not), a device, a fifo or a socket, and a
file whose real path lies outside the inbox (through a linked parent folder) is refused before
anything opens it: it is never read, hashed, copied or archived, and it stays where it is. The
refusal gets one receipt (status `refused`, reason `not_a_regular_file`) per *identity* — the
entry's path, kind, link target and inode — so a link left in the inbox is reported once, not at
every build; replacing it (a new link, another target) is reported again.

Checks use lstat/readlink only. A file swapped for a link between this check and the read is
not covered (the inbox must not be writable by untrusted users in the first place).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Refusal:
    path: Path
    kind: str  # symlink | fifo | socket | device | folder | outside
    detail: str  # plain English, for the receipt
    identity: str  # sha256 hex of the entry's identity (stands in for a content hash)


def _identity(path: Path, kind: str, target: str, info: os.stat_result | None) -> str:
    inode = f"{info.st_dev}:{info.st_ino}" if info else ""
    text = f"refused\0{kind}\0{os.path.abspath(path)}\0{target}\0{inode}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def check(path: Path, inbox: Path) -> Refusal | None:
    """None when `path` may be read; otherwise why not. `inbox` is the inbox root: a path under
    it must resolve under it too. A path given from outside the inbox (`mizan ingest FILE`)
    must still be a regular file, not a link."""
    try:
        info = os.lstat(path)
    except OSError:
        return None  # nothing there: the reader reports it (rejected, unreadable)
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return Refusal(
            path, "symlink", "it is a symbolic link", _identity(path, "symlink", target, info)
        )
    if not stat.S_ISREG(mode):
        kind = (
            "fifo"
            if stat.S_ISFIFO(mode)
            else "socket"
            if stat.S_ISSOCK(mode)
            else "folder"
            if stat.S_ISDIR(mode)
            else "device"
        )
        text = {
            "fifo": "it is a named pipe (fifo), not a file",
            "socket": "it is a socket, not a file",
            "folder": "it is a folder, not a file",
            "device": "it is a device, not a file",
        }[kind]
        return Refusal(path, kind, text, _identity(path, kind, "", info))
    root = Path(os.path.abspath(inbox))
    absolute = Path(os.path.abspath(path))
    if root == absolute or root in absolute.parents:
        real_root = Path(os.path.realpath(root))
        real = Path(os.path.realpath(absolute))
        if real_root not in real.parents:
            return Refusal(
                path,
                "outside",
                "it resolves outside the inbox (a linked folder)",
                _identity(path, "outside", str(real), info),
            )
    return None


def inbox_entries(folder: Path) -> list[Path]:
    """The entries of an inbox folder that ingest looks at (files, links, devices, fifos —
    everything but real sub-folders), without following any link."""
    if not folder.is_dir():
        return []
    entries = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.is_dir(follow_symlinks=False):
                continue
            entries.append(Path(entry.path))
    return entries
