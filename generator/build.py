"""`guongsang build`: records in, a finished site swapped into place out; a failed build changes nothing.

    load and validate → catalog → plan pages → render (MkDocs, then the bodies) → post-process
    → swap into place

It replaces only a folder it can prove it may (output.py), and writes only inside the folders it makes.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .bundle import bundles_for_build, copy_downloads
from .catalog import Catalog, make_catalog
from .dates import build_date
from .feeds import write_feeds
from .history import newest_known_date
from .mirror import write_site_manifest
from .news import NewsPost, read_news
from .offline import link_index_files
from .output import STAGING, WORK, check_output, claim_folder, remove_leftovers, swap_into_place
from .pages import ContentPage, plan_pages, read_content_pages
from .problems import InputError, Problem
from .project import Project, load_project
from .render import render_site
from .search import index_offline, index_online

log = logging.getLogger(__name__)

# Stages that run on the rendered site before it goes live, in order: each takes the catalog (the
# project, the build date and the published records) and the staging folder, and adds files to it.
# Search index, feeds, open data and the manifest go here.
PostProcess = Callable[[Catalog, Path], None]


def feeds_stage(catalog: Catalog, site: Path) -> None:
    write_feeds(catalog.project.config, catalog.updates, site)


POST_PROCESS: list[PostProcess] = [feeds_stage]
# The search index comes first, as each kind of copy needs it, and an offline copy's links are made to
# open from file:// before the stages above see (and, for the manifest, hash) its pages.
ONLINE: list[PostProcess] = [index_online]
OFFLINE: list[PostProcess] = [index_offline, link_index_files]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    records: int
    pages: int
    seconds: float


def build_site(root: Path, out: Path | None = None, bundles: Path | None = None,
               offline: bool = False, preview: bool = False) -> BuildResult:
    """Validate the project at `root` and build its site into `out` (default `root/site`), atomically.

    `bundles` is a folder written by `guongsang bundle` for the same commit: its downloads go into the site.
    `offline` makes a copy to open from file:// with no server: links name `index.html` files, and
    search uses its own script index instead of Pagefind's.
    A preview (`guongsang serve`) also shows drafts and embargoed records and posts, each marked.
    """
    started = time.monotonic()
    out = (out or root / "site").absolute()
    project, content, news = load_inputs(root)  # raises InputError: nothing is written
    target = check_output(root, out)  # the folder to replace (a link's target); raises OutputNotASite
    date = build_date(root, newest_known_date(project.records.values(), news))
    catalog = make_catalog(project, date, news, preview=preview)
    downloads = bundles_for_build(bundles, root, catalog.date) if bundles else None
    pages = plan_pages(catalog, content, downloads.downloads if downloads else ())

    remove_leftovers(target)  # of builds killed half-way
    with claim_folder(target, STAGING) as staging:  # ours, locked while we build; removed unless swapped in
        with claim_folder(target, WORK) as work:
            render_site(catalog, pages, work, staging)
        for stage in (OFFLINE if offline else ONLINE) + POST_PROCESS:
            stage(catalog, staging)
        if downloads:
            copy_downloads(bundles, downloads, staging)
        write_site_manifest(catalog, staging)  # last: it covers every file
        swap_into_place(staging, target)
    return BuildResult(out, len(catalog.records), len(pages), time.monotonic() - started)


def load_inputs(root: Path) -> tuple[Project, dict[str, ContentPage], list[NewsPost]]:
    """Records, pages and news posts, all validated; an InputError lists every problem in all of them."""
    problems: list[Problem] = []
    loaded = []
    for read in (load_project, read_content_pages, read_news):
        try:
            loaded.append(read(root))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    project, content, news = loaded
    return project, content, news
