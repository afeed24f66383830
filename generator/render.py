"""The renderer: MkDocs + Material put the theme, navigation and assets around every page.

Everything a page shows is decided before this step (pages.py). No hooks or plugins: the generated
mkdocs.yml is plain, so another renderer that reads it can take MkDocs' place. MkDocs renders on one
core, so the pages are split in two shards, each rendered by its own MkDocs build in its own process;
the second shard's pages then move into the first one's site.
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
from .pages import (CSS_FILE, OVERRIDES, NavEntry, Page, docs_path, fill_bodies, navigation, write_assets,
                    write_stubs)
from .search import SEARCH_CSS

log = logging.getLogger(__name__)

# The theme as readers see it: Vietnamese, system fonts (no request to any other host), light and dark.
THEME = {
    "name": "material",
    "language": "vi",
    "font": False,
    "features": ["navigation.tabs", "navigation.top"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "red", "accent": "amber",
         "toggle": {"icon": "material/weather-night", "name": "Chuyển sang nền tối"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "red", "accent": "amber",
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
    """Render every page into `site`, using `work` for the docs trees."""
    theme = work / "theme"
    shutil.copytree(OVERRIDES, theme)
    nav = navigation(pages)
    first, second = split_pages(pages)
    with in_background(render_shard, catalog, second, nav, theme, work / "shard-2", work / "shard-2" / "site"):
        render_shard(catalog, first, nav, theme, work / "shard-1", site, assets=True)
    merge_shard(work / "shard-2" / "site", site, second, catalog.project.config.url)


def split_pages(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    """Two halves of the site: the first has every page but record pages, topped up with record pages;
    the second has the rest of the record pages (each alone in its folder, so it moves in one rename)."""
    records = [p for p in pages if p.template == "record.html"]
    others = [p for p in pages if p.template != "record.html"]
    keep = max(0, len(pages) // 2 - len(others))
    return others + records[:keep], records[keep:]


def render_shard(catalog: Catalog, pages: list[Page], nav: list[NavEntry], theme: Path, work: Path, site: Path,
                 assets: bool = False) -> None:
    """One MkDocs build of `pages` (plus the navigation's pages, which every build needs) into `site`."""
    docs = work / "docs"
    own = {page.url for page in pages}
    write_stubs(catalog, pages + [entry.page for entry in nav if entry.page.url not in own], docs)
    if assets:
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
    fill_bodies(catalog, pages, site)


_SITEMAP_ENTRY = re.compile(r"[ \t]*<url>\s*(<loc>.*?</loc>).*?</url>\n", re.S)


def merge_shard(shard: Path, site: Path, pages: list[Page], base_url: str) -> None:
    """Move the second shard's pages into the site, and their entries into its sitemap."""
    for page in pages:
        os.rename(shard / page.url, site / page.url)
    sitemap = site / "sitemap.xml"
    if not pages or not sitemap.is_file():
        return
    moved = {f"<loc>{base_url}{page.url}</loc>" for page in pages}
    theirs = (shard / "sitemap.xml").read_text(encoding="utf-8")
    added = "".join(m.group(0) for m in _SITEMAP_ENTRY.finditer(theirs) if m.group(1) in moved)
    text = sitemap.read_text(encoding="utf-8").replace("</urlset>", added + "</urlset>")
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
