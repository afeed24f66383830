"""Every page of the site: planned from the catalog, then written as a docs stub and a finished HTML body.

A page is planned once (`plan_pages`): its address, title, and the template and values that make its
body. MkDocs reads only a stub per page (title and description; `write_stubs`), so its Markdown never
sees record text and costs little per page. Once MkDocs has rendered the theme around a marker,
`fill_bodies` renders each body from its Jinja template (record Markdown rendered and sanitised by
markup.py, plain text escaped by Jinja) and puts it in place of the marker.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import messages as msg
from .bundle import Download
from .catalog import Catalog
from .inputs import PAGE_LIMIT, FileProblem, input_files, read_input_text
from .markup import markdown_to_html, page_to_html
from .mirror import mirror_page
from .news import NEWS_FOLDER
from .problems import InputError, Problem
from .records import Image, Kind, Record
from .text import SLUG_PATTERN, hidden_character_line, nfc, slugify

log = logging.getLogger(__name__)

KIND_PATHS = {Kind.INDIVIDUAL: "ca-nhan", Kind.COLLECTIVE: "tap-the", Kind.PRACTICE: "mo-hinh"}
SECTION_PATHS = ("dia-phuong", "linh-vuc", "nam", "nguon", "anh", "css", "assets", "search", "trang", "ban-sao",
                 "tai-ve", "tim-kiem", "pagefind", "cap-nhat", "tin-tuc")
SOURCES_PER_PAGE = 100
IMAGE_DIR = "anh"
CSS_FILE = "css/guongsang.css"
ASSETS = Path(__file__).parent / "assets"
OVERRIDES = Path(__file__).parent / "templates" / "overrides"  # Material template overrides
BODY_MARKER = "<!-- gs:body -->"  # where templates/overrides/main.html leaves room for the body
GUIDE = "huong-dan"  # content/huong-dan.md: the contributors' guide


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes, its title, and how to make its body."""

    url: str  # "" for home, else "a/b/"
    template: str
    title: str
    description: str = ""
    context: dict = field(default_factory=dict)


def docs_path(url: str) -> str:
    """The Markdown file for the page at `url`: sections are folders ('ca-nhan/index.md'), the rest files
    ('ca-nhan/nguyen-hung-dao.md'), which MkDocs serves at the same address without a folder per page."""
    if url.count("/") <= 1:
        return f"{url}index.md"
    return f"{url[:-1]}.md"


def record_url(record: Record) -> str:
    return f"{KIND_PATHS[record.kind]}/{record.id}/"


def image_url(record: Record, index: int, image: Image) -> str:
    stem, _, ext = Path(image.file).name.rpartition(".")
    return f"{IMAGE_DIR}/{record.id}/{index}-{slugify(stem) or 'anh'}.{ext.lower()}"


def paged(base: str, template: str, title: str, items: list, size: int, **context) -> list[Page]:
    """A listing cut into pages: page 1 is the section itself, the rest are `<section>/trang/<n>/`."""
    total = max(1, -(-len(items) // size))
    return [
        Page(base if number == 1 else f"{base}trang/{number}/", template,
             title if number == 1 else msg.PAGE_TITLE.format(title=title, number=number),
             context=dict(items=items[(number - 1) * size:number * size], count=len(items), page=number,
                          pages=total, base=base, heading=title, **context))
        for number in range(1, total + 1)
    ]


def plan_pages(catalog: Catalog, content_pages: dict[str, ContentPage], downloads: tuple[Download, ...] = ()) -> list[Page]:
    """Every page of the site, in a fixed order. `downloads` are the offline bundles listed on /ban-sao/."""
    from .search import SEARCH_PATH, SEARCH_SCRIPT, catalog_facets  # search builds on this module's URLs

    size = catalog.project.config.page_size
    pages = [Page("", "home.html", catalog.project.config.name, context={"intro": content_pages.get("gioi-thieu")})]
    for kind, base in KIND_PATHS.items():
        records = catalog.by_kind[kind]
        pages += paged(f"{base}/", "listing.html", msg.KIND_TITLES[kind.value], records, size, kind=kind.value)
        pages += [Page(record_url(r), "record.html", r.name, r.summary,
                       {"r": r, "related": catalog.related[r.id], "dates": catalog.dates[r.id],
                        "unpublished": catalog.unpublished(r)}) for r in records]
    pages.append(Page("dia-phuong/", "provinces.html", msg.SECTION_TITLES["dia-phuong"]))
    for province in catalog.provinces:
        pages += paged(f"dia-phuong/{province.slug}/", "listing.html", province.name,
                       catalog.by_province.get(province.slug, []), size, province=province)
    pages.append(Page("linh-vuc/", "fields.html", msg.SECTION_TITLES["linh-vuc"]))
    for key, label in catalog.project.config.fields.items():
        pages += paged(f"linh-vuc/{key}/", "listing.html", label, catalog.by_field[key], size, field=key)
    pages.append(Page("nam/", "years.html", msg.SECTION_TITLES["nam"]))
    for year, records in catalog.by_year.items():
        pages += paged(f"nam/{year}/", "listing.html", msg.YEAR_TITLE.format(year=year), records, size, year=year)
    pages += paged("nguon/", "sources.html", msg.SECTION_TITLES["nguon"], catalog.sources, SOURCES_PER_PAGE)
    pages.append(Page("ban-sao/", "mirrors.html", msg.SECTION_TITLES["ban-sao"],
                      context=mirror_page(catalog, downloads)))
    pages += [Page(f"{slug}/", "content.html", page.title, context={"body": page.html})
              for slug, page in content_pages.items()]
    pages.append(Page(SEARCH_PATH, "search.html", msg.SEARCH_TITLE,
                      context={"facets": catalog_facets(catalog), "script": SEARCH_SCRIPT}))
    return pages + update_pages(catalog, GUIDE in content_pages)


def update_pages(catalog: Catalog, guide: bool) -> list[Page]:
    """/cap-nhat/ (the recent updates, with the feeds), /tin-tuc/ and one page per news post."""
    from .updates import UPDATES_SHOWN

    pages = [Page("cap-nhat/", "updates.html", msg.SECTION_TITLES["cap-nhat"],
                  context={"updates": catalog.updates[:UPDATES_SHOWN], "total": len(catalog.updates), "guide": guide}),
             Page("tin-tuc/", "news_index.html", msg.SECTION_TITLES["tin-tuc"], context={"posts": catalog.news})]
    for post in catalog.news:
        unpublished = None if post.is_published(catalog.date) else "draft" if post.draft else "embargo"
        pages.append(Page(post.url, "news.html", post.title, post.summary,
                          {"post": post, "body": page_to_html(post.body), "unpublished": unpublished}))
    return pages


@dataclass(frozen=True)
class NavEntry:
    title: str
    page: Page


def navigation(pages: list[Page]) -> list[NavEntry]:
    """The navigation: the sections' first pages, in order (record pages stay out of it)."""
    titles = {"": msg.HOME_TITLE, **{f"{p}/": msg.KIND_TITLES[k.value] for k, p in KIND_PATHS.items()},
              **{f"{s}/": msg.SECTION_TITLES[s] for s in ("dia-phuong", "linh-vuc", "nam", "nguon", "cap-nhat")},
              "gioi-thieu/": None, "ban-sao/": msg.MIRRORS_NAV_TITLE}
    by_url = {page.url: page for page in pages if page.url in titles}
    return [NavEntry(titles[url] or by_url[url].title, by_url[url]) for url in titles if url in by_url]


def write_stubs(catalog: Catalog, pages: list[Page], docs: Path) -> None:
    """The Markdown files MkDocs reads: each page's title and description, and no body."""
    for page in pages:
        # Sections are in the tabs (and the drawer on phones).
        meta = page_meta(catalog, page) | {"generated": True, "hide": ["navigation", "toc"]}
        _write(docs / docs_path(page.url),
               "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n")


def page_meta(catalog: Catalog, page: Page) -> dict[str, str]:
    """The title and description the theme shows for `page`, as they go into its stub."""
    # Titles reach the theme's templates, which do not escape: escape them here, once.
    return {"title": escape(page.title), "description": escape(page.description or catalog.project.config.description)}


# A page out of the navigation and two or more folders deep looks, around its body, like every other such page of
# its section at its depth, but for its title, description and address: MkDocs renders that shell once, from a
# stub with these stand-ins, and each page is stamped from it.
SHELL = "__shell__"  # no record id or slug has underscores
SHELL_TITLE = "GsShellTitle"
SHELL_DESCRIPTION = "GsShellDescription"


def shell_url(catalog: Catalog, page: Page) -> str | None:
    """The address of the shell `page` is stamped from, or None for a page MkDocs renders itself."""
    folders = page.url.split("/")[:-1]
    meta = page_meta(catalog, page)
    if len(folders) < 2 or not meta["title"]:  # a page without a title gets the theme's own
        return None
    # Without any description the theme leaves out the tag, so those pages have a shell of their own.
    name = SHELL if meta["description"] else f"{SHELL}bare"
    return "/".join([folders[0]] + [name] * (len(folders) - 1)) + "/"


def shell_page(url: str) -> Page:
    return Page(url, "", SHELL_TITLE, SHELL_DESCRIPTION if url.endswith(f"{SHELL}/") else "")


@dataclass(frozen=True)
class Shell:
    """A page MkDocs rendered with stand-ins, cut where each page puts its own title, description and address."""

    url: str
    parts: tuple[str, ...]  # text, then a stand-in, then text, and so on

    @classmethod
    def read(cls, url: str, html: str) -> Shell:
        cut = re.compile(f"({SHELL_TITLE}|{SHELL_DESCRIPTION}|{re.escape(url)})")
        return cls(url, tuple(cut.split(html)))

    def stamp(self, catalog: Catalog, page: Page) -> str:
        meta = page_meta(catalog, page)
        values = {SHELL_TITLE: meta["title"], SHELL_DESCRIPTION: meta["description"], self.url: page.url}
        return "".join(values[part] if i % 2 else part for i, part in enumerate(self.parts))


def write_assets(catalog: Catalog, docs: Path) -> None:
    """The stylesheets, the search script and every published record's images."""
    from .search import SEARCH_CSS, SEARCH_SCRIPT

    _write(docs / CSS_FILE, (ASSETS / "guongsang.css").read_text(encoding="utf-8"))
    for asset in (SEARCH_SCRIPT, SEARCH_CSS):
        _write(docs / asset, (ASSETS / Path(asset).relative_to("assets")).read_text(encoding="utf-8"))
    for record in catalog.records:
        copy_images(catalog.project.root, record, docs)


def body_templates(catalog: Catalog) -> jinja2.Environment:
    from . import search

    config = catalog.project.config
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/pages"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["vi_date"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
    env.globals.update(
        site=config, fields=config.fields, catalog=catalog, record_url=record_url, image_url=image_url,
        kind_paths={k.value: p for k, p in KIND_PATHS.items()},
        story_html=lambda text: Markup(markdown_to_html(text)),
        search_entry=lambda r: search.make_entry(r, catalog.by_id), pagefind_fields=search.pagefind_fields,
        search_url=search.SEARCH_PATH,
    )
    return env


def fill_bodies(catalog: Catalog, pages: list[Page], site: Path, shells: dict[str, Shell]) -> None:
    """Render each page's body and put it into the rendered page, where the theme left the marker: in the page
    MkDocs rendered, or in a copy of its shell stamped with the page's own title, description and address."""
    env = body_templates(catalog)
    for page in pages:
        root = "../" * page.url.count("/") or "./"
        body = env.get_template(page.template).render(root=root, url=page.url, title=page.title, **page.context)
        path = site / page.url / "index.html"
        shell = shells.get(shell_url(catalog, page))
        if shell:
            html = shell.stamp(catalog, page)
            path.parent.mkdir(parents=True, exist_ok=True)  # exist_ok: the other process may make a parent
        else:
            html = path.read_text(encoding="utf-8")
        if BODY_MARKER not in html:
            raise RuntimeError(f"{path}: the theme left no place for the page body")
        path.write_text(html.replace(BODY_MARKER, f'<div class="gs-page">\n{body}\n</div>', 1), encoding="utf-8")


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")


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
    """Markdown pages in content/, by URL slug: the file's path in content/ without '.md', such as 'gioi-thieu'.

    Every part of that path must be a slug already (as a record's id is): no page gets an address its file name
    does not show, none an empty one, and no two pages the same one. A page may not take a generated page's
    address. News posts (content/tin-tuc/) have their own reader, in news.py.
    """
    files, problems = input_files(root, "content", "md", misspelt=("markdown",), skip=(NEWS_FOLDER,))
    taken = {rel for rel, _ in files}
    pages: dict[str, ContentPage] = {}
    for rel, path in files:
        slug, problem = _content_slug(rel, taken)
        if problem:
            problems.append(Problem(rel, 1, problem))
            continue
        try:
            text = nfc(read_input_text(root, path, PAGE_LIMIT))
        except FileProblem as err:
            problems.append(Problem(rel, err.line, err.message))
            continue
        heading = _H1.search(text)
        # A hidden character in the title would reach the theme's metadata, where it can break the page.
        hidden = hidden_character_line(text)
        if hidden is None and heading and (in_title := hidden_character_line(heading.group(0), prose=False)):
            hidden = text.count("\n", 0, heading.start()) + 1, in_title[1]
        if hidden:
            problems.append(Problem(rel, *hidden))
            continue
        title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        body = text[heading.end():] if heading else text
        lead = body[:m.start()] if (m := _H2.search(body)) else body
        pages[slug] = ContentPage(rel, title, page_to_html(body), page_to_html(lead))
    if problems:
        raise InputError(problems)
    return pages


def _content_slug(rel: str, taken: set[str]) -> tuple[str, str | None]:
    """The address of the page in the file `rel` ('content/a/b.md' gives 'a/b'), or the problem with its name."""
    parts = rel[len("content/"):-len(".md")].split("/")
    for i, part in enumerate(parts):
        if not SLUG_PATTERN.match(part):
            suggestion = "content/" + "/".join(slugify(p) or "trang-moi" for p in parts) + ".md"
            template = msg.CONTENT_BAD_NAME_TAKEN if suggestion in taken else msg.CONTENT_BAD_NAME
            return "", template.format(name=part + (".md" if i == len(parts) - 1 else ""), suggestion=suggestion)
    if "index" in parts:
        folder = parts[:parts.index("index")]
        return "", msg.CONTENT_INDEX.format(suggestion="content/" + "/".join(folder or ["trang-moi"]) + ".md")
    if parts[0] in (*KIND_PATHS.values(), *SECTION_PATHS):
        return "", msg.CONTENT_PATH_TAKEN.format(url=f"/{'/'.join(parts)}/")
    return "/".join(parts), None
