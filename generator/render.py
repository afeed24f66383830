"""The renderer: MkDocs + Material put the theme, navigation and assets around every page.

Everything a page shows is decided before this step (pages.py). No hooks or plugins: the generated
mkdocs.yml is plain, so another renderer that reads it can take MkDocs' place. MkDocs renders each
page in the navigation, each page near the top, and one shell for each family of the other pages (a
section's record pages, its listing's later pages): those pages are stamped from their shell, which
keeps MkDocs' time the same for 100 records or 100,000. The bodies are then rendered in two processes.
"""
from __future__ import annotations

import calendar
import gzip
import logging
import multiprocessing
import os
import re
import shutil
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .catalog import Catalog
from .pages import (CSS_FILE, OVERRIDES, NavEntry, Page, Shell, docs_path, fill_bodies, navigation, shell_page,
                    shell_url, write_assets, write_stubs)
from .search import SEARCH_CSS

log = logging.getLogger(__name__)

# The theme as readers see it: Vietnamese, system fonts (no request to any other host), light and dark.
# The colours are "custom": guongsang.css sets them, chosen for contrast (Material's red and amber fall short).
THEME = {
    "name": "material",
    "language": "vi",
    "font": False,
    "features": ["navigation.tabs"],  # no "navigation.top": its button needs Material's script, not loaded
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-night", "name": "Chuyển sang nền tối"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang nền sáng"}},
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
    return {
        "site_name": config.name,
        "site_description": config.description,
        "site_url": config.url,
        "site_author": config.publisher or None,
        "copyright": config.publisher or None,
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "nav": [{entry.title: docs_path(entry.page.url)} for entry in nav],
        "theme": THEME | {"custom_dir": str(theme)},
        "extra_css": [CSS_FILE, SEARCH_CSS],
        # Material's search plugin is off: the site gets its own search after rendering.
        "plugins": [],
        "markdown_extensions": [],
        "extra": {"generator": False},
        "validation": VALIDATION,
    }


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
    stamp_sitemap(site, shells, [p for p in pages if p.url in shell_urls], shell_urls)
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


def take_shells(site: Path, urls: list[str]) -> dict[str, Shell]:
    """Read the rendered shells and take them out of the site."""
    shells = {url: Shell.read(url, (site / url / "index.html").read_text(encoding="utf-8")) for url in urls}
    for folder in {site / url.split("/")[0] / url.split("/")[1] for url in urls}:
        shutil.rmtree(folder)
    return shells


_SITEMAP_ENTRY = re.compile(r"[ \t]*<url>\s*<loc>(.*?)</loc>.*?</url>\n", re.S)


def stamp_sitemap(site: Path, shells: dict[str, Shell], pages: list[Page], shell_urls: dict[str, str]) -> None:
    """In MkDocs' sitemap, each shell's entry becomes the entries of the pages stamped from it."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    stamped: dict[str, list[Page]] = {url: [] for url in shells}
    for page in pages:
        stamped[shell_urls[page.url]].append(page)

    def entries(match: re.Match) -> str:
        url = next((url for url in shells if match.group(1).endswith(url)), None)
        if url is None:
            return match.group(0)
        return "".join(match.group(0).replace(url, page.url) for page in stamped[url])

    text = _SITEMAP_ENTRY.sub(entries, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    gz = site / "sitemap.xml.gz"
    if gz.is_file():
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # keep the time MkDocs stamped
        with open(gz, "wb") as raw, gzip.GzipFile(fileobj=raw, filename="sitemap.xml.gz", mode="wb",
                                                  mtime=mtime) as packed:
            packed.write(text.encode("utf-8"))


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
