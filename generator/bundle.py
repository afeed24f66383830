"""`guongsang bundle`: the offline downloads of a project, a ZIP and a ZIM of its ``file://`` copy.

Both are made from the offline copy (links end in ``index.html``, so they also resolve inside a ZIM),
built once from the project loaded and validated once; ``bundles.json`` beside them (downloads.py) lets
``guongsang build --bundles`` list them. The copies inside the bundles cannot list the bundles' own
checksums (a file cannot contain its own hash): their mirrors page points to the primary host instead.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .build import load_catalog, write_site
from .cache import OFFLINE_FOLDER
from .downloads import BundleSet, bundle_basename, describe, read_bundles
from .mirror import file_sha256
from .text import slugify
from .zim import ZimMetadata, write_zim
from .ziparchive import write_zip

log = logging.getLogger(__name__)


def bundle_site(root: Path, out: Path, site_url: str | None = None) -> BundleSet:
    """Build the offline copy of the project at `root` and write its ZIP and ZIM, and bundles.json, into `out`;
    `site_url` is the primary host's address, in place of site_config.yml's."""
    catalog = load_catalog(root, site_url=site_url)  # raises InputError before anything is written
    config, date = catalog.project.config, catalog.date
    base = bundle_basename(config.name, date)
    out.mkdir(parents=True, exist_ok=True)
    copy = root / OFFLINE_FOLDER  # in the project, as everything a build makes; packed under `base`
    write_site(catalog, copy, offline=True)
    write_zip(copy, out / f"{base}.zip", base, date)
    meta = ZimMetadata(
        name=f"{slugify(config.name).replace('-', '') or 'site'}_vi_all", title=config.name[:30],
        description=_shorten(config.tagline or config.description or config.name, 80),
        long_description=_shorten(config.description, 4000), creator=config.publisher or config.name,
        publisher=config.publisher or config.name, date=date, source=config.url)
    write_zim(copy, out / f"{base}.zim", meta)
    _remove_stale(out, {f"{base}.zip", f"{base}.zim"})
    return describe(out, [f"{base}.zip", f"{base}.zim"], catalog.commit, date)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Downloads of an earlier run, named in its bundles.json, would otherwise pile up in `out`.

    Only a file that still is what that list describes (its size and SHA-256) is one we wrote: a
    bundles.json edited or copied by hand must not make us delete anything else.
    """
    try:
        previous = read_bundles(out)
    except (OSError, ValueError, KeyError, TypeError):
        return
    for download in previous.downloads:
        path = out / download.name
        if download.name in keep or Path(download.name).name != download.name:
            continue
        if path.is_file() and not path.is_symlink() and path.stat().st_size == download.size \
                and file_sha256(path) == download.sha256:
            path.unlink()
