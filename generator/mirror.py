"""Mirrors: the manifest a built site carries (``SHA256SUMS``, ``manifest.json``) and checking a copy against it.

``SHA256SUMS`` lists every file of the site but itself, in the format of GNU ``sha256sum``, so that
``sha256sum -c SHA256SUMS`` run from the site root checks a copy with standard tools. The build's marker
``.guongsang-site`` is no file of the site (it tells a build the folder is one it made: see output.py), so
neither the manifest nor a check of a copy counts it. ``manifest.json``
summarises the build (commit, build date, records by kind, file count and total size) for machines.
Both are written last, after every other stage, and both are a pure function of the site's files.

``verify`` checks a copy in a folder or over HTTP(S). In a folder every file is seen, so files the
manifest does not list are reported as unexpected. Over HTTP nothing lists a server's files (every
folder of the site has its own ``index.html``), so the only files known to be there are those the copy's
own ``SHA256SUMS`` names: checked against a reference manifest (``--manifest``, e.g. the primary host's),
files listed by the copy but not by the reference are reported as unexpected; other extra files on the
server cannot be seen.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import enum
import errno
import functools
import hashlib
import http.client
import json
import logging
import os
import re
import socket
import ssl
import stat
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import messages as msg
from .addresses import MANIFEST_FILE, SITE_MARKER, SUMS_FILE

log = logging.getLogger(__name__)

_CHUNK = 1 << 20
_HTTP_WORKERS = 8
_SOCKET_TIMEOUT = 30  # seconds of silence before a request is given up; whole transfers have deadlines
VERIFY_TIMEOUT = 4 * 3600  # seconds for a whole verify: a 100,000-record site over a slow link fits
FILE_TIMEOUT = 600  # seconds for one file (a manifest, a ZIM download), within the verify's deadline
MANIFEST_CAP = 64_000_000  # bytes of a SHA256SUMS: some 500,000 files, read line by line
_LINE_CAP = 16_384  # bytes of one SHA256SUMS line: 64 hex digits, two characters and a path
_SUMMARY_CAP = 1_000_000  # bytes of manifest.json, which gives the cap for every other file
FILE_CAP = 16_000_000_000  # bytes of one file when no manifest.json tells the site's size
_BLANK_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class ManifestError(Exception):
    """The manifest to check against cannot be had or read; the message is for the user."""


class Difference(str, enum.Enum):
    MISSING = "missing"
    """Listed in the manifest, absent from the copy."""
    CHANGED = "changed"
    """Present, with other content than the manifest says."""
    UNEXPECTED = "unexpected"
    """Present in the copy, not listed in the manifest."""
    UNREADABLE = "unreadable"
    """Present perhaps, but could not be read or fetched (a server error, a permission, a deadline, a size cap)."""
    UNSAFE = "unsafe"
    """Present, but not a regular file inside the copy (a link, a FIFO, a device): never read."""


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    difference: Difference
    detail: str = ""


@dataclass(frozen=True)
class Verification:
    checked: int  # files listed in the manifest
    findings: tuple[Finding, ...]
    over_http: bool
    unchecked: int = 0  # listed files not reached before the whole check's deadline
    timeout: float = VERIFY_TIMEOUT  # that deadline, in seconds

    @property
    def identical(self) -> bool:
        return not self.findings and not self.unchecked


# --- writing ---------------------------------------------------------------------------------------

def site_files(site: Path) -> list[str]:
    """Every file of the site in `site` (all but our marker), as POSIX paths relative to it, sorted by their
    UTF-8 bytes."""
    paths = []
    top = os.fspath(site)  # not normpath: it would take `link/..` by its letters, not where the link leads
    skip = len(os.path.join(top, ""))  # with its trailing separator
    for folder, dirs, files in os.walk(top):
        base = folder[skip:].replace(os.sep, "/")  # os.walk joins each folder onto `top`: cut it off
        paths.extend((f"{base}/{name}" for name in files) if base else files)
    return sorted((p for p in paths if p != SITE_MARKER), key=lambda p: p.encode("utf-8"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(site: Path, *, commit: str | None, build_date: dt.date, records: Iterable[object],
                   site_url: str, known: Callable[[str, os.stat_result], str | None] | None = None,
                   files: list[str] | None = None) -> dict:
    """Write `manifest.json` then `SHA256SUMS` into a finished site; return the manifest.

    `records` are the published records (anything with a `.kind`). The manifest's file count and size
    cover every file but the two manifest files themselves; SHA256SUMS covers manifest.json too.
    `known` gives the SHA-256 of a file already known (placed from the build cache), from its path and state,
    else None: it is hashed.
    `files` are the site's files as site_files lists them, when the caller has just listed them.
    """
    for name in (MANIFEST_FILE, SUMS_FILE):
        (site / name).unlink(missing_ok=True)
    files = site_files(site) if files is None else [f for f in files if f not in (MANIFEST_FILE, SUMS_FILE)]
    top = os.path.join(os.fspath(site), "")
    sums, total = {}, 0
    for path in files:
        info = os.stat(top + path)
        sums[path] = (known and known(top + path, info)) or file_sha256(site / path)
        total += info.st_size
    kinds = Counter(_kind_value(r) for r in records)
    manifest = {
        "commit": commit,
        "build_date": build_date.isoformat(),
        "site_url": site_url,
        "records": {kind: kinds[kind] for kind in sorted(kinds)},
        "record_count": sum(kinds.values()),
        "file_count": len(files),
        "total_size": total,
        "checksums": SUMS_FILE,
    }
    (site / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                      encoding="utf-8")
    sums[MANIFEST_FILE] = file_sha256(site / MANIFEST_FILE)
    (site / SUMS_FILE).write_text(format_sums(sums), encoding="utf-8")
    log.debug("manifest: %d files, %d bytes", manifest["file_count"], manifest["total_size"])
    return manifest


def _kind_value(record: object) -> str:
    kind = getattr(record, "kind")
    return getattr(kind, "value", kind)


def format_sums(sums: dict[str, str]) -> str:
    """GNU sha256sum's text format, sorted by path; names with a backslash or newline are escaped as it does."""
    lines = []
    for path in sorted(sums, key=lambda p: p.encode("utf-8")):
        if any(ch in path for ch in "\\\n\r"):
            escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            lines.append(f"\\{sums[path]}  {escaped}\n")
        else:
            lines.append(f"{sums[path]}  {path}\n")
    return "".join(lines)


def parse_sums(text: str) -> dict[str, str]:
    """Read a SHA256SUMS text; raise ManifestError on a line that is not `<64 hex>  <relative path>`."""
    return _parse_lines(text.encode("utf-8").split(b"\n"))


_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")


def _parse_lines(lines: Iterable[bytes]) -> dict[str, str]:
    sums: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        if len(raw) > _LINE_CAP:
            raise ManifestError(msg.MIRROR_BAD_SUMS_LINE.format(line=number))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ManifestError(msg.MIRROR_SUMS_NOT_UTF8.format(line=number)) from None
        line = line.removesuffix("\r")  # a copy saved with Windows line ends; real "\r" in names is escaped
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        if escaped:
            line = line[1:]
        digest, sep, path = line[:64], line[64:66], line[66:]
        if sep not in ("  ", " *") or not _HEX_DIGEST.fullmatch(digest):
            raise ManifestError(msg.MIRROR_BAD_SUMS_LINE.format(line=number))
        if escaped:
            path = _unescape(path)
        if not _safe_relative(path):
            raise ManifestError(msg.MIRROR_UNSAFE_PATH.format(line=number, path=path))
        sums[path] = digest.lower()
    return sums


def _unescape(path: str) -> str:
    out, chars = [], iter(path)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append({"n": "\n", "r": "\r", "\\": "\\"}.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def _safe_relative(path: str) -> bool:
    """A path that stays inside the copy: relative, no '..', no empty or '.' parts."""
    if not path or path.startswith("/") or "\0" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


# --- verifying -------------------------------------------------------------------------------------

def is_url(target: str) -> bool:
    """Whether `target` is meant as an http(s) address, well formed or not (see `url_problem`)."""
    return target.lower().startswith(("http://", "https://"))


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched as written (a message for the user), or None when it can."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # raises on a port that is not a number from 0 to 65535
    except ValueError:  # e.g. an unclosed IPv6 bracket: 'http://[::1'
        return msg.MIRROR_BAD_URL.format(target=url)
    if not parts.hostname or _BLANK_OR_CONTROL.search(url):
        return msg.MIRROR_BAD_URL.format(target=url)
    return None


def verify(target: str | Path, reference: str | Path | None = None, *, timeout: float = VERIFY_TIMEOUT,
           file_timeout: float = FILE_TIMEOUT, manifest_cap: int = MANIFEST_CAP) -> Verification:
    """Check a copy (a folder, or an http(s) URL of the site root) against a manifest.

    The manifest is the copy's own SHA256SUMS, or `reference` (a file or URL of a SHA256SUMS) when given.
    Every read has a deadline, `file_timeout` seconds for one file within `timeout` for the whole check,
    and a size cap: `manifest_cap` bytes for a manifest, read line by line; the site's size (from the
    manifest.json SHA256SUMS lists) for any other file, hashed as it streams. Files not started before
    the whole check's deadline are counted as unchecked. In a folder only regular files inside it are
    read: a link (even to a file inside), a FIFO or a device is reported, never opened.
    Raises ManifestError when the manifest itself cannot be had or read.
    """
    for address in (str(target), str(reference or "")):
        if is_url(address) and (problem := url_problem(address)):
            raise ManifestError(problem)
    clock = _Clock(time.monotonic(), timeout, file_timeout)
    copy: _FolderCopy | _HttpCopy = (_HttpCopy(str(target), clock) if is_url(str(target))
                                     else _FolderCopy(Path(target), clock))
    findings: list[Finding] = []
    if reference is None:
        own = _read_copy_sums(copy, manifest_cap)
        if own is None:
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=copy.where(SUMS_FILE)))
        expected = own.sums
    else:
        reference_sums = _read_reference(str(reference), clock, manifest_cap)
        expected = reference_sums.sums
        own, finding = _compare_own_sums(copy, manifest_cap, reference_sums)
        findings.extend(finding)
    cap = _size_cap(copy, expected)
    unchecked = 0
    for path, result in copy.hash_all(sorted(expected), cap):
        if result is None:
            unchecked += 1
        elif isinstance(result, Finding):
            findings.append(result)
        elif result != expected[path]:
            findings.append(Finding(path, Difference.CHANGED))
    listed = set(expected) | {SUMS_FILE}
    findings.extend(Finding(path, Difference.UNEXPECTED) for path in copy.listing(own) if path not in listed)
    return Verification(len(expected), tuple(sorted(findings)), copy.over_http, unchecked, timeout)


class _Problem(Exception):
    """Why one file was not read, or not to the end: a Difference and a detail for the user."""

    def __init__(self, difference: Difference, detail: str = ""):
        super().__init__(detail)
        self.difference, self.detail = difference, detail


@dataclass(frozen=True)
class _Deadline:
    """The moment (of time.monotonic) a read is given up at, and the limit to name when it is."""
    at: float
    seconds: float

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def timed_out(self) -> _Problem:
        return _Problem(Difference.UNREADABLE, msg.MIRROR_TIMED_OUT.format(seconds=self.seconds))


@dataclass(frozen=True)
class _Clock:
    """The whole check's deadline, and the share of it one file may take."""
    start: float
    timeout: float
    file_timeout: float

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.start + self.timeout

    def for_file(self) -> _Deadline:
        end, own = self.start + self.timeout, time.monotonic() + self.file_timeout
        return _Deadline(own, self.file_timeout) if own < end else _Deadline(end, self.timeout)


@dataclass(frozen=True)
class _Sums:
    sums: dict[str, str]
    digest: str  # SHA-256 of the manifest's bytes: two manifests are compared by it, neither is kept whole


# An opened file: a binary stream and the size it announces (None when a server does not say).
_Opened = contextlib.AbstractContextManager[tuple[BinaryIO, int | None]]


@contextlib.contextmanager
def _reading(opened: _Opened, deadline: _Deadline, cap: int, too_big: str) -> Iterator[Iterator[bytes]]:
    """The chunks of an opened file, given up past `deadline` or past `cap` bytes (`too_big` says so)."""
    with opened as (stream, size):
        if size is not None and size > cap:
            raise _Problem(Difference.UNREADABLE, too_big)
        yield _chunks(stream, deadline, cap, too_big)


def _chunks(stream: BinaryIO, deadline: _Deadline, cap: int, too_big: str) -> Iterator[bytes]:
    # read1 returns what one read of the socket gives, where read(n) would wait for all n bytes.
    read = getattr(stream, "read1", stream.read)
    size = 0
    while True:
        if deadline.passed:
            raise deadline.timed_out()
        chunk = read(_CHUNK)
        if deadline.passed:  # a connection cut at its deadline ends like a short file: never hash that
            raise deadline.timed_out()
        if not chunk:
            return
        size += len(chunk)
        if size > cap:
            raise _Problem(Difference.UNREADABLE, too_big)
        yield chunk


def _read_sums(chunks: Iterable[bytes]) -> _Sums:
    """Parse a SHA256SUMS as its chunks arrive; raise ManifestError on a bad line."""
    digest = hashlib.sha256()

    def lines() -> Iterator[bytes]:
        pending = b""
        for chunk in chunks:
            digest.update(chunk)
            *complete, pending = (pending + chunk).split(b"\n")
            yield from complete
            if len(pending) > _LINE_CAP:
                yield pending  # refused as too long: a line never grows without bound
                return
        if pending:
            yield pending

    return _Sums(_parse_lines(lines()), digest.hexdigest())


def _read_copy_sums(copy: _FolderCopy | _HttpCopy, cap: int) -> _Sums | None:
    """The copy's own SHA256SUMS; None when it has none. Raises ManifestError when it cannot be read."""
    try:
        return _read_own_sums(copy, cap)
    except _Problem as problem:
        where = f"{copy.where(SUMS_FILE)} ({problem.detail})"
        raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=where)) from None


def _compare_own_sums(copy: _FolderCopy | _HttpCopy, cap: int,
                      reference: _Sums) -> tuple[_Sums | None, list[Finding]]:
    """The copy's own SHA256SUMS beside a reference manifest: a file like any other, expected to equal it."""
    try:
        own = _read_own_sums(copy, cap)
    except _Problem as problem:
        return None, [Finding(SUMS_FILE, problem.difference, problem.detail)]
    except ManifestError:  # not even well formed, so not the reference
        return None, [Finding(SUMS_FILE, Difference.CHANGED)]
    if own is None:
        return None, [Finding(SUMS_FILE, Difference.MISSING)]
    return own, [] if own.digest == reference.digest else [Finding(SUMS_FILE, Difference.CHANGED)]


def _read_own_sums(copy: _FolderCopy | _HttpCopy, cap: int) -> _Sums | None:
    deadline = copy.clock.for_file()
    try:
        with _reading(copy.open(SUMS_FILE, deadline), deadline, cap,
                      msg.MIRROR_TOO_BIG.format(limit=_number(cap))) as chunks:
            return _read_sums(chunks)
    except _Problem as problem:
        if problem.difference is Difference.MISSING:
            return None
        raise


def _read_reference(reference: str, clock: _Clock, cap: int) -> _Sums:
    deadline = clock.for_file()
    opened = _http_get(reference, deadline) if is_url(reference) else _open_file(reference, links=True)
    try:
        with _reading(opened, deadline, cap, msg.MIRROR_TOO_BIG.format(limit=_number(cap))) as chunks:
            return _read_sums(chunks)
    except _Problem as problem:
        where = f"{reference} ({problem.detail or msg.MIRROR_NOT_FOUND})"
        raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=where)) from None


def _size_cap(copy: _FolderCopy | _HttpCopy, expected: dict[str, str]) -> int:
    """The most bytes a file of the site may have: the whole site's size, which its manifest.json gives
    when it is the one SHA256SUMS lists (and at least that file's own cap); a fixed cap otherwise."""
    if MANIFEST_FILE not in expected or copy.clock.passed:
        return FILE_CAP
    data = bytearray()
    deadline = copy.clock.for_file()
    try:
        with _reading(copy.open(MANIFEST_FILE, deadline), deadline, _SUMMARY_CAP, "") as chunks:
            for chunk in chunks:
                data += chunk
    except _Problem:
        return FILE_CAP  # reported when the file itself is checked
    if hashlib.sha256(data).hexdigest() != expected[MANIFEST_FILE]:
        return FILE_CAP
    try:
        size = json.loads(data)["total_size"]
    except (ValueError, KeyError, TypeError):
        return FILE_CAP
    return max(size, _SUMMARY_CAP) if type(size) is int else FILE_CAP


def _hash(copy: _FolderCopy | _HttpCopy, path: str, cap: int) -> _Result:
    if copy.clock.passed:
        return None
    deadline = copy.clock.for_file()
    try:
        with _reading(copy.open(path, deadline), deadline, cap,
                      msg.MIRROR_TOO_BIG.format(limit=_number(cap))) as chunks:
            digest = hashlib.sha256()
            for chunk in chunks:
                digest.update(chunk)
            return digest.hexdigest()
    except _Problem as problem:
        return Finding(path, problem.difference, problem.detail)


def _number(count: int) -> str:
    return f"{count:,}".replace(",", ".")  # 64.000.000, as Vietnamese readers write numbers


# A file's SHA-256 in hex, what kept us from reading it, or None: not checked, the deadline had passed.
_Result = str | Finding | None


@contextlib.contextmanager
def _open_file(path: str, *, links: bool) -> Iterator[tuple[BinaryIO, int | None]]:
    """A local regular file, opened without blocking: a FIFO or a device is refused, never read.

    Without `links`, `path` must be real (absolute, resolved) and no part of it may be a link.
    """
    try:
        if not links and os.path.realpath(path) != path:
            raise _Problem(Difference.UNSAFE, msg.MIRROR_LINK)
        status = os.stat(path) if links else os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise _Problem(Difference.MISSING) from None
    except OSError as err:
        raise _Problem(Difference.UNREADABLE, msg.os_reason(err)) from None
    if not stat.S_ISREG(status.st_mode):
        raise _Problem(Difference.UNSAFE, msg.MIRROR_NOT_REGULAR)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _Problem(Difference.MISSING) from None
    except OSError as err:  # ELOOP: made a link since it was looked at
        detail = msg.MIRROR_LINK if err.errno == errno.ELOOP else msg.os_reason(err)
        raise _Problem(Difference.UNSAFE if err.errno == errno.ELOOP else Difference.UNREADABLE, detail) from None
    with open(fd, "rb", buffering=0) as stream:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):  # swapped for something else since it was looked at
            raise _Problem(Difference.UNSAFE, msg.MIRROR_NOT_REGULAR)
        try:
            yield stream, status.st_size
        except OSError as err:
            raise _Problem(Difference.UNREADABLE, msg.os_reason(err)) from None


class _FolderCopy:
    over_http = False

    def __init__(self, root: Path, clock: _Clock):
        self.root, self.clock = root, clock
        self.real_root = os.path.realpath(root)  # the copy may itself be reached through a link

    def where(self, path: str) -> str:
        return str(self.root / path)

    def open(self, path: str, deadline: _Deadline) -> _Opened:
        return _open_file(os.path.join(self.real_root, path), links=False)

    def hash_all(self, paths: list[str], cap: int) -> Iterator[tuple[str, _Result]]:
        for path in paths:
            yield path, _hash(self, path, cap)

    def listing(self, own: _Sums | None) -> list[str]:
        return site_files(self.root)


class _HttpCopy:
    over_http = True

    def __init__(self, url: str, clock: _Clock):
        self.base = url if url.endswith("/") else url + "/"
        self.clock = clock

    def where(self, path: str) -> str:
        return self.base + urllib.parse.quote(path)

    def open(self, path: str, deadline: _Deadline) -> _Opened:
        return _http_get(self.where(path), deadline)

    def hash_all(self, paths: list[str], cap: int) -> Iterator[tuple[str, _Result]]:
        with concurrent.futures.ThreadPoolExecutor(_HTTP_WORKERS) as pool:
            yield from zip(paths, pool.map(lambda path: _hash(self, path, cap), paths))

    def listing(self, own: _Sums | None) -> list[str]:
        # Only what the copy's own manifest exposes: see the module docstring.
        return sorted(own.sums) if own else []


# --- HTTP with a deadline --------------------------------------------------------------------------

@contextlib.contextmanager
def _http_get(url: str, deadline: _Deadline) -> Iterator[tuple[BinaryIO, int | None]]:
    """GET `url` (redirects and proxies as urllib follows them), given up at `deadline` however slowly
    the server sends: its status, headers or body."""
    if deadline.passed:
        raise deadline.timed_out()
    cutoff = _Cutoff(deadline)
    try:
        with _opener(cutoff).open(url, timeout=max(0.1, min(_SOCKET_TIMEOUT, deadline.remaining()))) as response:
            length = response.headers.get("Content-Length", "")
            yield response, int(length) if length.isdigit() else None
    except urllib.error.HTTPError as err:
        err.close()
        if err.code in (404, 410):
            raise _Problem(Difference.MISSING) from None
        raise _Problem(Difference.UNREADABLE, f"HTTP {err.code}") from None
    except (OSError, ValueError, http.client.HTTPException) as err:  # URLError and timeouts are OSErrors
        if cutoff.fired or deadline.passed:
            raise deadline.timed_out() from None
        raise _Problem(Difference.UNREADABLE, _network_reason(err)) from None
    finally:
        cutoff.disarm()


def _network_reason(err: Exception) -> str:
    """Why a request failed, in Vietnamese: urllib's and the system's own words are English."""
    reason = getattr(err, "reason", err)  # a URLError wraps the socket's error
    if isinstance(reason, ssl.SSLCertVerificationError):
        return msg.MIRROR_TLS_CERT
    if isinstance(reason, ssl.SSLError):
        return msg.MIRROR_TLS
    if isinstance(reason, socket.gaierror):
        return msg.MIRROR_NO_HOST
    if isinstance(reason, TimeoutError):
        return msg.MIRROR_SILENT.format(seconds=_SOCKET_TIMEOUT)
    if isinstance(reason, http.client.HTTPException):
        return msg.MIRROR_BAD_HTTP
    if isinstance(reason, OSError) and reason.errno:
        return msg.os_reason(reason, msg.MIRROR_NET_REASONS)
    return msg.MIRROR_BAD_REDIRECT  # urllib's ValueError or URLError text: a Location it cannot follow


class _Cutoff:
    """Shuts a request's connection at its deadline.

    A socket timeout bounds each wait for bytes, not a whole transfer: a server that sends a byte a
    second never trips it. So a timer shuts the socket, which ends whatever read is waiting on it.
    """

    def __init__(self, deadline: _Deadline):
        self.deadline = deadline
        self.fired = False
        self._timer: threading.Timer | None = None

    def arm(self, sock: socket.socket) -> None:
        self.disarm()  # a redirect: the first connection is done with
        self._timer = threading.Timer(self.deadline.remaining(), self._cut, (sock,))
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _cut(self, sock: socket.socket) -> None:
        self.fired = True
        # socket.socket's shutdown even for TLS: SSLSocket's own would unwrap TLS under the reading thread.
        # A socket already closed has no descriptor any more, so another connection's is never shut.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _CutoffConnection:
    """An http.client connection whose socket a _Cutoff watches from the moment it is connected."""

    def __init__(self, *args, cutoff: _Cutoff, **kwargs):
        super().__init__(*args, **kwargs)
        self.cutoff = cutoff

    def connect(self) -> None:
        super().connect()  # bounded by the socket timeout; for TLS that bounds the whole handshake
        self.cutoff.arm(self.sock)


class _HTTPConnection(_CutoffConnection, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_CutoffConnection, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, cutoff: _Cutoff):
        super().__init__()
        self.cutoff = cutoff

    def http_open(self, req: urllib.request.Request):
        return self.do_open(_HTTPConnection, req, cutoff=self.cutoff)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, cutoff: _Cutoff):
        super().__init__(context=_tls_context())
        self.cutoff = cutoff

    def https_open(self, req: urllib.request.Request):
        return self.do_open(_HTTPSConnection, req, context=_tls_context(), cutoff=self.cutoff)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # made once: loading the system's certificates is slow


def _opener(cutoff: _Cutoff) -> urllib.request.OpenerDirector:
    """urllib's usual opener for http and https only: a redirect to ftp:// or file:// is refused."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), _HTTPHandler(cutoff),
                    _HTTPSHandler(cutoff), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPRedirectHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener
