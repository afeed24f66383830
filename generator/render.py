"""The renderer: MkDocs + Material put the theme, navigation and assets around every page; then each body goes in.

Everything a page shows is decided before this step (pages.py). MkDocs reads only a stub per page (title
and description; `write_stubs`), so its Markdown never sees record text and costs little per page. No hooks
or plugins: the generated mkdocs.yml is plain, so another renderer that reads it can take MkDocs' place.
MkDocs renders each page in the navigation, each page near the top, and one shell for each family of the
other pages (a section's record pages, its listing's later pages): those pages are stamped from their
shell, which keeps MkDocs' time the same for 100 records or 100,000. Once MkDocs has rendered the theme
around a marker, `fill_bodies` renders each body from its Jinja template (record Markdown rendered and
sanitised by markup.py, plain text escaped by Jinja) and puts it in place of the marker, in two processes.
"""
from __future__ import annotations

import calendar
import json
import logging
import multiprocessing
import os
import re
import shutil
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable, Iterator

import jinja2
import yaml
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from . import addresses
from . import messages as msg
from .catalog import Catalog
from .config import SiteConfig
from .images import ImageProblem, web_copy
from .markup import markdown_to_html
from .output import inside, write_inside
from .pages import NavEntry, Page, navigation
from .problems import InputError, Problem
from .publishing import record_status
from .qr import qr_svg
from .records import Record
from .shareimage import SIZE as SHARE_SIZE
from .structured import dataset_data, json_ld, record_data, site_data
from .text import is_web_address

log = logging.getLogger(__name__)

ASSETS = Path(__file__).parent / "assets"
OVERRIDES = Path(__file__).parent / "templates" / "overrides"  # Material template overrides
BODY_MARKER = "<!-- gs:body -->"  # where templates/overrides/main.html leaves room for the body
HEAD_MARKER = "<!-- gs:head -->"  # and for the page's sharing metadata (templates/pages/_head.html)

# The theme as readers see it: Vietnamese, system fonts (no request to any other host), light and dark.
# The colours are "custom": guongsang.css sets them, chosen for contrast (Material's red and amber fall short).
THEME = {
    "name": "material",
    "language": "vi",
    "font": False,
    "features": ["navigation.tabs"],  # no "navigation.top": its button needs Material's script, not loaded
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-night", "name": msg.THEME_TO_DARK}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-sunny", "name": msg.THEME_TO_LIGHT}},
    ],
}
# Pages are generated and link to each other by relative paths MkDocs need not check; record pages
# are deliberately left out of the navigation.
VALIDATION = {
    "nav": {"omitted_files": "ignore", "not_found": "warn", "absolute_links": "ignore"},
    "links": {"not_found": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore", "anchors": "ignore"},
}


def mkdocs_config(catalog: Catalog, docs: Path, theme: Path, site: Path, nav: list[NavEntry]) -> dict:
    config = catalog.project.config
    # The theme takes these for HTML and puts them into pages as they are (titles, attributes, meta tags,
    # the footer): they are escaped here, once, as page titles are in their stubs. The site's address
    # needs nothing: site_config.yml allows no character in it that HTML or a shell would read.
    return {
        "site_name": escape(config.name),
        "site_description": escape(config.description),
        "site_url": config.url,
        "site_author": escape(config.publisher) or None,
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "nav": [{escape(entry.title): addresses.docs_path(entry.page.url)} for entry in nav],
        "theme": THEME | {"custom_dir": str(theme)},
        "extra_css": [addresses.CSS_FILE, addresses.SEARCH_CSS],
        # Material's search plugin is off: the site gets its own search after rendering.
        "plugins": [],
        "markdown_extensions": [],
        "extra": {"generator": False, "addresses": addresses.theme_addresses(), "tagline": escape(config.tagline),
                  "footer": footer(config)},
        "validation": VALIDATION,
    }


def footer(config: SiteConfig) -> dict[str, str]:
    """What the theme's footer says of the publisher (templates/overrides/partials/copyright.html), escaped once
    here as the theme's templates do not."""
    contact = config.contact
    href = contact if is_web_address(contact) else f"mailto:{contact}" if contact else ""
    licence = config.licence
    return {"publisher": escape(config.publisher), "contact": escape(contact), "contact_href": escape(href),
            "licence_title": escape(licence.title) if licence else "", "licence_url": escape(licence.url) if licence else ""}


def render_site(catalog: Catalog, pages: list[Page], work: Path, site: Path) -> None:
    """Render every page into `site`, using `work` for the docs tree."""
    theme = work / "theme"
    shutil.copytree(OVERRIDES, theme)
    nav = navigation(pages)
    in_nav = {entry.page.url for entry in nav}
    shell_urls = {page.url: url for page in pages if page.url not in in_nav and (url := shell_url(catalog, page))}
    shell_pages = [shell_page(url) for url in dict.fromkeys(shell_urls.values())]
    render_with_mkdocs(catalog, [p for p in pages if p.url not in shell_urls] + shell_pages, nav, theme, work, site)
    shells = take_shells(site, [page.url for page in shell_pages])
    # Rendering bodies takes most of the time left, and they are independent: half of them in another process.
    half = len(pages) // 2
    with in_background(fill_bodies, catalog, pages[half:], site, shells):
        fill_bodies(catalog, pages[:half], site, shells)


def render_with_mkdocs(catalog: Catalog, pages: list[Page], nav: list[NavEntry], theme: Path, work: Path,
                       site: Path) -> None:
    """One MkDocs build of `pages` (with their stubs, bodies to come) and the site's assets into `site`."""
    docs = work / "docs"
    write_stubs(catalog, pages, docs)
    write_assets(catalog, docs)
    config_file = work / "mkdocs.yml"
    settings = mkdocs_config(catalog, docs, theme, site, nav)
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # MkDocs' progress lines are in English and say nothing new
    # MkDocs dates the sitemap and stamps sitemap.xml.gz with the clock unless SOURCE_DATE_EPOCH is set.
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(catalog.date.timetuple()))
    try:
        build(load_config(config_file=str(config_file)))
    finally:
        mkdocs_log.setLevel(level)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


def write_stubs(catalog: Catalog, pages: list[Page], docs: Path) -> None:
    """The Markdown files MkDocs reads: each page's title and description, and no body."""
    for page in pages:
        # Sections are in the tabs (and the drawer on phones).
        meta = page_meta(catalog, page) | {"generated": True, "hide": ["navigation", "toc"]}
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        write_inside(docs, addresses.docs_path(page.url), f"---\n{front}\n---\n")


def page_meta(catalog: Catalog, page: Page) -> dict[str, str]:
    """The title and description the theme shows for `page`, as they go into its stub."""
    # Titles reach the theme's templates, which do not escape: escape them here, once.
    return {"title": escape(page.title), "description": escape(page.description or catalog.project.config.description)}


def write_assets(catalog: Catalog, docs: Path) -> None:
    """The stylesheets, the search script and every published record's images."""
    write_inside(docs, addresses.CSS_FILE, (ASSETS / "guongsang.css").read_text(encoding="utf-8"))
    for asset in (addresses.SEARCH_SCRIPT, addresses.SEARCH_CSS):
        write_inside(docs, asset, (ASSETS / Path(asset).relative_to("assets")).read_text(encoding="utf-8"))
    for record in catalog.records:
        copy_images(catalog.project.root, record, docs)


def copy_images(root: Path, record: Record, docs: Path) -> None:
    """The web-sized copy of each of the record's images (never the file itself: see images.py)."""
    for index, image in enumerate(record.images, 1):
        target = inside(docs, docs / addresses.image_url(record, index, image))
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(web_copy(root, root / image.file, image.file))
        except ImageProblem as problem:  # the file changed after it was checked
            raise InputError([Problem(record.path, 1, str(problem))]) from problem


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


def take_shells(site: Path, urls: list[str]) -> dict[str, Shell]:
    """Read the rendered shells and take them out of the site."""
    shells = {url: Shell.read(url, (site / url / "index.html").read_text(encoding="utf-8")) for url in urls}
    for folder in {site / url.split("/")[0] / url.split("/")[1] for url in urls}:
        shutil.rmtree(inside(site, folder))
    return shells


def body_templates(catalog: Catalog) -> jinja2.Environment:
    """The Jinja environment of the page bodies (templates/pages/): addresses, the site, and the catalog."""
    config = catalog.project.config
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/pages"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["vi_date"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
    env.filters["basename"] = lambda address: address.rsplit("/", 1)[-1]
    env.filters["level_names"] = lambda levels: ", ".join(msg.LEVEL_LABELS[level] for level in levels)

    def canonical(url: str) -> str:
        return addresses.canonical_url(config.url, url)

    env.globals.update(
        canonical=canonical, qr=lambda url: Markup(qr_svg(canonical(url))), levels=msg.LEVEL_LABELS,
        subjects=msg.SUBJECT_LABELS,
        site=config, fields=config.fields, catalog=catalog, addresses=addresses,
        unpublished=lambda r: record_status(r, catalog.date),
        story_html=lambda text: Markup(markdown_to_html(text)),
        image_size=SHARE_SIZE,
        json_ld=json_ld, record_data=lambda r: record_data(catalog, r), site_data=lambda: site_data(catalog),
        dataset_data=lambda: dataset_data(catalog),
    )
    return env


def fill_bodies(catalog: Catalog, pages: list[Page], site: Path, shells: dict[str, Shell]) -> None:
    """Render each page's body and put it into the rendered page, where the theme left the marker: in the page
    MkDocs rendered, or in a copy of its shell stamped with the page's own title, description and address."""
    env = body_templates(catalog)
    head_template = env.get_template("_head.html")
    for page in pages:
        root = "../" * page.url.count("/") or "./"
        body = env.get_template(page.template).render(root=root, url=page.url, title=page.title, **page.context)
        head = head_template.render(url=page.url, title=page.title, template=page.template,
                                    description=page.description or catalog.project.config.description,
                                    image=page.share_image)
        path = inside(site, site / page.url / "index.html")
        shell = shells.get(shell_url(catalog, page))
        if shell:
            html = shell.stamp(catalog, page)
            path.parent.mkdir(parents=True, exist_ok=True)  # exist_ok: the other process may make a parent
        else:
            html = path.read_text(encoding="utf-8")
        if BODY_MARKER not in html or HEAD_MARKER not in html:
            raise RuntimeError(f"{path}: the theme left no place for the page body or its sharing metadata")
        html = html.replace(HEAD_MARKER, head.strip(), 1)
        path.write_text(html.replace(BODY_MARKER, f'<div class="gs-page">\n{body}\n</div>', 1), encoding="utf-8")


@contextmanager
def in_background(function: Callable, *args) -> Iterator[None]:
    """Run `function(*args)` in a forked process while the block runs; its error, if any, is raised when
    the block ends. Where fork is unavailable, run it first, in this process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        function(*args)
        yield
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_report_to, args=(send, function, args), daemon=True)
    child.start()
    send.close()
    try:
        yield
    except BaseException:
        child.terminate()
        child.join()
        raise
    try:
        error = receive.recv()
    except EOFError:
        error = f"the process ended without a word (exit code {child.exitcode})"
    child.join()
    if error is not None:
        raise BackgroundError(error)


class BackgroundError(Exception):
    """A stage run in another process failed; carries its traceback."""


def _report_to(send, function: Callable, args: tuple) -> None:
    try:
        function(*args)
        send.send(None)
    except BaseException:
        send.send(traceback.format_exc())
