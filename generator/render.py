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
import hashlib
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
import jinja2.meta
import yaml
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from . import addresses
from . import messages as msg
from .cache import ContentCache, FileStore, content_key, fingerprint, folder_digest
from .catalog import Catalog
from .config import SiteConfig
from .images import MAX_FILE_BYTES, ImageProblem, web_copy
from .inputs import FileProblem, read_input
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
PAGE_TEMPLATES = Path(__file__).parent / "templates" / "pages"  # the page bodies
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


def render_site(catalog: Catalog, pages: list[Page], work: Path, site: Path, store: FileStore) -> None:
    """Render every page into `site`, using `work` for the docs tree. What the build cache (`store`) holds for
    the same inputs is linked from it: MkDocs' output when its stubs, assets and theme are unchanged, and each
    page whose inputs (see PageKeys) are."""
    theme = work / "theme"
    shutil.copytree(OVERRIDES, theme)
    nav = navigation(pages)
    in_nav = {entry.page.url for entry in nav}
    shell_urls = {page.url: url for page in pages if page.url not in in_nav and (url := shell_url(catalog, page))}
    shell_pages = [shell_page(url) for url in dict.fromkeys(shell_urls.values())]
    render_with_mkdocs(catalog, [p for p in pages if p.url not in shell_urls] + shell_pages, nav, theme, work, site,
                       store)
    shells = take_shells(site, [page.url for page in shell_pages])
    keys = PageKeys(catalog, site, shells, store)
    missing = [(page, key) for page in pages if not store.place(PAGES_KIND, key := keys.key(page), site)]
    log.debug("pages: %d from the cache, %d to render: %s", len(pages) - len(missing), len(missing),
              " ".join(page.url for page, _ in missing[:40]))
    # Rendering bodies takes most of the time left, and they are independent: half of them in another process.
    half = len(missing) // 2 if len(missing) >= IN_TWO_FROM else 0
    with in_background(fill_bodies, catalog, missing[half:], site, shells, store) as other:
        fill_bodies(catalog, missing[:half], site, shells, store)
    store.merge(other.result)


PAGES_KIND = "pages"  # the cache's index of rendered pages
QR_KIND = "qr"  # the cache's folder of QR codes, by address
MKDOCS_KIND = "mkdocs"  # and of MkDocs' output
IN_TWO_FROM = 100  # pages to render: below this, a second process costs more than it saves


def render_with_mkdocs(catalog: Catalog, pages: list[Page], nav: list[NavEntry], theme: Path, work: Path,
                       site: Path, store: FileStore) -> None:
    """One MkDocs build of `pages` (with their stubs, bodies to come) and the site's assets into `site`; linked
    from the build cache when the stubs, assets, settings and theme are the same as a build's before."""
    docs = work / "docs"
    write_stubs(catalog, pages, docs)
    write_assets(catalog, docs)
    config_file = work / "mkdocs.yml"
    # MkDocs writes into the files it finds: it builds in a folder of its own, and its files are linked from the
    # store into the site (which may be a spare one, its files linked to others: output.claim_staging).
    built = work / "site"
    settings = mkdocs_config(catalog, docs, theme, built, nav)
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    epoch = str(calendar.timegm(catalog.date.timetuple()))
    # The folders are named afresh for every build: the key takes what is in them, not their names.
    placeless = settings | {"docs_dir": "", "site_dir": "", "theme": settings["theme"] | {"custom_dir": ""}}
    key = content_key(json.dumps(placeless, sort_keys=True, ensure_ascii=False), epoch, folder_digest(docs),
                      folder_digest(theme))
    if store.place(MKDOCS_KIND, key, site):
        return
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # MkDocs' progress lines are in English and say nothing new
    # MkDocs dates the sitemap and stamps sitemap.xml.gz with the clock unless SOURCE_DATE_EPOCH is set.
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        build(load_config(config_file=str(config_file)))
    finally:
        mkdocs_log.setLevel(level)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
    store.keep_written(MKDOCS_KIND, key, built, site)


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
    """The stylesheets and the search script (the records' images go in by write_images)."""
    write_inside(docs, addresses.CSS_FILE, (ASSETS / "guongsang.css").read_text(encoding="utf-8"))
    for asset in (addresses.SEARCH_SCRIPT, addresses.SEARCH_CSS):
        write_inside(docs, asset, (ASSETS / Path(asset).relative_to("assets")).read_text(encoding="utf-8"))


IMAGES_KIND = "images"  # the store's index of the records' published images


def write_images(catalog: Catalog, site: Path, store: FileStore) -> None:
    """Build stage: the web-sized copy of each published record's images (never the file itself: see images.py),
    linked from the store when the same file was published at the same address before: re-encoding each one and
    writing it anew took most of a rebuild's time spent on MkDocs."""
    root = catalog.project.root
    for record in catalog.records:
        for index, image in enumerate(record.images, 1):
            address = addresses.image_url(record, index, image)
            inside(site, site / address)
            try:
                key = content_key(address, hashlib.sha256(read_input(root, root / image.file, MAX_FILE_BYTES)).digest())
            except (FileProblem, OSError):
                key = None  # web_copy says what is wrong with it
            if key and store.place(IMAGES_KIND, key, site):
                continue
            try:
                data = web_copy(root, root / image.file, image.file)
            except ImageProblem as problem:  # the file changed after it was checked
                raise InputError([Problem(record.path, 1, str(problem))]) from problem
            store.keep(IMAGES_KIND, key or content_key(address, data), site, {address: data})


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


def body_templates(catalog: Catalog, store: FileStore | None = None) -> jinja2.Environment:
    """The Jinja environment of the page bodies (templates/pages/): addresses, the site, and the catalog.
    QR codes, slow to draw, are kept in the build cache of `store`'s project."""
    config = catalog.project.config
    codes = ContentCache(store.root, QR_KIND) if store else None

    def qr(url: str) -> Markup:
        address = canonical(url)
        if codes is None:
            return Markup(qr_svg(address))
        return Markup(codes.memo(content_key(address), lambda: qr_svg(address).encode("utf-8")).decode("utf-8"))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGE_TEMPLATES),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["vi_date"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
    env.filters["basename"] = lambda address: address.rsplit("/", 1)[-1]
    env.filters["level_names"] = lambda levels: ", ".join(msg.LEVEL_LABELS[level] for level in levels)

    def canonical(url: str) -> str:
        return addresses.canonical_url(config.url, url)

    env.globals.update(
        canonical=canonical, qr=qr, levels=msg.LEVEL_LABELS,
        subjects=msg.SUBJECT_LABELS,
        site=config, fields=config.fields, catalog=catalog, addresses=addresses,
        unpublished=lambda r: record_status(r, catalog.date),
        story_html=lambda text: Markup(markdown_to_html(text)),
        image_size=SHARE_SIZE,
        json_ld=json_ld, record_data=lambda r: record_data(catalog, r), site_data=lambda: site_data(catalog),
        dataset_data=lambda: dataset_data(catalog),
    )
    return env


class PageKeys:
    """Each page's key in the build cache: the digest of everything its HTML is made from.

    That is: the page as planned (address, title, template, the values its body shows, records by their
    fingerprints), the templates its body uses (and those they import), the site's config, the build date
    and whether it is a preview, and the theme around the body (its shell, or the page MkDocs rendered).
    The templates in CATALOG_READERS read from the whole catalog, so their pages take the catalog's digest;
    record pages read other records by id (units, members, creators) and keywords as filed, which their
    key names (`record_inputs`)."""

    def __init__(self, catalog: Catalog, site: Path, shells: dict[str, Shell], store: FileStore):
        self.catalog, self.site, self.store = catalog, site, store
        self.known = catalog.known_fingerprints()
        self.shells = {url: content_key(*shell.parts) for url, shell in shells.items()}
        self.templates = template_digests(body_templates(catalog))
        self.common = fingerprint((catalog.project.config, catalog.date, catalog.preview), self.known)
        self._whole: str | None = None

    def whole_catalog(self) -> str:
        """The digest of all the catalog holds: every other grouping follows from these and the config."""
        if self._whole is None:
            c = self.catalog
            self._whole = fingerprint((c.records, c.dates, c.news, c.lessons, c.lesson_dates, c.content,
                                       c.content_dates, c.commit, c.featured, c.latest), self.known)
        return self._whole

    def key(self, page: Page) -> str:
        shell = shell_url(self.catalog, page)
        if shell in self.shells:
            around = self.shells[shell]
        else:
            path = self.site / page.url / "index.html"
            around = self.store.digest_of(path) or hashlib.sha256(path.read_bytes()).hexdigest()
        reads = self.whole_catalog() if page.template in CATALOG_READERS else \
            record_inputs(self.catalog, page.context["r"]) if page.template == "record.html" else ()
        return content_key(self.common, self.templates[page.template], around, fingerprint((page, reads), self.known))


# Body templates that read more of the catalog than their page's values (counts of every grouping, the latest
# records, the whole dataset): a change to any record renders them again.
CATALOG_READERS = frozenset({"home.html", "provinces.html", "fields.html", "years.html", "tags.html", "teachers.html",
                             "data.html", "search.html", "updates.html", "news_index.html", "mirrors.html"})


def record_inputs(catalog: Catalog, record: Record) -> tuple:
    """What a record page shows of other records and of the catalog: the records it names by id (a unit,
    members, creators; see record.html, structured.record_data, search.make_entry), and each keyword as filed."""
    named = [getattr(record, "organization_id", None), *getattr(record, "members", ()), *getattr(record, "origin", ())]
    return (tuple(catalog.by_id.get(i) for i in named if i), tuple(
        (t.slug, t.name) if (t := catalog.tag(tag)) else None for tag in record.tags))


def template_digests(env: jinja2.Environment) -> dict[str, str]:
    """Each body template's digest: its source and the sources of the templates it imports or includes."""
    sources = {name: env.loader.get_source(env, name)[0] for name in env.list_templates()}
    uses = {name: {u for u in jinja2.meta.find_referenced_templates(env.parse(text)) if u} for name, text in sources.items()}

    def closure(name: str, seen: set[str]) -> set[str]:
        for used in uses.get(name, ()):
            if used not in seen:
                seen.add(used)
                closure(used, seen)
        return seen

    # every page also gets _head.html (its sharing metadata)
    return {name: content_key(*(part for used in sorted(closure(name, {name, "_head.html"}))
                                for part in (used, sources.get(used, "")))) for name in sources}


def fill_bodies(catalog: Catalog, pages: list[tuple[Page, str]], site: Path, shells: dict[str, Shell],
                store: FileStore) -> tuple:
    """Render each page's body and put it into the rendered page, where the theme left the marker: in the page
    MkDocs rendered, or in a copy of its shell stamped with the page's own title, description and address.
    Each page is kept in the build cache under its key; returns what the store noted (FileStore.merge)."""
    if not pages:
        return store.report()
    env = body_templates(catalog, store)
    head_template = env.get_template("_head.html")
    for page, key in pages:
        root = "../" * page.url.count("/") or "./"
        body = env.get_template(page.template).render(root=root, url=page.url, title=page.title, **page.context)
        head = head_template.render(url=page.url, title=page.title, template=page.template,
                                    description=page.description or catalog.project.config.description,
                                    image=page.share_image)
        path = inside(site, site / page.url / "index.html")
        shell = shells.get(shell_url(catalog, page))
        html = shell.stamp(catalog, page) if shell else path.read_text(encoding="utf-8")
        if BODY_MARKER not in html or HEAD_MARKER not in html:
            raise RuntimeError(f"{path}: the theme left no place for the page body or its sharing metadata")
        html = html.replace(HEAD_MARKER, head.strip(), 1)
        html = html.replace(BODY_MARKER, f'<div class="gs-page">\n{body}\n</div>', 1)
        store.keep(PAGES_KIND, key, site, {f"{page.url}index.html": html.encode("utf-8")})
    return store.report()


@contextmanager
def in_background(function: Callable, *args, daemon: bool = True) -> Iterator[Background]:
    """Run `function(*args)` in a forked process while the block runs; its result is the yielded object's
    `result` once the block ends, and its error, if any, is raised then. Where fork is unavailable, or the
    function has nothing to do (its first argument is empty), it runs first, in this process. Not a `daemon`,
    it may start processes of its own (it is still stopped if the block fails)."""
    background = Background()
    if "fork" not in multiprocessing.get_all_start_methods() or (args and not args[0]):
        background.result = function(*args)
        yield background
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_report_to, args=(send, function, args), daemon=daemon)
    child.start()
    send.close()
    try:
        yield background
    except BaseException:
        child.terminate()
        child.join()
        raise
    try:
        error, background.result = receive.recv()
    except EOFError:
        error = f"the process ended without a word (exit code {child.exitcode})"
    child.join()
    if isinstance(background.result, (OSError, InputError)):  # the user's to fix (a full disk, say): as if raised here
        raise background.result
    if error is not None:
        raise BackgroundError(error)


class Background:
    """What a function run in the background returned."""

    result: object = None


class BackgroundError(Exception):
    """A stage run in another process failed; carries its traceback."""


def _report_to(send, function: Callable, args: tuple) -> None:
    try:
        result = function(*args)
        send.send((None, result))
    except (OSError, InputError) as err:  # said to the user as the build says them (see in_background)
        try:
            send.send((traceback.format_exc(), err))
        except Exception:  # noqa: BLE001 - it does not pickle: a traceback is all there is
            send.send((traceback.format_exc(), None))
    except BaseException:
        send.send((traceback.format_exc(), None))
