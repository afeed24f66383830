"""The output folder of a build: what a build may replace, the folders it works in, and the swap into place.

A build deletes or replaces only what it can prove it wrote. Every folder it makes (the staging folder
that becomes the site, the work folder of the docs tree) holds a marker file, `.guongsang-site`, made
before anything else goes in and locked (flock) while the build runs. So:

- the output folder may be replaced only when it is missing, empty, or a site of ours (the marker, or for a
  site built before the marker existed, a manifest of ours) holding no file its SHA256SUMS does not list (a
  `.git` or a CNAME put there since would be lost); never when it is the project, a folder holding it, or a
  folder holding or inside one of its inputs (models/, content/, ...);
- a build killed half-way leaves `.<name>.new-*` / `.<name>.work-*` folders next to the output; the next
  build removes those that carry our marker and that no running build holds locked;
- every file the renderer writes is checked to lie inside the folder it writes into (`inside`): a bug that
  makes an address such as "/" or "../x" stops the build instead of writing elsewhere on the disk.

An output folder that is a symbolic link is built into the folder it points to, by the same rules; the
link itself is left as it is.
"""
from __future__ import annotations

import ctypes
import errno
import functools
import json
import logging
import os
import secrets
import shutil
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import messages as msg
from .config import CONFIG_FILE
from .addresses import MANIFEST_FILE, SITE_MARKER, SUMS_FILE
from .mirror import ManifestError, parse_sums, site_files

try:
    import fcntl
except ImportError:  # Windows has no flock: there, leftovers are left for the user to remove
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# What a build reads from the project: the output may neither hold nor lie inside any of them.
PROJECT_INPUTS = ("models/", "content/", CONFIG_FILE, "schema/", ".git/")
# The folders a build makes next to its output, `.<name>.<kind>-XXXXXXXX`.
STAGING, WORK, OLD = "new", "work", "old"
# The marker's first line proves the folder is ours; the rest tells a person what the folder is.
MARKER_SIGNATURE = b"guongsang-site 1\n"
MARKER = MARKER_SIGNATURE + msg.SITE_MARKER_TEXT.encode("utf-8")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a marker that is a link proves nothing (Windows has no such flag)


class OutputNotASite(Exception):
    """The output folder may not be replaced by a build (the message says why, for the user)."""


class OutsideOutput(RuntimeError):
    """A bug: a build was about to write outside the folder it builds in."""


def check_output(root: Path, out: Path) -> Path:
    """The folder the build of `root` may replace for `out`: `out` itself, or the folder it links to.

    Raises OutputNotASite, before anything is written, for a folder the build must not touch.
    """
    shown = os.path.normpath(out)
    if out.is_symlink() and not out.exists():
        raise OutputNotASite(msg.OUT_LINK_BROKEN.format(out=shown))
    target = out.resolve()
    real_root = root.resolve()
    if real_root.is_relative_to(target):
        raise OutputNotASite(msg.OUT_HOLDS_PROJECT.format(out=shown))
    for name in PROJECT_INPUTS:
        held = (real_root / name).resolve()
        if (root / name).exists() and (target.is_relative_to(held) or held.is_relative_to(target)):
            raise OutputNotASite(msg.OUT_IS_INPUT.format(out=shown, input=name))
    if problem := refusal(target, shown):
        raise OutputNotASite(problem)
    return target


def refusal(folder: Path, shown: str) -> str | None:
    """Why a build may not put a site at `folder` (shown to the user as `shown`), or None when it may:
    nothing there, an empty folder, or a site of ours holding nothing but its own files."""
    if not os.path.lexists(folder):
        return None
    if folder.is_dir() and not any(folder.iterdir()):
        return None
    if not folder.is_dir() or not is_our_site(folder):
        return msg.OUT_NOT_A_SITE.format(out=shown, marker=SITE_MARKER)
    if foreign := unlisted_file(folder):
        # Ours, but a file was put there since (a .git to publish from, a CNAME): replacing the folder
        # would delete it.
        return msg.OUT_HOLDS_FOREIGN.format(out=shown, file=foreign)
    return None


def is_our_site(folder: Path) -> bool:
    """A site built by us: it carries our marker, or (built before the marker) a manifest of ours naming
    every file in it, so that nothing else is in it."""
    return _marked(folder) or _listed_by_our_manifest(folder)


def unlisted_file(folder: Path) -> str | None:
    """The first file in the site at `folder` that its SHA256SUMS does not list, so one a build did not
    write (but for what file managers leave in a folder they show); None when there is none."""
    try:
        listed = set(parse_sums((folder / SUMS_FILE).read_text(encoding="utf-8"))) | {SUMS_FILE}
    except (OSError, UnicodeDecodeError, ManifestError):
        listed = set()
    return next((path for path in site_files(folder) if path not in listed and not _file_manager_litter(path)),
                None)


_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}


def _file_manager_litter(path: str) -> bool:
    """A file that macOS Finder or Windows Explorer writes by itself into a folder it shows (icon positions,
    thumbnails): nobody's work, and it must not stop a build of a site someone only looked at."""
    name = path.rsplit("/", 1)[-1]
    return name in _LITTER or name.startswith("._")


def _marked(folder: Path) -> bool:
    try:
        fd = os.open(folder / SITE_MARKER, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(MARKER_SIGNATURE)) == MARKER_SIGNATURE
    finally:
        os.close(fd)


def _listed_by_our_manifest(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        sums = parse_sums((folder / SUMS_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, ManifestError):
        return False
    if not isinstance(manifest, dict) or manifest.get("checksums") != SUMS_FILE:
        return False
    # SHA256SUMS lists every file but itself, manifest.json included; the manifest counts neither.
    files = set(site_files(folder)) - {SUMS_FILE}
    return files == set(sums) and manifest.get("file_count") == len(sums) - 1


# --- the folders a build works in ------------------------------------------------------------------------

@contextmanager
def claim_folder(out: Path, kind: str, remove_later: bool = False) -> Iterator[Path]:
    """A new folder `.<name>.<kind>-XXXXXXXX` next to `out`, marked as ours and locked while the block runs.

    When the block ends the folder is removed: by then a staging folder swapped into place holds the
    previous site, or nothing at all. With `remove_later` (the preview, which goes on serving) it is removed
    by a thread of its own, still locked until it is gone, so the new site is there without waiting.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = new_folder(out.parent, f".{out.name}.{kind}-")
    except OSError as err:  # a parent that is a file, a read-only disk...: the user's to fix, not a crash
        raise OutputNotASite(msg.OUT_CANNOT_WRITE.format(
            out=os.path.normpath(out), reason=msg.os_reason(err, msg.OS_WRITE_REASONS))) from None
    # Locked before the marker has its words: another build that sees it unlocked but empty leaves it alone.
    lock = os.open(folder / SITE_MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    later = False
    try:
        if fcntl:
            fcntl.flock(lock, fcntl.LOCK_EX)
        os.write(lock, MARKER)
        yield folder
        later = remove_later
    finally:
        if later:
            threading.Thread(target=_remove_and_unlock, args=(folder, lock), name="guongsang-remove-old").start()
        else:
            _remove_and_unlock(folder, lock)


def new_folder(parent: Path, prefix: str) -> Path:
    """A new folder `<prefix><8 random hex digits>` in `parent`, made as mkdir makes one: with the umask's
    mode and a setgid parent's group. (tempfile.mkdtemp makes it 0700, and swapped into place it is the site,
    which a web server running as another user must read.)"""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(folder, 0o777)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(parent / prefix))


def _remove_and_unlock(folder: Path, lock: int) -> None:
    _remove(folder)
    os.close(lock)


def remove_leftovers(out: Path) -> None:
    """Remove the folders that builds into `out`, killed half-way, left next to it: only those that carry
    our marker and that no running build holds locked."""
    if fcntl is None:
        return
    prefixes = tuple(f".{out.name}.{kind}-" for kind in (STAGING, WORK, OLD))
    try:
        entries = [e for e in os.scandir(out.parent) if e.name.startswith(prefixes)]
    except OSError:
        return
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            fd = os.open(Path(entry.path) / SITE_MARKER, os.O_RDONLY | _NOFOLLOW)
        except OSError:
            continue  # no marker: not provably ours
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.read(fd, len(MARKER_SIGNATURE)) == MARKER_SIGNATURE:
                _remove(Path(entry.path))
                log.info(msg.LEFTOVER_REMOVED.format(folder=entry.name))
        except BlockingIOError:
            pass  # a build still running holds it
        finally:
            os.close(fd)


def _remove(folder: Path) -> None:
    # A folder that cannot be removed now is a leftover the next build removes: never a reason to fail.
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


def swap_into_place(staging: Path, out: Path) -> None:
    """Put the finished site at `out`; the previous site, if any, is removed only once the new one is there.

    `out` is checked once more, as the build took a while: a folder that is no longer replaceable stays.
    """
    if problem := refusal(out, str(out)):
        raise OutputNotASite(problem)
    if not os.path.lexists(out):
        os.rename(staging, out)
        return
    if _exchange(staging, out):  # atomic: `out` is never missing, not even for an instant
        return  # `staging` now holds the previous site, removed with it by claim_folder
    old = staging.with_name(f".{out.name}.{OLD}-" + staging.name.removeprefix(f".{out.name}.{STAGING}-"))
    os.rename(out, old)
    os.rename(staging, out)
    _remove(old)


@functools.lru_cache(maxsize=1)
def _renameat2():
    """The C library's renameat2, from the symbols the process has loaded (ctypes.util.find_library would run
    ldconfig, or a compiler writing into the system's temporary folder, to find the library's file); None
    where there is none (not Linux, or a C library without it)."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # Windows loads no "None" library
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where unavailable."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# --- writing inside them -------------------------------------------------------------------------------

def inside(folder: Path, path: Path) -> Path:
    """`path`, once sure it lies inside `folder`; raise OutsideOutput otherwise.

    A guard against our own bugs (an address that is empty, absolute or climbs with '..'): it compares the
    paths as written, which is enough since nothing a build makes in its folders is a link.
    """
    base = os.path.abspath(folder)
    if not os.path.abspath(path).startswith(base + os.sep):
        raise OutsideOutput(msg.WRITE_OUTSIDE.format(path=path, folder=folder))
    return path


def write_inside(folder: Path, rel: str, text: str) -> None:
    """Write `text` to `folder/rel` (UTF-8), making its folders; `rel` must stay inside `folder`."""
    path = inside(folder, folder / rel)
    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)  # exist_ok: the other renderer process may make it
        path.write_text(text, encoding="utf-8")


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new file: whatever was there is removed first, never written into, as it may
    be a link to a file the build cache keeps (cache.FileStore)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)
