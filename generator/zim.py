"""The ZIM download, for Kiwix: every file of the offline copy, a full-text index, title suggestions and metadata.

libzim writes three random UUIDs (the archive's, and one in each Xapian index) and an MD5 of the whole
file; with one worker thread everything else is byte-stable, so after writing we replace the UUIDs with
values derived from the file's own content and recompute the MD5.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import logging
import mmap
import os
import re
import struct
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from libzim.writer import Creator, FileProvider, Hint, IndexData, Item

from .illustration import ILLUSTRATION_SIZE, illustration_png
from .mirror import site_files
from .text import fold_diacritics

log = logging.getLogger(__name__)

ZIM_LANGUAGE = "vie"
# Fixed, so that the MIME types in a ZIM do not depend on the machine's /etc/mime.types.
_MIME_TYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain", ".csv": "text/csv",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".woff": "font/woff",
    ".woff2": "font/woff2", ".ttf": "font/ttf", ".atom": "application/atom+xml", ".rss": "application/rss+xml",
    ".gz": "application/gzip", ".zip": "application/zip", ".wasm": "application/wasm", ".map": "application/json",
    ".pdf": "application/pdf",
}
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml", "application/atom+xml",
                 "application/rss+xml", "text/javascript", "application/wasm")
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S | re.I)
_ARTICLE = re.compile(r"<article\b.*</article>", re.S | re.I)
_HIDDEN = re.compile(r"<(script|style|template|svg|noscript)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_XAPIAN_GLASS = b"\x0f\rXapian Glass"
_XAPIAN_UUID_AT = len(_XAPIAN_GLASS) + 2  # magic, then a two-byte format version, then the UUID
_ZIM_UUID_AT, _ZIM_CHECKSUM_POS_AT = 8, 72


@dataclass(frozen=True)
class ZimMetadata:
    name: str  # Kiwix book name, e.g. "guongsang_vi_all"
    title: str
    description: str  # at most 80 characters
    long_description: str
    creator: str
    publisher: str
    date: dt.date
    source: str  # the primary host's URL


def mime_type(path: str) -> str:
    return _MIME_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def page_title(data: bytes, site_name: str) -> str:
    """A page's <title>, without the ' - Site name' MkDocs appends."""
    found = _TITLE.search(data)
    if not found:
        return ""
    title = html.unescape(found.group(1).decode("utf-8", "replace")).strip()
    suffix = f" - {site_name}"
    return title[: -len(suffix)] if title.endswith(suffix) and title != suffix.strip(" -") else title


def _strip_tones_and_marks(word: str) -> str:
    """'Đạo' -> 'Đao': every combining mark removed, đ kept, as libzim folds a query."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word)
                                                 if not unicodedata.combining(c)))


def page_text(data: bytes) -> str:
    """The readable text of one of our pages: its <article> when it has one (leaving out menus), else its body.

    Regular expressions, not a parser: the pages are our own output, and this runs on every page of a ZIM.
    """
    text = data.decode("utf-8", "replace")
    found = _ARTICLE.search(text)
    if found:
        text = found.group(0)
    elif (body := text.find("<body")) >= 0:
        text = text[body:]
    text = _TAG.sub(" ", _HIDDEN.sub(" ", text))
    return " ".join(html.unescape(text).split())


def write_zim(site: Path, out: Path, meta: ZimMetadata, main_path: str = "index.html") -> None:
    """Write every file of `site` into a ZIM with a full-text index, title suggestions and metadata.

    Pages are titled by their <title> less the site's name, so record pages by the record's name. Only
    HTML pages are front articles (suggested, searched and counted).
    """
    class PageIndex(IndexData):
        """What Xapian indexes for a page. libzim expects it without accents, as its own default does; we fold
        đ to d as well (libzim keeps it), and add the words with đ in libzim's way, for queries typed with đ."""

        def __init__(self, title: str, text: str):
            self.title, self.text = fold_diacritics(title), fold_diacritics(text)
            words = {w for w in (title + " " + text).split() if "đ" in w.lower()}
            self.keywords = " ".join(sorted({_strip_tones_and_marks(w) for w in words}))

        def has_indexdata(self) -> bool:
            return True

        def get_title(self) -> str:
            return self.title

        def get_content(self) -> str:
            return self.text

        def get_keywords(self) -> str:
            return self.keywords

        def get_wordcount(self) -> int:
            return len(self.text.split())

        def get_geoposition(self):
            return None

    class SiteFile(Item):
        def __init__(self, path: str):
            super().__init__()
            self.path, self.mime = path, mime_type(path)
            self.title = ""
            self.front = self.mime == "text/html" and path != "404.html"
            if self.mime == "text/html":
                data = (site / path).read_bytes()
                self.title = page_title(data, meta.title)
                self.text = page_text(data) if self.front else ""

        def get_path(self) -> str:
            return self.path

        def get_title(self) -> str:
            return self.title

        def get_mimetype(self) -> str:
            return self.mime

        def get_contentprovider(self):
            return FileProvider(str(site / self.path))

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: self.front, Hint.COMPRESS: self.mime.startswith(_COMPRESSIBLE)}

        def get_indexdata(self):
            return PageIndex(self.title, self.text) if self.front else None

    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    # One worker: with more, the full-text index receives pages in a varying order and differs run to run.
    creator = Creator(str(tmp)).config_indexing(True, ZIM_LANGUAGE).config_nbworkers(1).config_verbose(False)
    with _quiet_stdout(), creator:
        creator.set_mainpath(main_path)
        creator.add_illustration(ILLUSTRATION_SIZE, illustration_png(ILLUSTRATION_SIZE))
        for name, value in (("Name", meta.name), ("Title", meta.title), ("Description", meta.description),
                            ("LongDescription", meta.long_description), ("Language", ZIM_LANGUAGE),
                            ("Creator", meta.creator), ("Publisher", meta.publisher),
                            ("Date", meta.date.isoformat()), ("Source", meta.source),
                            ("Tags", "_ftindex:yes;_pictures:yes;_videos:no;_details:yes")):
            if value:
                creator.add_metadata(name, value)
        for path in site_files(site):
            item = SiteFile(path)
            creator.add_item(item)
            folded = fold_diacritics(item.title)
            if item.front and "đ" in item.title.lower() and "/" in path:
                # Title suggestions do not fold đ either: suggest the page under its unaccented name too.
                creator.add_redirection(path.rsplit("/", 1)[0], folded, path, {Hint.FRONT_ARTICLE: True})
    stabilise_zim(tmp)
    tmp.replace(out)


@contextlib.contextmanager
def _quiet_stdout():
    """libzim prints its progress on file descriptor 1 whatever its verbosity: keep it off our output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def stabilise_zim(path: Path) -> None:
    """Replace libzim's random UUIDs with ones derived from the content, and recompute the MD5 checksum."""
    with path.open("r+b") as f, mmap.mmap(f.fileno(), 0) as data:
        (checksum_pos,) = struct.unpack_from("<Q", data, _ZIM_CHECKSUM_POS_AT)
        places = [_ZIM_UUID_AT]
        at = data.find(_XAPIAN_GLASS)
        while at != -1:
            places.append(at + _XAPIAN_UUID_AT)
            at = data.find(_XAPIAN_GLASS, at + 1)
        for place in places:
            data[place:place + 16] = bytes(16)
        content = hashlib.sha256()
        for start in range(0, checksum_pos, 1 << 24):
            content.update(data[start:min(start + (1 << 24), checksum_pos)])
        seed = content.digest()
        for index, place in enumerate(places):
            data[place:place + 16] = _derived_uuid(seed, index)
        md5 = hashlib.md5(usedforsecurity=False)
        for start in range(0, checksum_pos, 1 << 24):
            md5.update(data[start:min(start + (1 << 24), checksum_pos)])
        data[checksum_pos:checksum_pos + 16] = md5.digest()
        data.flush()
    log.debug("zim: %d UUIDs derived from the content", len(places))


def _derived_uuid(seed: bytes, index: int) -> bytes:
    raw = bytearray(hashlib.sha256(seed + index.to_bytes(4, "big")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x80  # RFC 9562 version 8 (custom)
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return bytes(raw)
