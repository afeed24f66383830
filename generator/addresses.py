"""Every address the site has: sections, record and image pages, feeds, search, downloads and news.

The one place a path is written. Pages, stages and templates (through the Jinja environment, and the
theme's overrides through `extra.addresses` of the generated mkdocs.yml) ask here; nothing retypes one.
Page addresses are relative to the site root and end in "/" ("" is the home page); file addresses do
not. This module imports only text.py (for slugs), so every other module may use it.
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Protocol

from .text import slugify

HOME = ""
# Each record kind's folder (by records.Kind's value, in the order the site lists them), also its value in
# search filters.
KIND_PATHS = {"individual": "ca-nhan", "collective": "tap-the", "practice": "mo-hinh"}
PROVINCES = "dia-phuong/"
FIELDS = "linh-vuc/"
YEARS = "nam/"
SOURCES = "nguon/"
MIRRORS = "ban-sao/"  # how to copy the site, and its downloads
UPDATES = "cap-nhat/"  # the timeline, and the feeds beside it
NEWS = "tin-tuc/"
SEARCH = "tim-kiem/"
TAGS = "tu-khoa/"  # records by keyword: <TAGS><tag's slug>/
OPEN_DATA = "du-lieu/"  # the open data: every published record as JSON and CSV, their schemas, the data package
LATER_PAGES = "trang/"  # a listing's page n is <listing>trang/<n>/
# Pages of content/ by their slug (content/<slug>.md is at <slug>/) that the site links to.
ABOUT_PAGE = "gioi-thieu"  # its lead is on the home page
GUIDE_PAGE = "huong-dan"  # the contributors' guide
TEACHERS = "giao-vien/"  # the teachers' corner: how to use the site in class, lesson packs, sheets
LESSONS = f"{TEACHERS}bai-hoc/"  # a lesson pack's page is <LESSONS><id>/, its PDF <LESSONS><id>.pdf
TEACHING_RECORDS = f"{TEACHERS}tu-lieu/"  # the records with teaching notes, every level
SHEETS = f"{TEACHERS}phieu/"  # the PDF sheet of a record with teaching notes: <SHEETS><record id>.pdf

IMAGES = "anh/"
DOWNLOADS = "tai-ve/"  # the offline bundles, in a site built with --bundles
CSS_FILE = "css/guongsang.css"
SEARCH_SCRIPT = "assets/search/search.js"
SEARCH_CSS = "assets/search/search.css"  # on every page: the header has a search box
SEARCH_INDEX = f"{SEARCH}chi-muc/"  # the search index's script files (searchindex.py)
SEARCH_MANIFEST = f"{SEARCH_INDEX}index.js"  # the index's manifest, loaded by the search page itself
MANIFEST_FILE = "manifest.json"  # the build's manifest, at the root (mirror.py)
SUMS_FILE = "SHA256SUMS"  # every file's SHA-256, at the root, as GNU sha256sum writes them
SITE_MARKER = ".guongsang-site"  # marks a folder as a site we built, so a build may replace it (output.py)
ATOM_FEED = f"{UPDATES}atom.xml"
RSS_FEED = f"{UPDATES}rss.xml"
JSON_FEED = f"{UPDATES}feed.json"
DATA_JSON = f"{OPEN_DATA}ban-ghi.json"
DATA_CSV = f"{OPEN_DATA}ban-ghi.csv"
DATA_SCHEMA = f"{OPEN_DATA}luoc-do-ban-ghi.json"  # the JSON Schema of DATA_JSON
DATA_PACKAGE = f"{OPEN_DATA}datapackage.json"  # the Frictionless Data Package describing the files above
SITE_SHARE_IMAGE = f"{IMAGES}chia-se.png"  # what a shared link of a page without its own image shows
SITEMAP = "sitemap.xml"

# First folders the generator fills itself: a content page may not take one.
# ("search/" too: MkDocs' search plugin writes there, were it turned on.)
RESERVED = (*KIND_PATHS.values(), *(path.split("/")[0] for path in (
    PROVINCES, FIELDS, YEARS, SOURCES, IMAGES, CSS_FILE, SEARCH_SCRIPT, "search/", LATER_PAGES, MIRRORS, DOWNLOADS,
    SEARCH, UPDATES, NEWS, TEACHERS, TAGS, OPEN_DATA)))


class _Kind(Protocol):
    value: str


class _WebCopy(Protocol):
    suffix: str


class _Image(Protocol):
    file: str

    @property
    def web(self) -> _WebCopy: ...


class _Record(Protocol):
    """What an address needs of a record (records.Record), without importing the records module."""

    id: str

    @property
    def kind(self) -> _Kind: ...


def kind_url(kind: str) -> str:
    """The listing of a kind of record, by records.Kind's value."""
    return f"{KIND_PATHS[kind]}/"


def record_url(record: _Record) -> str:
    return f"{kind_url(record.kind.value)}{record.id}/"


def image_url(record: _Record, index: int, image: _Image) -> str:
    """The published copy of a record's `index`-th image (from 1): named after the file, with the extension
    of what it really is (images.py)."""
    return f"{IMAGES}{record.id}/{index}-{slugify(PurePosixPath(image.file).stem) or 'anh'}{image.web.suffix}"


def share_image_url(record: _Record) -> str:
    """The picture a shared link to the record shows (1200×630, see shareimage.py): among its photos' copies,
    whose names start with their number, so no photo can take it."""
    return f"{IMAGES}{record.id}/chia-se.png"


def tag_url(slug: str) -> str:
    """The records of one keyword, by the keyword's slug (text.slugify)."""
    return f"{TAGS}{slug}/"


def province_url(slug: str) -> str:
    return f"{PROVINCES}{slug}/"


def field_url(key: str) -> str:
    return f"{FIELDS}{key}/"


def year_url(year: int) -> str:
    return f"{YEARS}{year}/"


def news_url(slug: str) -> str:
    return f"{NEWS}{slug}/"


def content_url(slug: str) -> str:
    """A page of content/ ('gioi-thieu' from content/gioi-thieu.md)."""
    return f"{slug}/"


def lesson_url(lesson_id: str) -> str:
    return f"{LESSONS}{lesson_id}/"


def lesson_sheet_url(lesson_id: str) -> str:
    """A lesson pack's PDF, beside its page."""
    return f"{LESSONS}{lesson_id}.pdf"


def record_sheet_url(record: _Record) -> str:
    """The PDF sheet of a record with teaching notes."""
    return f"{SHEETS}{record.id}.pdf"


def teaching_kind_url(kind: str) -> str:
    """Records of one kind (by records.Kind's value) with teaching notes: the kind's listing, narrowed."""
    return f"{TEACHING_RECORDS}{KIND_PATHS[kind]}/"


def teaching_level_url(level: str) -> str:
    """Records with teaching notes and lesson packs for one level ('tieu-hoc', 'thcs', 'thpt', 'nguoi-lon')."""
    return f"{TEACHERS}cap-hoc/{level}/"


def teaching_field_url(key: str) -> str:
    """Records with teaching notes in one field."""
    return f"{TEACHERS}linh-vuc/{key}/"


def subject_url(subject: str) -> str:
    """The lesson packs of one school subject."""
    return f"{TEACHERS}mon/{subject}/"


def canonical_url(site_url: str, url: str) -> str:
    """The full address of the page (or file) at `url` on the primary host: what print and QR codes show, and
    what links from elsewhere name (canonical links, Open Graph, structured and open data)."""
    return site_url.rstrip("/") + "/" + url


def later_page_url(base: str, number: int) -> str:
    """Page `number` of the listing at `base`: the listing itself for page 1."""
    return base if number == 1 else f"{base}{LATER_PAGES}{number}/"


def docs_path(url: str) -> str:
    """The Markdown file for the page at `url`: sections are folders ('ca-nhan/index.md'), the rest files
    ('ca-nhan/nguyen-hung-dao.md'), which MkDocs serves at the same address without a folder per page."""
    if url.count("/") <= 1:
        return f"{url}index.md"
    return f"{url[:-1]}.md"


def theme_addresses() -> dict[str, str]:
    """The addresses the theme's overrides link to, as they read them from `config.extra.addresses`."""
    return {"search": SEARCH, "atom": ATOM_FEED, "rss": RSS_FEED, "json_feed": JSON_FEED, "data": OPEN_DATA,
            "provinces": PROVINCES, "fields": FIELDS, "years": YEARS}  # the last three: the 404 page's ways back
