"""`guongsang build`: records in, a finished site swapped into place out; a failed build changes nothing.

    load and validate → catalog → PDF sheets made (cached) → plan pages → render (MkDocs, then the bodies)
    → images → sitemap → share images, and meanwhile in another process: sheets, search index, feeds, open data
    → (offline: links to index.html) → manifest → swap into place
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import messages as msg
from .cache import ContentCache, FileStore
from .catalog import Catalog, make_catalog
from .config import is_placeholder_url, normal_site_url
from .dates import read_revision
from .downloads import bundles_for_build, copy_downloads
from .feeds import write_feeds
from .history import newest_known_date
from .mirror import write_manifest
from .offline import link_index_files
from .opendata import write_open_data
from .output import WORK, check_output, claim_folder, claim_staging, remove_leftovers, remove_unplaced, swap_into_place
from .pages import plan_pages
from .project import load_inputs
from .render import in_background, render_site, write_images
from .search import write_search_index
from .shareimage import write_share_images
from .sheets import Sheet, make_sheets, sheet_sizes, write_sheets
from .sitemap import write_sitemap

log = logging.getLogger(__name__)

# Stages that run on the rendered site before it goes live, in order: each takes the catalog (the
# project, the build date and the published records), the staging folder, and the build cache's file store
# (cache.FileStore: what was made before from the same inputs is linked from it), and adds files to the site.
# Search index, feeds, open data and the manifest go here.
PostProcess = Callable[[Catalog, Path, FileStore], None]


def feeds_stage(catalog: Catalog, site: Path, store: FileStore) -> None:
    write_feeds(catalog.project.config, catalog.updates, site)


def open_data_stage(catalog: Catalog, site: Path, store: FileStore) -> None:
    write_open_data(catalog, site)


def offline_links_stage(catalog: Catalog, site: Path, store: FileStore) -> None:
    remove_unplaced(site, store.placed())  # it reads every page there: none a spare site held from before
    link_index_files(catalog, site)


def manifest_stage(catalog: Catalog, site: Path, store: FileStore) -> None:
    """The last stage, as it covers every file. First what a spare site held that this build did not make
    again goes (see output.claim_staging); then manifest.json and SHA256SUMS (files placed from the cache are
    not hashed again)."""
    files = remove_unplaced(site, store.placed())
    write_manifest(site, commit=catalog.commit, build_date=catalog.date, records=catalog.records,
                   site_url=catalog.project.config.url, known=store.digest_of, files=files)


# Stages that read no rendered page and write no file MkDocs does: they run in another process while the
# pages are rendered (see alongside_pages). Both kinds of copy have the same search index.
ALONGSIDE: list[PostProcess] = [write_search_index, feeds_stage, open_data_stage]
# Share images are for links to the primary host (drawn here, after the pages, as the other process has the
# longer part). An offline copy, which nobody links to, goes without them; once every file is in, its links
# are made to open from file:// (before the manifest hashes its pages).
ONLINE: list[PostProcess] = [write_share_images]
OFFLINE: list[PostProcess] = [offline_links_stage]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    records: int
    pages: int
    seconds: float


def build_site(root: Path, out: Path | None = None, bundles: Path | None = None,
               offline: bool = False, preview: bool = False, site_url: str | None = None) -> BuildResult:
    """Validate the project at `root` and build its site into `out` (default `root/site`), atomically.

    `bundles` is a folder written by `guongsang bundle` for the same commit: its downloads go into the site.
    `offline` makes a copy to open from file:// with no server: links name `index.html` files.
    A preview (`guongsang serve`) also shows drafts and embargoed records and posts, each marked.
    `site_url` is the primary host's address, in place of site_config.yml's (CI knows it: see ci/).
    """
    started = time.monotonic()
    catalog = load_catalog(root, preview=preview, site_url=site_url)  # raises InputError: nothing is written
    if not preview:
        warn_if_placeholder(catalog.project.config.url)
    out = (out or root / "site").absolute()
    pages = write_site(catalog, out, bundles=bundles, offline=offline)
    return BuildResult(out, len(catalog.records), pages, time.monotonic() - started)


def load_catalog(root: Path, preview: bool = False, site_url: str | None = None) -> Catalog:
    """The project at `root`, validated, and what it shows as of its build date (from git, read once);
    `site_url` (already checked: config.site_url_problem) in place of site_config.yml's address."""
    revision = read_revision(root)
    project, content, news = load_inputs(root, revision.date)
    if site_url:
        project.config = replace(project.config, url=normal_site_url(site_url))
    date = revision.build_date(newest_known_date(project.records.values(), news))
    return make_catalog(project, date, news, preview=preview, commit=revision.commit, content=content)


def write_site(catalog: Catalog, out: Path, bundles: Path | None = None, offline: bool = False) -> int:
    """Plan, render and post-process the site of `catalog` and swap it into `out`; the number of pages."""
    target = check_output(catalog.project.root, out)  # the folder to replace (a link's target); raises OutputNotASite
    downloads = bundles_for_build(bundles, catalog.commit, catalog.date) if bundles else None
    cache = ContentCache(catalog.project.root, "sheets")
    store = FileStore(catalog.project.root, "offline" if offline else "preview" if catalog.preview else "site")
    sheets, _ = make_sheets(catalog, cache)  # only those whose inputs changed are made, on every core
    pages = plan_pages(catalog, downloads.downloads if downloads else (), sheet_sizes(sheets))

    remove_leftovers(target)  # of builds killed half-way
    # ours, locked while we build: the site replaced last time, brought up to date, or a new folder
    with claim_staging(target) as staging:
        # what reads no rendered page is made meanwhile, in another process (the machine has two cores)
        with in_background(alongside_pages, catalog, sheets, cache, staging, store, daemon=False) as made:
            with claim_folder(target, WORK) as work:
                render_site(catalog, pages, work, staging, store)  # what changed; the rest from the cache
            write_images(catalog, staging, store)
            write_sitemap(catalog, pages, staging)  # in place of MkDocs' own
            for stage in () if offline else ONLINE:
                stage(catalog, staging, store)
        store.merge(made.result)
        for stage in OFFLINE if offline else ():
            stage(catalog, staging, store)
        if downloads:
            copy_downloads(bundles, downloads, staging, store)
        manifest_stage(catalog, staging, store)  # last: it covers every file
        store.save()
        swap_into_place(staging, target)
    return len(pages)


def alongside_pages(catalog: Catalog, sheets: list[Sheet], cache: ContentCache, site: Path,
                    store: FileStore) -> tuple:
    """What needs no rendered page, written into `site` while the pages are (see write_site): the PDF sheets and
    the ALONGSIDE stages. What the store noted, for FileStore.merge."""
    write_sheets(catalog, sheets, cache, site, store)
    for stage in ALONGSIDE:
        stage(catalog, site, store)
    return store.report()


def warn_if_placeholder(url: str) -> None:
    """One line when the site is built for a host no real site has: its links would lead nowhere."""
    if is_placeholder_url(url):
        log.warning(msg.PLACEHOLDER_SITE_URL.format(url=url))
