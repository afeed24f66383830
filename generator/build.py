"""`guongsang build`: records in, a finished site swapped into place out; a failed build changes nothing.

    load and validate → catalog → PDF sheets (cached) → plan pages → render (MkDocs, then the bodies)
    → post-process → swap into place
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import ContentCache
from .catalog import Catalog, make_catalog
from .dates import read_revision
from .downloads import bundles_for_build, copy_downloads
from .feeds import write_feeds
from .history import newest_known_date
from .mirror import write_manifest
from .offline import link_index_files
from .output import STAGING, WORK, check_output, claim_folder, remove_leftovers, swap_into_place
from .pages import plan_pages
from .project import load_inputs
from .render import render_site
from .search import index_offline, index_online
from .sheets import make_sheets, sheet_sizes, write_sheets

log = logging.getLogger(__name__)

# Stages that run on the rendered site before it goes live, in order: each takes the catalog (the
# project, the build date and the published records) and the staging folder, and adds files to it.
# Search index, feeds, open data and the manifest go here.
PostProcess = Callable[[Catalog, Path], None]


def feeds_stage(catalog: Catalog, site: Path) -> None:
    write_feeds(catalog.project.config, catalog.updates, site)


def manifest_stage(catalog: Catalog, site: Path) -> None:
    """The last stage, as it covers every file: manifest.json and SHA256SUMS."""
    write_manifest(site, commit=catalog.commit, build_date=catalog.date, records=catalog.records,
                   site_url=catalog.project.config.url)


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
    catalog = load_catalog(root, preview=preview)  # raises InputError: nothing is written
    out = (out or root / "site").absolute()
    pages = write_site(catalog, out, bundles=bundles, offline=offline)
    return BuildResult(out, len(catalog.records), pages, time.monotonic() - started)


def load_catalog(root: Path, preview: bool = False) -> Catalog:
    """The project at `root`, validated, and what it shows as of its build date (from git, read once)."""
    revision = read_revision(root)
    project, content, news = load_inputs(root, revision.date)
    date = revision.build_date(newest_known_date(project.records.values(), news))
    return make_catalog(project, date, news, preview=preview, commit=revision.commit, content=content)


def write_site(catalog: Catalog, out: Path, bundles: Path | None = None, offline: bool = False) -> int:
    """Plan, render and post-process the site of `catalog` and swap it into `out`; the number of pages."""
    target = check_output(catalog.project.root, out)  # the folder to replace (a link's target); raises OutputNotASite
    downloads = bundles_for_build(bundles, catalog.commit, catalog.date) if bundles else None
    cache = ContentCache(catalog.project.root, "sheets")
    sheets, _ = make_sheets(catalog, cache)  # only those whose inputs changed are made, on every core
    pages = plan_pages(catalog, downloads.downloads if downloads else (), sheet_sizes(sheets))

    remove_leftovers(target)  # of builds killed half-way
    with claim_folder(target, STAGING) as staging:  # ours, locked while we build; removed unless swapped in
        with claim_folder(target, WORK) as work:
            render_site(catalog, pages, work, staging)
        write_sheets(catalog, sheets, cache, staging)
        for stage in (OFFLINE if offline else ONLINE) + POST_PROCESS:
            stage(catalog, staging)
        if downloads:
            copy_downloads(bundles, downloads, staging)
        manifest_stage(catalog, staging)  # last: it covers every file
        swap_into_place(staging, target)
    return len(pages)
