"""The build cache: what the build derives (records read, pages, sheets, images, data files), kept by a hash
of everything it is made from.

An entry's key is the SHA-256 of its inputs (the text it is made from, the templates, the config), never a
file's time: so an entry found is always the right one, and a changed input simply gives another key. The
folder (`.cache/guongsang/` in the project, git-ignored) is safe to delete at any time. A missing,
truncated or otherwise damaged entry is a miss, never an error or a wrong output:

- each entry carries the cache's format version, the generator's version (`generator_version`: the
  digest of the generator's own code and of every installed package's version) and the SHA-256 of its
  bytes, all checked on every read: an entry of another format or another generator is never trusted;
- entries are written to a temporary file and renamed into place, so two builds sharing a cache never see
  half an entry;
- values (records read) are kept as pickles read back by an unpickler that makes only the generator's own
  record types and plain data, so an entry planted in the folder can make nothing run.

Files of the site (pages, images, PDFs, data files) are kept whole in a content-addressed store
(`FileStore`): each under the SHA-256 of its bytes, hard-linked into the staging site when an index entry
(checksummed like any entry) names it for a key. A stored file whose size or modification time is not the
one its index noted (changed in place, truncated) is a miss. The store also tells the manifest each placed
file's SHA-256, so unchanged files are not hashed again.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import sysconfig
import tempfile
import time
from pathlib import Path, PurePath
from typing import Callable, Iterable

from . import messages as msg

log = logging.getLogger(__name__)

CACHE_FOLDER = ".cache/guongsang"  # in the project root
# Where `guongsang serve` builds its preview unless told (--out): in the project, like everything a build makes,
# and kept when it stops, so that the next preview starts from it (drafts included, as in models/ itself).
PREVIEW_FOLDER = CACHE_FOLDER + "/xem-thu"
# Where `guongsang bundle` builds the offline copy it packs, kept so that the next bundle brings it up to date.
OFFLINE_FOLDER = CACHE_FOLDER + "/ban-sao"
FORMAT = 2  # bump when the layout of entries changes
_MAGIC = b"guongsang-cache %d " % FORMAT  # then the generator's version, a newline, the SHA-256, a newline
_DIGEST = 64  # hex characters of a SHA-256
PACKAGE = Path(__file__).parent
# Templates the build hashes itself where they are used (a page's key names its templates, MkDocs' key its
# theme), so that editing one re-renders only what it shapes; everything else of the package is code.
TRACKED_TEMPLATES = ("templates/pages", "templates/overrides")


@functools.lru_cache(maxsize=1)
def generator_version() -> str:
    """The digest of the generator's code and data (its templates for pages and theme aside: see
    TRACKED_TEMPLATES) and of the name and version of every installed package (MkDocs, Material, Jinja,
    Pillow, WeasyPrint, segno…). Any change to either makes every cache entry a miss."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.endswith(".pyc") or rel.startswith(TRACKED_TEMPLATES):
            continue
        digest.update(content_key(rel, path.read_bytes()).encode("ascii"))
    digest.update("\n".join(installed_packages()).encode("utf-8"))
    return digest.hexdigest()[:32]


def installed_packages() -> list[str]:
    """The name and version of every package installed beside the generator, from the names of their
    metadata folders in site-packages (`mkdocs-1.6.1.dist-info`): reading each one's metadata takes longer."""
    folders = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    return sorted({entry for folder in folders if os.path.isdir(folder) for entry in os.listdir(folder)
                   if entry.endswith((".dist-info", ".egg-info"))})


def content_key(*parts: bytes | str) -> str:
    """The key of an entry made from `parts`, in order (each one's length goes in too, so parts never run together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """The digest of every file under `folder`: names and bytes."""
    return content_key(*(part for path in sorted(folder.rglob("*")) if path.is_file()
                         for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


# -- fingerprints of plain data -------------------------------------------------------------------------------

def fingerprint(value: object, known: dict[int, str] | None = None) -> str:
    """A digest of `value` that changes whenever anything in it does: plain data (text, numbers, dates, lists,
    maps, enums, dataclasses) walked in order, with each type's name, so equal digests mean equal values.
    `known` gives the digest of objects already fingerprinted, by `id()` (the records: project.fingerprints).
    A type it cannot read is a bug (TypeError), never a silent guess."""
    digest = hashlib.sha256()
    _feed(digest.update, value, known or {})
    return digest.hexdigest()


_PLAIN = (type(None), bool, int, float)
# The date and path types, the real ones even where a program has put a subclass in `datetime.date` (to run
# at another date, as a test does): a constant of the class is an instance of the real type.
_DATES_AND_PATHS = (type(dt.date.min), PurePath)


def _feed(out: Callable[[bytes], None], value: object, known: dict[int, str]) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")  # type: ignore[union-attr]
        out(b"s%d:" % len(data) + data)
    elif id(value) in known:
        out(b"k" + known[id(value)].encode("ascii"))
    elif kind in _PLAIN:
        out(f"{kind.__name__}:{value!r};".encode())
    elif kind is tuple or kind is list:
        out(b"%s[%d" % (kind.__name__.encode(), len(value)))  # type: ignore[arg-type]
        for item in value:  # type: ignore[union-attr]
            _feed(out, item, known)
        out(b"]")
    elif kind is dict:
        out(b"{%d" % len(value))  # type: ignore[arg-type]
        for key, item in value.items():  # type: ignore[union-attr]
            _feed(out, key, known)
            _feed(out, item, known)
        out(b"}")
    elif isinstance(value, str):  # Markup and other text types: their type changes how they are shown
        data = value.encode("utf-8", "surrogatepass")
        out(f"{kind.__name__}:{len(data)}:".encode() + data)
    elif isinstance(value, bytes):
        out(b"b%d:" % len(value) + value)
    elif isinstance(value, enum.Enum):
        out(f"{kind.__name__}.{value.name};".encode())
    elif isinstance(value, _DATES_AND_PATHS):
        out(f"{kind.__name__}:{value};".encode())
    elif isinstance(value, (list, tuple)):
        _feed(out, (kind.__name__, *value), known)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out(f"{kind.__name__}(".encode())
        for name, label in _field_names(kind):
            out(label)
            _feed(out, getattr(value, name), known)
        out(b")")
    else:
        raise TypeError(f"cannot fingerprint a {kind.__name__}")


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[tuple[str, bytes], ...]:
    return tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind))


# -- entries ------------------------------------------------------------------------------------------------

class ContentCache:
    """One kind of entry ('sheets', 'records', …) in the project's cache folder."""

    def __init__(self, root: Path, kind: str):
        self.folder = root / CACHE_FOLDER / kind
        generator_version()  # known before any process is forked, so that they all agree on it

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None when there is no sound entry of this format and generator
        (a damaged one is removed)."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head = _head()
        data = raw[len(head) + _DIGEST + 1:]
        if not raw.startswith(head) or raw[len(head):len(head) + _DIGEST] != hashlib.sha256(data).hexdigest().encode():
            log.debug("cache: damaged or stale entry %s, made again", path)
            path.unlink(missing_ok=True)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`; a cache that cannot be written only costs time, so failures are logged."""
        path = self.path(key)
        _write_atomically(path, [_head(), hashlib.sha256(data).hexdigest().encode("ascii"), b"\n", data])

    def memo(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes under `key`, made by `make` (and stored) when there are none."""
        data = self.get(key)
        if data is None:
            data = make()
            self.put(key, data)
        return data

    def get_value(self, key: str) -> object | None:
        """The value stored under `key` by `put_value`, or None (see `_Unpickler` for what it may hold)."""
        data = self.get(key)
        return None if data is None else load_value(data)

    def put_value(self, key: str, value: object) -> None:
        self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_value(data: bytes) -> object | None:
    """A value pickled into the cache, or None when it cannot be read (see `_Unpickler` for what it may hold)."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - any failure to read an entry is a miss
        log.debug("cache: unreadable value, made again")
        return None


def _head() -> bytes:
    return _MAGIC + generator_version().encode("ascii") + b"\n"


def write_new_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _write_atomically(path: Path, chunks: Iterable[bytes]) -> bool:
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        return True
    except OSError as err:
        log.warning(msg.CACHE_UNWRITABLE.format(path=path, reason=err.strerror or err))
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        return False


class _Unpickler(pickle.Unpickler):
    """Makes only the generator's own types, dates and plain containers: a planted entry cannot run code."""

    SAFE = {("datetime", "date"), ("builtins", "tuple"), ("builtins", "list"), ("builtins", "dict"),
            ("builtins", "set"), ("builtins", "frozenset"), ("pathlib", "PosixPath"), ("pathlib", "PurePosixPath"),
            ("copyreg", "_reconstructor"), ("builtins", "object")}

    allowed: dict[tuple[str, str], object] = {}

    def find_class(self, module: str, name: str):
        found = self.allowed.get((module, name))
        if found is not None:
            return found
        if (module, name) in self.SAFE or (module.startswith("generator.") and not name.startswith("_")):
            found = super().find_class(module, name)
            if (module, name) in self.SAFE or isinstance(found, type):
                self.allowed[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


# -- files of the site --------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class StoredFile:
    """A file of the store as an index names it: where it goes, its SHA-256, size and modification time."""

    rel: str  # relative to the folder it is placed in
    digest: str
    size: int
    mtime_ns: int


class FileStore:
    """Whole files of the site, content-addressed, and per-kind indexes from a key to the files it made.

    One store serves one build: `place` and `keep` note each file's SHA-256 (`digests`, for the manifest),
    `save` writes the indexes back. Indexes keep this build's entries and, up to as many again, earlier
    ones (a preview and a build of the same project use different pages)."""

    def __init__(self, root: Path, flavour: str = ""):
        self.root = root
        self.blobs = root / CACHE_FOLDER / "files"
        self.entries = ContentCache(root, "indexes")
        self.flavour = flavour
        self.digests: dict[str, tuple[str, int, int, int]] = {}  # placed file -> SHA-256, inode, size, mtime
        self._indexes: dict[str, dict[str, list[StoredFile]]] = {}
        self._used: dict[str, dict[str, list[StoredFile]]] = {}
        self.hits = self.misses = 0
        self.written_by: dict[int, int] = {}  # files new to the store, by the process that stored them (see report)
        self.started = time.time()

    # the indexes

    def _index(self, kind: str) -> dict[str, list[StoredFile]]:
        if kind not in self._indexes:
            data = self.entries.get(self._index_key(kind))
            index: dict[str, list[StoredFile]] = {}
            if data is not None:
                try:
                    index = {key: [StoredFile(*f) for f in files] for key, files in json.loads(data).items()}
                except (ValueError, TypeError):
                    index = {}
            self._indexes[kind] = index
            self._used[kind] = {}
        return self._indexes[kind]

    def _index_key(self, kind: str) -> str:
        return content_key("index", kind, self.flavour)

    def lookup(self, kind: str, key: str) -> list[tuple[StoredFile, os.stat_result]] | None:
        """The files stored under `key` and their state in the store, if every one is still sound."""
        files = self._index(kind).get(key)
        if files is None:
            return None
        found = []
        for stored in files:
            try:
                info = os.stat(self._blob(stored.digest))
            except OSError:
                return None
            if info.st_size != stored.size or info.st_mtime_ns != stored.mtime_ns:
                log.debug("cache: stored file %s changed, made again", stored.digest)
                return None
            found.append((stored, info))
        return found

    def _blob(self, digest: str) -> Path:
        return self.blobs / digest[:2] / digest

    def place(self, kind: str, key: str, folder: Path) -> bool:
        """Put the files stored under `key` into `folder` (hard links, or copies where links fail), each where it
        was when kept (so a key must cover the files' paths); False, and nothing placed, on a miss."""
        files = self.lookup(kind, key)
        if files is None:
            self.misses += 1
            return False
        for stored, info in files:
            self._link(stored, info, folder / stored.rel)
        self._used[kind][key] = [stored for stored, _ in files]
        self.hits += 1
        return True

    def _link(self, stored: StoredFile, info: os.stat_result, target: Path) -> None:
        blob = self._blob(stored.digest)
        try:
            os.link(blob, target)
        except FileExistsError:
            # Already this very file (a spare site being brought up to date: output.claim_staging), or another
            # (MkDocs' page, now with its body): never written into, as it may be linked too (see write_new).
            if not os.path.samestat(os.stat(target, follow_symlinks=False), info):
                target.unlink()
                info = _link_or_copy(blob, target, info)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            info = _link_or_copy(blob, target, info)
        except OSError:  # another file system, or too many links: a copy does as well
            info = _link_or_copy(blob, target, info, link=False)
        self.digests[str(target)] = (stored.digest, info.st_ino, info.st_size, info.st_mtime_ns)

    def digest_of(self, path: Path | str, info: os.stat_result | None = None) -> str | None:
        """The SHA-256 of a file this store placed at `path`, if it is still that very file, unchanged (`info`: its
        state, when the caller has it)."""
        noted = self.digests.get(str(path))
        if noted is None:
            return None
        try:
            info = info or os.stat(path)
        except OSError:
            return None
        return noted[0] if (info.st_ino, info.st_size, info.st_mtime_ns) == noted[1:] else None

    def keep(self, kind: str, key: str, folder: Path, files: dict[str, bytes]) -> None:
        """Write `files` (relative path -> bytes) into `folder` and store them under `key`."""
        stored = []
        for rel, data in files.items():
            kept = self._store(rel, data)
            if kept is None:  # the store cannot be written: the file goes in all the same, uncached
                write_new_file(folder / rel, data)
                continue
            self._link(*kept, folder / rel)
            stored.append(kept[0])
        self._index(kind)
        if len(stored) == len(files):
            self._used[kind][key] = stored

    def keep_written(self, kind: str, key: str, source: Path, folder: Path) -> None:
        """Store the files written into `source` (by MkDocs, say) under `key`, and link them into `folder`."""
        rels = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
        self.keep(kind, key, folder, {rel: (source / rel).read_bytes() for rel in rels})

    def note(self, path: Path, digest: str) -> None:
        """A file put into the site by other means (a download linked from its bundle), with its SHA-256."""
        info = os.stat(path)
        self.digests[str(path)] = (digest, info.st_ino, info.st_size, info.st_mtime_ns)

    def placed(self) -> set[str]:
        """Every file this store placed, linked, wrote or was told of this build (see output.remove_unplaced)."""
        return set(self.digests)

    def _store(self, rel: str, data: bytes) -> tuple[StoredFile, os.stat_result] | None:
        digest = hashlib.sha256(data).hexdigest()
        blob = self._blob(digest)
        try:
            info = os.stat(blob)
            if info.st_size != len(data):
                raise FileNotFoundError
        except OSError:
            if not _write_atomically(blob, [data]):
                return None
            info = os.stat(blob)
            self.written_by[os.getpid()] = self.written_by.get(os.getpid(), 0) + 1
        return StoredFile(rel, digest, len(data), info.st_mtime_ns), info

    # between processes, and at the end

    def report(self) -> tuple:
        """What this store (in a forked process) noted, to hand to the store of the process that saves: `merge`."""
        pid = os.getpid()  # a forked copy of a store holds what its parent wrote before: counted there
        return {kind: dict(used) for kind, used in self._used.items()}, self.digests, (pid, self.written_by.get(pid, 0))

    def merge(self, report: tuple) -> None:
        entries, digests, (pid, written) = report
        for kind, used in entries.items():
            self._index(kind)
            self._used[kind].update(used)
        self.digests.update(digests)
        if pid != os.getpid():  # not this very store's own report (a function run here, not forked)
            self.written_by[pid] = self.written_by.get(pid, 0) + written

    @property
    def written(self) -> int:
        """Files new to the store this build, in every process."""
        return sum(self.written_by.values())

    def save(self) -> None:
        """Write each index back: this build's entries first, then older ones up to as many again. Once builds
        have stored PRUNE_FROM new files since the last time, the files no index names any more are removed."""
        for kind, used in self._used.items():
            loaded = self._indexes[kind]
            if all(loaded.get(key) == files for key, files in used.items()):
                continue  # nothing new: the index as it is names all this build used
            index = dict(used)
            for key, files in self._indexes[kind].items():
                if len(index) >= 2 * max(len(used), 1000):
                    break
                index.setdefault(key, files)
            data = json.dumps({k: [dataclasses.astuple(f) for f in files] for k, files in index.items()},
                              separators=(",", ":"))
            self.entries.put(self._index_key(kind), data.encode("utf-8"))
        counter = content_key("stored since pruned")
        try:
            stored = int(self.entries.get(counter) or b"0") + self.written
        except ValueError:
            stored = self.written
        if stored >= PRUNE_FROM:
            self.prune()
            stored = 0
        if self.written or stored == 0:
            self.entries.put(counter, str(stored).encode("ascii"))

    def prune(self) -> None:
        """Remove the stored files that no index of any kind or flavour names, but those younger than this
        build (another build sharing the cache may be about to name them)."""
        named: set[str] = set()
        for path in self.entries.folder.rglob("*"):
            data = self.entries.get(path.name) if path.is_file() and not path.name.startswith(".") else None
            try:
                named.update(f[1] for files in json.loads(data or b"{}").values() for f in files)
            except (ValueError, TypeError, IndexError, AttributeError):  # the counter, or a damaged index
                continue
        removed = 0
        for blob in self.blobs.glob("*/*"):
            if blob.name not in named and not blob.name.startswith("."):
                try:
                    if blob.stat().st_mtime < self.started:
                        blob.unlink()
                        removed += 1
                except OSError:
                    pass
        log.debug("cache: %d stored files no longer named, removed", removed)


def _link_or_copy(blob: Path, target: Path, info: os.stat_result, link: bool = True) -> os.stat_result:
    """Link `blob` (its state `info`) at `target`, where nothing is; or copy it where a link cannot be made (another
    file system, too many links). The state of what is at `target` now."""
    if link:
        try:
            os.link(blob, target)
            return info
        except OSError:
            pass
    target.unlink(missing_ok=True)
    shutil.copyfile(blob, target)
    return os.stat(target)


PRUNE_FROM = 5000  # files stored by builds since the store was last pruned, from which it is pruned again
