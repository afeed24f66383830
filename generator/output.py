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

The site a build replaces is not removed: it is kept next to the output as `.<name>.spare-*`, and the next
build brings it up to date in place rather than making every folder and file anew (`claim_staging`), which
at 10,000 records is most of a rebuild's time. That is safe because of how a build writes (see cache.FileStore
and `write_new`): a file of the site is either a hard link to a file of the build cache's store, or a file of
its own (one link) that a stage wrote. A build that takes the spare first removes every file of its own
from it, and anything that is not a plain file or folder; then it places and writes as into an empty
folder, never writing into a file that is there (write_new removes it first); at the end `remove_unplaced`
removes each linked file the store did not place this time. So the finished folder holds exactly what a
build from nothing would, which the tests check byte for byte.

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
STAGING, WORK, OLD, SPARE = "new", "work", "old", "spare"
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
def claim_folder(out: Path, kind: str) -> Iterator[Path]:
    """A new folder `.<name>.<kind>-XXXXXXXX` next to `out`, marked as ours and locked while the block runs,
    and removed when it ends (unless the block has moved it away: see claim_staging)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = new_folder(out.parent, f".{out.name}.{kind}-")
    except OSError as err:  # a parent that is a file, a read-only disk...: the user's to fix, not a crash
        raise OutputNotASite(msg.OUT_CANNOT_WRITE.format(
            out=os.path.normpath(out), reason=msg.os_reason(err, msg.OS_WRITE_REASONS))) from None
    # Locked before the marker has its words: another build that sees it unlocked but empty leaves it alone.
    lock = os.open(folder / SITE_MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        if fcntl:
            fcntl.flock(lock, fcntl.LOCK_EX)
        os.write(lock, MARKER)
        yield folder
    finally:
        _remove(folder)
        os.close(lock)


@contextmanager
def claim_staging(out: Path) -> Iterator[Path]:
    """The folder to build the next site of `out` in, locked while the block runs: the spare one (the site
    the last build replaced, made ready by `ready_spare`) when there is one no other build holds, else a new
    one (claim_folder). The block swaps it into place (swap_into_place); the site it then holds, the one
    replaced, is kept as the next build's spare. A block that fails removes its folder."""
    spare = _take_spare(out)
    if spare is not None:
        try:
            _LEFT[os.fspath(spare[0])] = ready_spare(spare[0])
        except OSError:  # a file it may not remove (left by a build run as another user): a new folder instead
            os.close(spare[1])
            spare = None
    if spare is None:
        with claim_folder(out, STAGING) as folder:
            yield folder
            _keep_as_spare(folder, out)
        return
    folder, lock = spare
    kept = False
    try:
        yield folder
        kept = _keep_as_spare(folder, out)
    finally:
        _LEFT.pop(os.fspath(folder), None)
        if not kept:
            _remove(folder)
        os.close(lock)


# The files each spare site held when a build took it (ready_spare), by folder: remove_unplaced removes those
# not placed again even when nothing else links to them any more (their stored copy pruned meanwhile).
_LEFT: dict[str, dict[str, tuple[int, int]]] = {}


def _take_spare(out: Path) -> tuple[Path, int] | None:
    """A spare site of `out` (see claim_staging), locked, and its lock; other spares no build holds are removed."""
    if fcntl is None:
        return None
    try:
        entries = sorted(e.name for e in os.scandir(out.parent)
                         if e.name.startswith(f".{out.name}.{SPARE}-") and e.is_dir(follow_symlinks=False))
    except OSError:
        return None
    taken = None
    for name in entries:
        folder = out.parent / name
        try:
            fd = os.open(folder / SITE_MARKER, os.O_RDWR | _NOFOLLOW)
        except OSError:
            continue  # no marker: not provably ours, left alone
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            ours = stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(MARKER_SIGNATURE)) == MARKER_SIGNATURE
        except BlockingIOError:
            os.close(fd)
            continue  # another build is using it
        if ours and taken is None:
            taken = (folder, fd)
            continue
        if ours:
            _remove(folder)
        os.close(fd)
    return taken


def _keep_as_spare(folder: Path, out: Path) -> bool:
    """After the swap, `folder` holds the site replaced: keep it as the next build's spare if it is ours (a
    site built before the marker, or an empty folder, is removed). False when nothing is kept."""
    if not folder.is_dir() or folder.is_symlink() or not _marked(folder):
        return False
    spare = folder
    if not folder.name.startswith(f".{out.name}.{SPARE}-"):
        spare = folder.with_name(f".{out.name}.{SPARE}-" + folder.name.rsplit("-", 1)[-1])
        try:
            os.rename(folder, spare)
        except OSError:
            return False
    return True


def ready_spare(folder: Path) -> dict[str, tuple[int, int]]:
    """Make a spare site ready to build in: remove every file of its own (one link: written by a stage, not
    placed from the build cache's store) and everything that is neither a plain file nor a folder (a link
    planted there could lead a write out of it). What is left is linked to the store, and each is either
    placed again or removed at the end (remove_unplaced). Returns the paths left, each with its inode and
    change time (a stage that writes one anew makes another file)."""
    left: dict[str, tuple[int, int]] = {}
    marker = os.path.join(os.fspath(folder), SITE_MARKER)

    def clean(path: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    clean(entry.path)
                elif entry.path == marker:
                    continue
                elif not entry.is_file(follow_symlinks=False) or (info := entry.stat(follow_symlinks=False)).st_nlink == 1:
                    os.unlink(entry.path)
                else:
                    left[entry.path] = (info.st_ino, info.st_ctime_ns)
    clean(os.fspath(folder))
    return left


def remove_unplaced(folder: Path, placed: set[str]) -> list[str]:
    """Remove from the finished site in `folder` each file linked to from elsewhere, or held by the spare site
    when the build took it, that is not in `placed` (the paths the build cache's store placed this time: the rest
    were left by the build that made the spare), and the folders left empty (our marker stays). Every file it
    keeps, as site_files lists them."""
    top = os.fspath(folder)
    skip = len(os.path.join(top, ""))
    marker = os.path.join(top, SITE_MARKER)
    left = _LEFT.get(top, {})
    kept: list[str] = []

    def walk(path: str) -> bool:  # True when the folder is left empty
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if walk(entry.path):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif entry.path != marker and entry.path not in placed and (
                        (info := entry.stat(follow_symlinks=False)).st_nlink > 1
                        or left.get(entry.path) == (info.st_ino, info.st_ctime_ns)):
                    os.unlink(entry.path)
                else:
                    empty = False
                    kept.append(entry.path[skip:].replace(os.sep, "/"))
        return empty

    walk(top)
    return sorted((p for p in kept if p != SITE_MARKER), key=lambda p: p.encode("utf-8"))


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
