"""Offline downloads: a ZIP of the ``file://`` copy of the site and a ZIM file for Kiwix, both reproducible.

Both are made from the offline copy (links end in ``index.html``, so they also resolve inside a ZIM).
Next to them ``bundles.json`` records their names, sizes and SHA-256 and the commit they were made from;
``guongsang build --bundles DIR`` reads it, copies the files into the site's ``tai-ve/`` folder and lists
them on ``/ban-sao/``, so the published site, its SHA256SUMS and its downloads agree. The copies inside
the bundles cannot list the bundles' own checksums (a file cannot contain its own hash): their
``/ban-sao/`` page points to the primary host for the downloads instead.

Reproducibility: ZIP entries are sorted and carry the build date as their time. libzim writes three
random UUIDs (the archive's, and one in each Xapian index) and an MD5 of the whole file; with one worker
thread everything else is byte-stable, so after writing we replace the UUIDs with values derived from
the file's own content and recompute the MD5.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import html
import json
import logging
import mmap
import os
import re
import shutil
import struct
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .dates import source_commit
from .mirror import file_sha256, site_files
from .problems import InputError, Problem
from .text import fold_diacritics, slugify

log = logging.getLogger(__name__)

BUNDLES_FILE = "bundles.json"
DOWNLOADS_DIR = "tai-ve"  # inside the published site
ZIM_LANGUAGE = "vie"
ILLUSTRATION_SIZE = 48

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
class Download:
    """One offline download, as listed on /ban-sao/."""
    name: str  # file name
    format: str  # "zip" or "zim"
    size: int
    sha256: str

    @property
    def size_text(self) -> str:
        """'12,3 MB (12.345.678 byte)': the size as Vietnamese readers write numbers."""
        exact = f"{self.size:,}".replace(",", ".")
        for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
            if self.size >= factor:
                return f"{self.size / factor:.1f} {unit} ({exact} byte)".replace(".", ",", 1)
        return f"{exact} byte"


@dataclass(frozen=True)
class BundleSet:
    """What `guongsang bundle` wrote: the downloads and the source they were made from."""
    commit: str | None
    build_date: dt.date
    downloads: tuple[Download, ...]

    def to_json(self) -> str:
        data = {"commit": self.commit, "build_date": self.build_date.isoformat(),
                "downloads": [dataclasses.asdict(d) for d in self.downloads]}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BundleSet:
        data = json.loads(text)
        return cls(data["commit"], dt.date.fromisoformat(data["build_date"]),
                   tuple(Download(**d) for d in data["downloads"]))


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


def bundle_basename(site_name: str, build_date: dt.date) -> str:
    """'guong-sang-2026-11-21': the downloads' file name, and the ZIP's top folder, without extension."""
    return f"{slugify(site_name) or 'site'}-{build_date.isoformat()}"


# --- ZIP -------------------------------------------------------------------------------------------

def write_zip(site: Path, out: Path, folder: str, date: dt.date) -> None:
    """Zip every file of `site` under `folder/`, sorted, with `date` as every entry's time."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in site_files(site):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with (site / path).open("rb") as src, archive.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    tmp.replace(out)


# --- ZIM -------------------------------------------------------------------------------------------

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
    from libzim.writer import Creator, FileProvider, Hint, IndexData, Item

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


# --- the illustration ------------------------------------------------------------------------------

def illustration_png(size: int = ILLUSTRATION_SIZE) -> bytes:
    """A square PNG: a golden five-pointed star on a red rounded square, drawn with 4×4 supersampling."""
    red, gold, clear = (200, 16, 46), (255, 205, 0), (0, 0, 0)
    star = _star_polygon(size / 2, size / 2 + size * 0.03, size * 0.40, size * 0.16)
    radius = size * 0.18
    rows = []
    samples = 4
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            cover = [0, 0]  # samples inside the square, samples inside the star
            for sy in range(samples):
                for sx in range(samples):
                    px, py = x + (sx + 0.5) / samples, y + (sy + 0.5) / samples
                    if _in_rounded_square(px, py, size, radius):
                        cover[0] += 1
                        cover[1] += _in_polygon(px, py, star)
            total = samples * samples
            alpha = cover[0] / total
            mix = cover[1] / cover[0] if cover[0] else 0.0
            colour = tuple(round(r * (1 - mix) + g * mix) for r, g in zip(red, gold)) if cover[0] else clear
            row += bytes(colour) + bytes([round(alpha * 255)])
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + \
        _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _png_chunk(b"IEND", b"")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _star_polygon(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = outer if i % 2 == 0 else inner
        # Rounded so that a last-bit difference between maths libraries cannot move a pixel.
        points.append((round(cx + r * math.cos(angle), 6), round(cy + r * math.sin(angle), 6)))
    return points


def _in_polygon(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_rounded_square(x: float, y: float, size: int, radius: float) -> bool:
    dx = max(radius - x, 0, x - (size - radius))
    dy = max(radius - y, 0, y - (size - radius))
    return dx * dx + dy * dy <= radius * radius


# --- the set of downloads ----------------------------------------------------------------------------

def describe(out: Path, names: list[str], commit: str | None, build_date: dt.date) -> BundleSet:
    """Measure the written downloads and record them in `out/bundles.json`."""
    downloads = tuple(Download(name, Path(name).suffix.lstrip("."), (out / name).stat().st_size,
                               file_sha256(out / name)) for name in names)
    bundles = BundleSet(commit, build_date, downloads)
    (out / BUNDLES_FILE).write_text(bundles.to_json(), encoding="utf-8")
    return bundles


def read_bundles(folder: Path) -> BundleSet:
    return BundleSet.from_json((folder / BUNDLES_FILE).read_text(encoding="utf-8"))


def bundles_for_build(folder: Path, root: Path, build_date: dt.date) -> BundleSet:
    """The downloads in `folder`, checked to be whole and made from the same commit and date as this build.

    Raises InputError otherwise: a site must not list downloads of another version of itself.
    """
    where = (folder / BUNDLES_FILE).as_posix()
    try:
        bundles = read_bundles(folder)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError([Problem(where, 1, msg.BUNDLES_UNREADABLE.format(reason=err))]) from None
    problems = []
    commit = source_commit(root)
    if bundles.commit != commit or bundles.build_date != build_date:
        problems.append(Problem(where, 1, msg.BUNDLES_OTHER_BUILD.format(
            commit=(bundles.commit or "?")[:12], date=bundles.build_date, this_commit=(commit or "?")[:12],
            this_date=build_date)))
    for download in bundles.downloads:
        file = folder / download.name
        if Path(download.name).name != download.name or not file.is_file():
            problems.append(Problem(where, 1, msg.BUNDLE_MISSING.format(name=download.name)))
        elif file.stat().st_size != download.size or file_sha256(file) != download.sha256:
            problems.append(Problem(where, 1, msg.BUNDLE_CHANGED.format(name=download.name)))
    if problems:
        raise InputError(problems)
    return bundles


def copy_downloads(folder: Path, bundles: BundleSet, site: Path) -> None:
    """Put the downloads into the site's tai-ve/ folder (hard links when the file system allows)."""
    target = site / DOWNLOADS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for download in bundles.downloads:
        try:
            os.link(folder / download.name, target / download.name)
        except OSError:
            shutil.copyfile(folder / download.name, target / download.name)


def bundle_site(root: Path, out: Path) -> BundleSet:
    """Build the offline copy of the project at `root` and write its ZIP and ZIM, and bundles.json, into `out`."""
    from .build import build_site
    from .dates import build_date
    from .project import load_project

    config = load_project(root).config  # raises InputError before anything is written
    date, commit = build_date(root), source_commit(root)
    base = bundle_basename(config.name, date)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guongsang-bundle-") as work:
        copy = Path(work) / base
        build_site(root, copy, offline=True)
        write_zip(copy, out / f"{base}.zip", base, date)
        meta = ZimMetadata(
            name=f"{slugify(config.name).replace('-', '') or 'site'}_vi_all", title=config.name[:30],
            description=_shorten(config.tagline or config.description or config.name, 80),
            long_description=_shorten(config.description, 4000), creator=config.publisher or config.name,
            publisher=config.publisher or config.name, date=date, source=config.url)
        write_zim(copy, out / f"{base}.zim", meta)
    _remove_stale(out, {f"{base}.zip", f"{base}.zim"})
    return describe(out, [f"{base}.zip", f"{base}.zim"], commit, date)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Downloads of an earlier run, named in its bundles.json, would otherwise pile up in `out`."""
    try:
        previous = read_bundles(out)
    except (OSError, ValueError, KeyError, TypeError):
        return
    for download in previous.downloads:
        if download.name not in keep and Path(download.name).name == download.name:
            (out / download.name).unlink(missing_ok=True)
