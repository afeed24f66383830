"""The build cache: files the build makes slowly (PDF sheets), kept by a hash of everything they are made from.

An entry's key is the SHA-256 of its inputs (the text it is rendered from, the renderer's version, the
fonts' bytes), never a file's time: so an entry found is always the right one, and a changed input
simply gives another key. The folder (`.cache/guongsang/` in the project, git-ignored) is safe to
delete at any time. A missing, truncated or otherwise damaged entry is a miss, never an error or a
wrong output: each entry carries the SHA-256 of its bytes, checked on every read. Entries are written
to a temporary file and renamed into place, so two builds sharing a cache never see half an entry.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from . import messages as msg

log = logging.getLogger(__name__)

CACHE_FOLDER = ".cache/guongsang"  # in the project root
_MAGIC = b"guongsang-cache 1\n"
_DIGEST = 64  # hex characters of a SHA-256


def content_key(*parts: bytes | str) -> str:
    """The key of an entry made from `parts`, in order (each one's length goes in too, so parts never run together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class ContentCache:
    """One kind of entry ('sheets') in the project's cache folder."""

    def __init__(self, root: Path, kind: str):
        self.folder = root / CACHE_FOLDER / kind

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None when there is no sound entry (a damaged one is removed)."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + _DIGEST + 1
        data = raw[head:]
        if raw[:len(_MAGIC)] != _MAGIC or raw[len(_MAGIC):head - 1].decode("ascii", "replace") != \
                hashlib.sha256(data).hexdigest():
            log.debug("cache: damaged entry %s, made again", path)
            path.unlink(missing_ok=True)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`; a cache that cannot be written only costs time, so failures are logged."""
        path = self.path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)
            os.replace(temporary, path)
        except OSError as err:
            log.warning(msg.CACHE_UNWRITABLE.format(path=path, reason=err.strerror or err))
            if temporary:
                Path(temporary).unlink(missing_ok=True)
