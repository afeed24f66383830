"""PDF sheets for the classroom: one per record with teaching notes, one per lesson pack, made with WeasyPrint.

A sheet is an HTML page (templates/sheets/) laid out for A4 and printed to PDF, with Debian's Noto fonts
(package fonts-noto-core) embedded and a QR code (qr.py) to the page it comes from. Its bytes depend only
on its HTML, the fonts and the pinned WeasyPrint: the HTML holds no build date but the day the record or
pack last changed (from git), so a sheet changes only when its content does. Each sheet is kept in the
build cache (cache.py) under the hash of those inputs, so a build makes only the sheets whose inputs
changed, in as many processes as the machine has cores; the others are read back from the cache.

WeasyPrint may read nothing but the fonts: record text is the user's, and an image or stylesheet link
in it must not pull a file of the machine into a PDF (see `fonts_only_fetcher`).
"""
from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup
from PIL import ImageFile

from . import addresses
from . import messages as msg
from .cache import ContentCache, FileStore, content_key, fingerprint
from .catalog import Catalog
from .fonts import FONT_FOLDER, NOTO_SANS, digests
from .lessons import Lesson
from .markup import markdown_to_html
from .output import inside
from .qr import qr_svg
from .records import Record

log = logging.getLogger(__name__)
# WeasyPrint reports each step of each sheet at INFO, in English: the build says what matters itself.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

SHEET_FORMAT = "1"  # bump to make every sheet again after a change the inputs below do not show
FONTS = NOTO_SANS  # (weight, style) -> file in FONT_FOLDER (fonts.py)
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates/sheets"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)
_TEMPLATES.filters["vi_date"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
_TEMPLATES.filters["level_names"] = lambda levels: ", ".join(msg.LEVEL_SHORT[level] for level in levels)


def css_string(text: str) -> Markup:
    """`text` as a CSS string: quoted, its backslashes, quotes and line ends escaped, and no `<` to end the style."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n\r' else c for c in text)
    return Markup(f'"{escaped}"')


_TEMPLATES.filters["css_string"] = css_string


class FontMissing(Exception):
    """The fonts the sheets are set in are not installed."""

    def __init__(self, path: Path):
        super().__init__(msg.FONT_MISSING.format(path=path))


@dataclass(frozen=True)
class Sheet:
    """One PDF of the site: where it goes, its size, and its entry in the cache."""

    url: str  # relative to the site root
    size: int
    key: str


@dataclass(frozen=True)
class SheetStats:
    sheets: int
    made: int  # the rest came from the cache
    seconds: float


@functools.lru_cache(maxsize=1)
def font_faces() -> tuple[tuple[str, str, str], ...]:
    """(weight, style, file:// address) of each font; FontMissing when one is not installed."""
    faces = []
    for (weight, style), name in FONTS.items():
        path = FONT_FOLDER / name
        if not path.is_file():
            raise FontMissing(path)
        faces.append((weight, style, path.as_uri()))
    return tuple(faces)


@functools.lru_cache(maxsize=1)
def renderer_identity() -> str:
    """What, besides its HTML, a sheet's bytes depend on: our layout's version, the libraries', the fonts' bytes."""
    versions = [importlib.metadata.version(name) for name in ("weasyprint", "pydyf")]
    return " ".join([SHEET_FORMAT, *versions, *digests(FONT_FOLDER, FONTS.values())])


def html_to_pdf(html: str) -> bytes:
    """One sheet's PDF, set in the fonts of the `pdf_fonts` block it is made in. Reproducible: WeasyPrint
    writes no clock time and no random document id, and the creation date comes from the page's own
    `dcterms.created`."""
    if _fonts is None:
        raise RuntimeError("sheets are made inside a pdf_fonts block")
    return _weasyprint().HTML(string=html, url_fetcher=fonts_only_fetcher()).write_pdf(font_config=_fonts)


# The fonts of the sheets being made (see pdf_fonts): a global, as the processes forked to make sheets inherit it.
_fonts = None


@contextlib.contextmanager
def pdf_fonts(work: Path) -> Iterator[None]:
    """Sheets made in this block share one font configuration, whose copies of the fonts are kept in a new
    folder under `work` and removed when the block ends.

    WeasyPrint copies each @font-face font into a folder of its own for fontconfig to read. Left to itself it
    makes that folder in the system's temporary folder, once per sheet, and a forked process that ends never
    removes its last one: a build would write outside the project and leave megabytes behind. One
    configuration for all the sheets also loads the fonts once: a sheet takes about 30 % less time, with the
    same bytes."""
    global _fonts
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration
    work.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=work, prefix="fonts-"))
    config = FontConfiguration()
    config._folder = folder  # where add_font_face copies the fonts; WeasyPrint would make it in /tmp
    _fonts = config
    try:
        yield
    finally:
        _fonts = None
        config._folder = None  # removed here, not by the configuration's __del__
        shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=1)
def _weasyprint():
    """WeasyPrint, imported when the first sheet is made rather than with this module: loading it (Pango,
    HarfBuzz and their fonts) takes about a second, which a rebuild whose sheets all come from the cache
    never needs."""
    try:
        import weasyprint
    finally:
        # Once imported (even in part), it has Pillow accept truncated images in the whole process; the sheets
        # embed no image, and the photo checks (images.py) must see a damaged file as damaged: put it back.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


@functools.lru_cache(maxsize=1)
def fonts_only_fetcher():
    """WeasyPrint's fetcher, refusing every address but the sheets' font files."""
    weasyprint = _weasyprint()
    allowed = {uri for _, _, uri in font_faces()}

    class FontsOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"not fetched: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


# -- what each sheet shows -----------------------------------------------------------------------------


def record_sheet_html(catalog: Catalog, record: Record) -> str:
    """The HTML of a record's sheet: its retelling, questions with answer lines, activities and a QR code."""
    config = catalog.project.config
    page = addresses.canonical_url(config.url, addresses.record_url(record))
    return _TEMPLATES.get_template("record.html").render(
        r=record, t=record.teaching, site=config, address=page, qr=Markup(qr_svg(page)),
        date=catalog.dates[record.id].updated, **_common())


def lesson_sheet_html(catalog: Catalog, lesson: Lesson) -> str:
    """The HTML of a lesson pack's PDF: cover, objectives, plan with timings, each record's retelling, worksheet."""
    config = catalog.project.config
    page = addresses.canonical_url(config.url, addresses.lesson_url(lesson.id))
    records = [catalog.by_id[i] for i in lesson.records if i in catalog.by_id]
    date = max([catalog.lesson_dates[lesson.id].updated, *(catalog.dates[r.id].updated for r in records)])
    return _TEMPLATES.get_template("lesson.html").render(
        lesson=lesson, records=records, site=config, address=page, qr=Markup(qr_svg(page)), date=date,
        record_address=lambda r: addresses.canonical_url(config.url, addresses.record_url(r)), **_common())


def _common() -> dict:
    return {"fonts": font_faces(), "kind_label": msg.SHEET_KIND,
            "lesson_label": msg.LESSON_SHEET_KIND, "markdown": lambda text: Markup(markdown_to_html(text))}


def sheet_sources(catalog: Catalog) -> list[tuple[str, functools.partial]]:
    """Each sheet of the site (its address, and how to make its HTML), in a fixed order."""
    return [(url, make_html) for url, _, make_html in sheet_inputs(catalog)]


def sheet_inputs(catalog: Catalog) -> list[tuple[str, str, functools.partial]]:
    """Each sheet of the site: its address, the fingerprint of all its HTML is made from (what the two
    functions above read: the record or pack, the records it uses, their dates, the config) and how to make it."""
    known = catalog.known_fingerprints()
    config = catalog.project.config
    sources = [(addresses.record_sheet_url(r), fingerprint(("record", r, catalog.dates[r.id].updated, config), known),
                functools.partial(record_sheet_html, catalog, r)) for r in catalog.teaching]
    for p in catalog.lessons:
        records = [catalog.by_id[i] for i in p.records if i in catalog.by_id]
        inputs = ("lesson", p, records, catalog.lesson_dates[p.id].updated, [catalog.dates[r.id].updated for r in records],
                  config)
        sources.append((addresses.lesson_sheet_url(p.id), fingerprint(inputs, known),
                        functools.partial(lesson_sheet_html, catalog, p)))
    return sources


# -- making them, once -------------------------------------------------------------------------------


def make_sheets(catalog: Catalog, cache: ContentCache, processes: int | None = None) -> tuple[list[Sheet], SheetStats]:
    """Every sheet of the catalog in the cache: those whose inputs changed are made, in parallel."""
    started = time.monotonic()
    identity = renderer_identity()
    sheets: list[Sheet] = []
    missing: list[tuple[int, str, str]] = []  # (position, key, html)
    for url, inputs, make_html in sheet_inputs(catalog):
        key = content_key(identity, inputs)
        data = cache.get(key)
        if data is None:
            missing.append((len(sheets), key, make_html()))
            sheets.append(Sheet(url, 0, key))
        else:
            sheets.append(Sheet(url, len(data), key))
    if missing:
        with pdf_fonts(font_work(cache)):
            for position, size in render_missing(missing, cache, processes):
                sheets[position] = Sheet(sheets[position].url, size, sheets[position].key)
    stats = SheetStats(len(sheets), len(missing), time.monotonic() - started)
    log.debug("sheets: %s", stats)
    return sheets, stats


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def font_work(cache: ContentCache) -> Path:
    """Where the fonts of the sheets being made are copied (see pdf_fonts): in the project's build cache."""
    return cache.folder.parent / "work"


def render_missing(missing: list[tuple[int, str, str]], cache: ContentCache,
                   processes: int | None) -> list[tuple[int, int]]:
    """Make each missing sheet and store it, inside a pdf_fonts block; (position, size) of each. In a pool of
    forked processes when there is more than one to make and more than one core.

    The first is made here, before the processes fork: it loads the fonts into the configuration they all
    inherit. (Were each to load them, one could find another's copy of a font in the shared folder and take
    it as loaded when its own configuration lacks it.)"""
    if not missing:
        return []
    done = [_render_one(cache, missing[0])]
    rest = missing[1:]
    processes = min(processes or available_cores(), len(rest))
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return done + [_render_one(cache, job) for job in rest]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return done + pool.map(functools.partial(_render_one, cache), rest,
                               chunksize=max(1, len(rest) // (processes * 8)))


def _render_one(cache: ContentCache, job: tuple[int, str, str]) -> tuple[int, int]:
    position, key, html = job
    data = html_to_pdf(html)
    cache.put(key, data)
    return position, len(data)


FILES_KIND = "sheets"  # the store's index of sheets placed in sites


def write_sheets(catalog: Catalog, sheets: list[Sheet], cache: ContentCache, site: Path, store: FileStore) -> None:
    """Build stage: put every sheet into the site, linked from the store (cache.FileStore) or from the cache's
    entry (one deleted meanwhile is made again)."""
    lost = []
    for sheet in sheets:
        inside(site, site / sheet.url)
        if store.place(FILES_KIND, sheet.key, site):
            continue
        data = cache.get(sheet.key)
        if data is None:
            lost.append(sheet)
        else:
            store.keep(FILES_KIND, sheet.key, site, {sheet.url: data})
    if lost:
        sources = dict(sheet_sources(catalog))
        with pdf_fonts(font_work(cache)):
            for sheet in lost:
                store.keep(FILES_KIND, sheet.key, site, {sheet.url: html_to_pdf(sources[sheet.url]())})


def sheet_sizes(sheets: list[Sheet]) -> dict[str, int]:
    """Each sheet's size by its address, for the pages that link to it."""
    return {sheet.url: sheet.size for sheet in sheets}
