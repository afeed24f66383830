"""The sitemap: every public page, at its address on the primary host, dated when what it shows last changed.

Written from the planned pages (pages.py), in place of the one MkDocs makes, which would date every page by
the build and list every page it rendered: here a record's page is dated by its file's last commit, a
listing by the newest of its records, a page of content/ by its file (history.py), and pages kept out of
search engines' way (the editors' guide) are left out. sitemap.xml.gz beside it holds the same text.
"""
from __future__ import annotations

import calendar
import gzip
import io
import logging
from html import escape
from pathlib import Path

from . import addresses
from .catalog import Catalog
from .output import inside, write_new
from .pages import Page

log = logging.getLogger(__name__)

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
_TAIL = "</urlset>\n"


def sitemap_xml(site_url: str, pages: list[Page]) -> str:
    """The sitemap of `pages`, in their order."""
    entries = []
    for page in pages:
        if not page.in_sitemap:
            continue
        lastmod = f"\n    <lastmod>{page.updated.isoformat()}</lastmod>" if page.updated else ""
        entries.append(f"  <url>\n    <loc>{escape(addresses.canonical_url(site_url, page.url))}</loc>{lastmod}\n  </url>\n")
    return _HEAD + "".join(entries) + _TAIL


def write_sitemap(catalog: Catalog, pages: list[Page], site: Path) -> None:
    """sitemap.xml and sitemap.xml.gz of the site in `site` (the gzip stamped with the build date)."""
    text = sitemap_xml(catalog.project.config.url, pages).encode("utf-8")
    write_new(inside(site, site / addresses.SITEMAP), text)  # in place of MkDocs' own
    stamp = calendar.timegm(catalog.date.timetuple())
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, filename="", mode="wb", mtime=stamp) as gz:
        gz.write(text)
    write_new(inside(site, site / f"{addresses.SITEMAP}.gz"), packed.getvalue())
