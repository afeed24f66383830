"""The project's input files: found by one walk, read by one reader.

Every file the build reads (records, site_config.yml, content pages, news posts, images) must be a
regular file inside the project, no bigger than its limit. A FIFO would make a reader wait forever, a
device could be endless, and a link can point anywhere on the machine: so the file is checked with
stat before it is opened, opened without blocking and without following a link, and checked again
on the open descriptor (it may have been swapped in between). Nothing is read past the limit.
"""
from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

from . import messages as msg
from .problems import Problem

# Bytes. The largest record of the example site is about 10 KB and the contributors' guide about 20 KB:
# a limit a hundred times that stops a pasted database dump or a runaway generator, not a real text.
RECORD_LIMIT = 1_000_000
CONFIG_LIMIT = 1_000_000
PAGE_LIMIT = 1_000_000  # a Markdown page in content/
NEWS_LIMIT = 1_000_000  # a news post in content/tin-tuc/

# Opening flags that exist only on some systems; 0 where missing, so the same call works everywhere.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | \
    getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class FileProblem(Exception):
    """An input file that cannot be read at all; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_input(root: Path, path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file inside the project `root` of at most `limit` bytes."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise FileProblem(1, msg.LINK_BROKEN if path.is_symlink() else msg.FILE_MISSING) from None
    except RuntimeError:  # a loop of links (Python 3.11 and 3.12)
        raise FileProblem(1, msg.LINK_LOOP) from None
    except OSError as err:
        raise FileProblem(1, msg.LINK_LOOP if err.errno == errno.ELOOP else unreadable(err)) from None
    if not real.is_relative_to(_real(root)):
        raise FileProblem(1, msg.FILE_OUTSIDE)
    try:
        _check_regular(os.stat(real).st_mode)  # before opening: opening a device can do things by itself
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as err:
        raise FileProblem(1, msg.LINK_LOOP if err.errno == errno.ELOOP else unreadable(err)) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        _check_regular(info.st_mode)  # again, on what was opened: it may have been swapped since
        if info.st_size > limit:
            raise FileProblem(1, msg.FILE_TOO_BIG.format(size=info.st_size, limit=limit))
        try:
            raw = fh.read(limit + 1)
        except OSError as err:
            raise FileProblem(1, unreadable(err)) from None
    if len(raw) > limit:  # it grew while being read
        raise FileProblem(1, msg.FILE_TOO_BIG.format(size=len(raw), limit=limit))
    return raw


@functools.lru_cache(maxsize=64)
def _real(root: Path) -> Path:
    """The project folder as the system names it, once for all its files (it is not moved during a build)."""
    return root.resolve()


def decode(raw: bytes) -> str:
    """A text file's bytes as text: UTF-8, with or without a byte order mark."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FileProblem(line, msg.FILE_NOT_UTF8.format(pos=err.start)) from None


def read_input_text(root: Path, path: Path, limit: int) -> str:
    return decode(read_input(root, path, limit))


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((label for test, label in _FILE_TYPES if test(mode)), msg.FILE_TYPES["other"])
        raise FileProblem(1, msg.NOT_A_FILE_KIND.format(what=what))


_FILE_TYPES = ((stat.S_ISDIR, msg.FILE_TYPES["folder"]), (stat.S_ISFIFO, msg.FILE_TYPES["fifo"]),
               (stat.S_ISSOCK, msg.FILE_TYPES["socket"]), (stat.S_ISCHR, msg.FILE_TYPES["device"]),
               (stat.S_ISBLK, msg.FILE_TYPES["device"]))


def unreadable(err: OSError) -> str:
    """Why a file could not be read, in Vietnamese (the system's own words are English)."""
    return msg.FILE_UNREADABLE.format(reason=msg.os_reason(err))


def input_files(root: Path, folder: str, extension: str, misspelt: tuple[str, ...] = (),
                skip: tuple[str, ...] = ()) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every file named `*.<extension>` under `folder` (relative to `root`), sorted by path.

    Hidden entries (editors' lock and swap files) are skipped, and so are the folders in `skip`. A file
    whose extension differs only in case, or is one of `misspelt`, is reported: otherwise it would be
    left out without a word. Links are not followed out of the project, linked folders are not
    followed at all (they could loop), and special files (FIFOs, devices) are reported, never opened.
    """
    real_root = root.resolve()
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    if not os.path.lexists(root / folder):  # a project may have no content/, and content/ no news
        return [], []
    if not (root / folder).resolve().is_relative_to(real_root):
        return [], [Problem(folder, 1, msg.FILE_OUTSIDE)]
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(root / current))
        except OSError as err:
            problems.append(Problem(current, 1, unreadable(err)))
            continue
        for entry in entries:
            rel = f"{current}/{entry.name}"
            if entry.name.startswith(".") or rel in skip:
                continue
            what, problem = _entry_kind(entry, real_root, extension, misspelt)
            if problem:
                problems.append(Problem(rel, 1, problem))
            elif what == "folder":
                pending.append(rel)
            elif what == "file":
                found.append((rel, Path(entry.path)))
    found.sort()
    return found, problems


def _entry_kind(entry: os.DirEntry, real_root: Path, extension: str,
                misspelt: tuple[str, ...]) -> tuple[str | None, str | None]:
    """What an entry is ("folder", "file" or None to skip), and the problem with it if any."""
    stem, dot, written = entry.name.rpartition(".")
    wanted = bool(dot) and written.lower() in (extension, *misspelt)
    try:
        if entry.is_symlink():
            target = Path(entry.path).resolve()
            if not wanted and not target.is_dir():
                return None, None
            if not target.is_relative_to(real_root):
                return None, msg.FILE_OUTSIDE
            if target.is_dir():
                return None, msg.FOLDER_LINK
            if not target.exists():
                return None, msg.LINK_BROKEN
        elif entry.is_dir(follow_symlinks=False):
            return "folder", None
        if not wanted:
            return None, None
        if written != extension:
            return None, msg.WRONG_EXTENSION.format(extension=extension, suggestion=f"{stem}.{extension}")
        mode = entry.stat().st_mode  # follows a link, known by now to stay inside the project
        if not stat.S_ISREG(mode):
            _check_regular(mode)
        return "file", None
    except FileProblem as err:
        return None, err.message
    except RuntimeError:  # a loop of links
        return None, msg.LINK_LOOP if wanted else None
    except OSError as err:
        if err.errno == errno.ELOOP:
            return None, msg.LINK_LOOP if wanted else None
        return None, unreadable(err) if wanted else None
