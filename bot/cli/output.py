"""Where `kudos-bot export --out PATH` writes, without ever replacing what is not a file.

- a regular file, or a new one: written beside it under a temporary name and renamed over it
  only once the export is complete (bot.services.export.atomic_text_file);
- a symbolic link: followed; its target gets the same treatment and the link stays a link;
- a character device or a named pipe (/dev/null, /dev/stdout, a FIFO): written to directly,
  as the shell's `>` would;
- a directory, a block device or a socket: refused (exit 2), untouched.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.services.export import ExportError, atomic_text_file

OUT_HELP = (
    "write here instead of stdout; a file is replaced only once the export is complete, a "
    "symlink is followed to its target, a device or named pipe is written to directly, and a "
    "directory, block device or socket is refused"
)
_REFUSED = {
    stat.S_IFDIR: "a directory",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True)
class OutTarget:
    """Where an export goes: `path` is replaced atomically, or written to when `direct`."""

    path: Path
    direct: bool = False

    def open(self) -> AbstractContextManager[TextIO]:
        """The text stream to write the export to."""
        if self.direct:
            return self.path.open("w", encoding="utf-8", newline="")
        return atomic_text_file(self.path)


def _new_file(path: Path) -> OutTarget:
    """Nothing there yet (or a link to nothing): a file at the real place, in its folder."""
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise ExportError(f"--out {path}: the directory {real.parent} does not exist")
    return OutTarget(real)


def out_target(path: Path) -> OutTarget:
    """Check `--out PATH`; an ExportError says why nothing can be exported there."""
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except (FileNotFoundError, NotADirectoryError):
        return _new_file(path)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        raise ExportError(f"--out {path}: its symbolic links go round in a loop") from None
    if stat.S_ISREG(mode):
        return OutTarget(Path(os.path.realpath(path)))
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return OutTarget(path, direct=True)
    kind = _REFUSED.get(stat.S_IFMT(mode), "not a file")
    raise ExportError(f"--out {path} is {kind}; name a file")
