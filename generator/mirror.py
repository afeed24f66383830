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
import datetime as dt
import enum
import hashlib
import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import MANIFEST_FILE, SITE_MARKER, SUMS_FILE

log = logging.getLogger(__name__)

_CHUNK = 1 << 20
_HTTP_WORKERS = 8
_HTTP_TIMEOUT = 30


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
    """Present perhaps, but could not be read or fetched (a server error, a permission)."""


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

    @property
    def identical(self) -> bool:
        return not self.findings


# --- writing ---------------------------------------------------------------------------------------

def site_files(site: Path) -> list[str]:
    """Every file of the site in `site` (all but our marker), as POSIX paths relative to it, sorted by their
    UTF-8 bytes."""
    paths = []
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        base = Path(folder).relative_to(site)
        paths.extend((base / name).as_posix() for name in files)
    return sorted((p for p in paths if p != SITE_MARKER), key=lambda p: p.encode("utf-8"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(site: Path, *, commit: str | None, build_date: dt.date, records: Iterable[object],
                   site_url: str) -> dict:
    """Write `manifest.json` then `SHA256SUMS` into a finished site; return the manifest.

    `records` are the published records (anything with a `.kind`). The manifest's file count and size
    cover every file but the two manifest files themselves; SHA256SUMS covers manifest.json too.
    """
    for name in (MANIFEST_FILE, SUMS_FILE):
        (site / name).unlink(missing_ok=True)
    files = site_files(site)
    sums = {path: file_sha256(site / path) for path in files}
    kinds = Counter(_kind_value(r) for r in records)
    manifest = {
        "commit": commit,
        "build_date": build_date.isoformat(),
        "site_url": site_url,
        "records": {kind: kinds[kind] for kind in sorted(kinds)},
        "record_count": sum(kinds.values()),
        "file_count": len(files),
        "total_size": sum((site / path).stat().st_size for path in files),
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
    sums: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")  # a copy saved with Windows line ends; real "\r" in names is escaped
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        if escaped:
            line = line[1:]
        digest, sep, path = line[:64], line[64:66], line[66:]
        if sep not in ("  ", " *") or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
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
    return urllib.parse.urlsplit(target).scheme in ("http", "https")


def verify(target: str | Path, reference: str | Path | None = None) -> Verification:
    """Check a copy (a folder, or an http(s) URL of the site root) against a manifest.

    The manifest is the copy's own SHA256SUMS, or `reference` (a file or URL of a SHA256SUMS) when given.
    Raises ManifestError when the manifest itself cannot be had or read.
    """
    over_http = is_url(str(target))
    copy = _HttpCopy(str(target)) if over_http else _FolderCopy(Path(target))
    own_text = copy.read_manifest()
    findings: list[Finding] = []
    if reference is None:
        if own_text is None:
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=copy.where(SUMS_FILE)))
        expected = parse_sums(own_text)
    else:
        reference_text = _read_reference(reference)
        expected = parse_sums(reference_text)
        # The copy's own SHA256SUMS is then a file like any other, expected to equal the reference.
        if own_text is None:
            findings.append(Finding(SUMS_FILE, Difference.MISSING))
        elif own_text != reference_text:
            findings.append(Finding(SUMS_FILE, Difference.CHANGED))
    for path, result in copy.hash_all(sorted(expected)):
        if isinstance(result, Finding):
            findings.append(result)
        elif result != expected[path]:
            findings.append(Finding(path, Difference.CHANGED))
    listed = set(expected) | {SUMS_FILE}
    present = copy.listing(own_text)
    findings.extend(Finding(path, Difference.UNEXPECTED) for path in present if path not in listed)
    return Verification(len(expected), tuple(sorted(findings)), over_http)


def _read_reference(reference: str | Path) -> str:
    if is_url(str(reference)):
        try:
            return _http_text(str(reference))
        except (urllib.error.URLError, OSError, UnicodeDecodeError, ValueError) as err:
            reason = getattr(err, "reason", err)
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=f"{reference} ({reason})")) from None
    try:
        return Path(reference).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=f"{reference} ({err})")) from None


# A file's SHA-256 in hex, or what kept us from reading it.
_Result = str | Finding


class _FolderCopy:
    def __init__(self, root: Path):
        self.root = root

    def where(self, path: str) -> str:
        return str(self.root / path)

    def read_manifest(self) -> str | None:
        try:
            return (self.root / SUMS_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as err:
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=f"{self.where(SUMS_FILE)} ({err})")) from None

    def hash_all(self, paths: list[str]) -> Iterator[tuple[str, _Result]]:
        for path in paths:
            file = self.root / path
            if not file.is_file():
                yield path, Finding(path, Difference.MISSING)
                continue
            try:
                yield path, file_sha256(file)
            except OSError as err:
                yield path, Finding(path, Difference.UNREADABLE, err.strerror or str(err))

    def listing(self, own_text: str | None) -> list[str]:
        return site_files(self.root)


class _HttpCopy:
    def __init__(self, url: str):
        self.base = url if url.endswith("/") else url + "/"

    def where(self, path: str) -> str:
        return self.base + urllib.parse.quote(path)

    def read_manifest(self) -> str | None:
        try:
            return _http_text(self.where(SUMS_FILE))
        except urllib.error.HTTPError as err:
            if err.code in (404, 410):
                return None
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=f"{self.where(SUMS_FILE)} (HTTP {err.code})"))
        except (urllib.error.URLError, OSError, UnicodeDecodeError, ValueError) as err:
            reason = getattr(err, "reason", err)
            raise ManifestError(msg.MIRROR_NO_MANIFEST.format(where=f"{self.where(SUMS_FILE)} ({reason})")) from None

    def hash_all(self, paths: list[str]) -> Iterator[tuple[str, _Result]]:
        with concurrent.futures.ThreadPoolExecutor(_HTTP_WORKERS) as pool:
            yield from zip(paths, pool.map(self._hash, paths))

    def _hash(self, path: str) -> _Result:
        try:
            with urllib.request.urlopen(self.where(path), timeout=_HTTP_TIMEOUT) as response:
                digest = hashlib.sha256()
                while chunk := response.read(_CHUNK):
                    digest.update(chunk)
                return digest.hexdigest()
        except urllib.error.HTTPError as err:
            if err.code in (404, 410):
                return Finding(path, Difference.MISSING)
            return Finding(path, Difference.UNREADABLE, f"HTTP {err.code}")
        except (urllib.error.URLError, OSError) as err:
            return Finding(path, Difference.UNREADABLE, str(getattr(err, "reason", err)))

    def listing(self, own_text: str | None) -> list[str]:
        # Only what the copy's own manifest exposes: see the module docstring.
        return sorted(parse_sums(own_text)) if own_text else []


def _http_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=_HTTP_TIMEOUT) as response:
        return response.read().decode("utf-8")
