"""The docs tree MkDocs renders: one Markdown file per page, each a raw HTML body made from a Jinja template.

Record text is rendered and sanitised here (see markup.py), and plain text is escaped by Jinja, so each
page body is finished HTML. It sits in the Markdown file as one raw HTML block, which MkDocs' Markdown
passes through untouched: the renderer only adds the theme around it.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

import jinja2

from . import messages as msg
from .bundle import Download
from .catalog import Catalog
from .markup import markdown_to_html, page_to_html
from .mirror import mirror_page
from .problems import InputError, Problem
from .records import Image, Kind, Record
from .text import nfc, slugify

log = logging.getLogger(__name__)

KIND_PATHS = {Kind.INDIVIDUAL: "ca-nhan", Kind.COLLECTIVE: "tap-the", Kind.PRACTICE: "mo-hinh"}
SECTION_PATHS = ("dia-phuong", "linh-vuc", "nam", "nguon", "anh", "css", "assets", "search", "trang", "ban-sao",
                 "tai-ve", "tim-kiem", "pagefind")
SOURCES_PER_PAGE = 100
IMAGE_DIR = "anh"
CSS_FILE = "css/guongsang.css"
ASSETS = Path(__file__).parent / "assets"


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str  # the page's Markdown file in the docs tree


def record_url(record: Record) -> str:
    return f"{KIND_PATHS[record.kind]}/{record.id}/"


def image_url(record: Record, index: int, image: Image) -> str:
    stem, _, ext = Path(image.file).name.rpartition(".")
    return f"{IMAGE_DIR}/{record.id}/{index}-{slugify(stem) or 'anh'}.{ext.lower()}"


def page_numbers(count: int, size: int) -> int:
    return max(1, -(-count // size))


def paged_url(base: str, number: int) -> str:
    """Page 1 of a listing is the section itself; the rest are `<section>/trang/<n>/`."""
    return base if number == 1 else f"{base}trang/{number}/"


class DocsWriter:
    """Writes every page of the site into a docs folder for MkDocs."""

    def __init__(self, catalog: Catalog, docs: Path):
        from . import search  # search builds on this module's URLs, so it is imported late

        self.catalog, self.docs = catalog, docs
        self.config = catalog.project.config
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates/pages"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        )
        self.env.filters["vi_date"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
        self.env.globals.update(
            site=self.config, fields=self.config.fields, catalog=catalog, record_url=record_url,
            image_url=image_url, kind_paths={k.value: p for k, p in KIND_PATHS.items()},
            story_html=lambda text: jinja2.utils.markupsafe.Markup(markdown_to_html(text)),
            search_entry=lambda r: search.make_entry(r, catalog.by_id), pagefind_fields=search.pagefind_fields,
            search_url=search.SEARCH_PATH,
        )
        self.pages = 0

    def write(self, url: str, template: str, title: str, description: str = "", **context) -> None:
        """Render `template` as the page at `url` ("" for home, else "a/b/")."""
        depth = url.count("/")
        body = self.env.get_template(template).render(root="../" * depth or "./", url=url, title=title, **context)
        path = self.docs / url / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Titles reach the theme's templates, which do not escape: escape them here, once.
        meta = {"title": escape(title), "description": escape(description or self.config.description)}
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        path.write_text(f"---\n{front}\n---\n\n<div class=\"gs-page\">\n{body}\n</div>\n", encoding="utf-8")
        self.pages += 1

    def write_paged(self, base: str, template: str, title: str, items: list, size: int, **context) -> None:
        total = page_numbers(len(items), size)
        for number in range(1, total + 1):
            page_title = title if number == 1 else msg.PAGE_TITLE.format(title=title, number=number)
            self.write(paged_url(base, number), template, page_title, items=items[(number - 1) * size:number * size],
                       count=len(items), page=number, pages=total, base=base, heading=title, **context)


def write_docs(catalog: Catalog, content_pages: dict[str, ContentPage], docs: Path,
               downloads: tuple[Download, ...] = ()) -> tuple[list[NavEntry], int]:
    """Write the whole docs tree; return the navigation sections and the number of pages.

    `downloads` are the offline bundles the site will carry, listed on /ban-sao/."""
    writer = DocsWriter(catalog, docs)
    size = catalog.project.config.page_size
    intro = content_pages.get("gioi-thieu")

    writer.write("", "home.html", catalog.project.config.name, intro=intro)
    for kind, base in KIND_PATHS.items():
        records = catalog.by_kind[kind]
        writer.write_paged(f"{base}/", "listing.html", msg.KIND_TITLES[kind.value], records, size, kind=kind.value)
        for record in records:
            writer.write(record_url(record), "record.html", record.name, record.summary, r=record,
                         related=catalog.related[record.id])
            copy_images(catalog.project.root, record, docs)

    writer.write("dia-phuong/", "provinces.html", msg.SECTION_TITLES["dia-phuong"])
    for province in catalog.provinces:
        records = catalog.by_province.get(province.slug, [])
        writer.write_paged(f"dia-phuong/{province.slug}/", "listing.html", province.name, records, size,
                           province=province)
    writer.write("linh-vuc/", "fields.html", msg.SECTION_TITLES["linh-vuc"])
    for key, label in catalog.project.config.fields.items():
        writer.write_paged(f"linh-vuc/{key}/", "listing.html", label, catalog.by_field[key], size, field=key)
    writer.write("nam/", "years.html", msg.SECTION_TITLES["nam"])
    for year, records in catalog.by_year.items():
        writer.write_paged(f"nam/{year}/", "listing.html", msg.YEAR_TITLE.format(year=year), records, size,
                           year=year)
    writer.write_paged("nguon/", "sources.html", msg.SECTION_TITLES["nguon"], catalog.sources, SOURCES_PER_PAGE)
    writer.write("ban-sao/", "mirrors.html", msg.SECTION_TITLES["ban-sao"], **mirror_page(catalog, downloads))

    for slug, page in content_pages.items():
        writer.write(f"{slug}/", "content.html", page.title, body=page.html)
    write_search_page(writer, catalog, docs)

    (docs / CSS_FILE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / "guongsang.css", docs / CSS_FILE)
    nav = [NavEntry(msg.HOME_TITLE, "index.md")]
    nav += [NavEntry(msg.KIND_TITLES[k.value], f"{p}/index.md") for k, p in KIND_PATHS.items()]
    nav += [NavEntry(msg.SECTION_TITLES[s], f"{s}/index.md") for s in ("dia-phuong", "linh-vuc", "nam", "nguon")]
    if intro is not None:
        nav.append(NavEntry(intro.title, "gioi-thieu/index.md"))
    nav.append(NavEntry(msg.MIRRORS_NAV_TITLE, "ban-sao/index.md"))
    return nav, writer.pages


def write_search_page(writer: DocsWriter, catalog: Catalog, docs: Path) -> None:
    from .search import SEARCH_CSS, SEARCH_PATH, SEARCH_SCRIPT, catalog_facets

    writer.write(SEARCH_PATH, "search.html", msg.SEARCH_TITLE, facets=catalog_facets(catalog), script=SEARCH_SCRIPT)
    for asset in (SEARCH_SCRIPT, SEARCH_CSS):
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / Path(asset).relative_to("assets"), docs / asset)


def copy_images(root: Path, record: Record, docs: Path) -> None:
    for index, image in enumerate(record.images, 1):
        target = docs / image_url(record, index, image)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / image.file, target)


@dataclass(frozen=True)
class ContentPage:
    path: str  # relative to the project root
    title: str
    html: str  # sanitised, without the title
    lead_html: str  # the part before the first section heading, for the home page


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_H2 = re.compile(r"^##\s", re.MULTILINE)


def read_content_pages(root: Path) -> dict[str, ContentPage]:
    """Markdown pages in content/, by URL slug; a page may not take a generated page's address."""
    folder = root / "content"
    pages: dict[str, ContentPage] = {}
    problems = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(rel, 1, msg.FILE_OUTSIDE))
            continue
        slug = "/".join(slugify(part) for part in path.relative_to(folder).with_suffix("").parts)
        if slug.split("/")[0] in (*KIND_PATHS.values(), *SECTION_PATHS) or slug == "index":
            problems.append(Problem(rel, 1, msg.CONTENT_PATH_TAKEN.format(url=f"/{slug}/")))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(rel, 1, msg.FILE_NOT_UTF8.format(pos=err.start)))
            continue
        text = nfc(text)
        heading = _H1.search(text)
        title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        body = text[heading.end():] if heading else text
        lead = body[:m.start()] if (m := _H2.search(body)) else body
        pages[slug] = ContentPage(rel, title, page_to_html(body), page_to_html(lead))
    if problems:
        raise InputError(problems)
    return pages
