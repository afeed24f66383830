"""Offline copies: a site that opens from file://, from a folder or a USB stick, with no server.

A server answers `ca-nhan/x/` with `ca-nhan/x/index.html`; a browser reading files does not, so every
relative link to a folder is made to name its `index.html`. Search needs no server either: its index
(see searchindex.py) is loaded by `<script>` tags, on a served site as in a copy.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote

from .catalog import Catalog
from .output import write_new

log = logging.getLogger(__name__)

# Script and style bodies and comments are skipped whole; in everything else, only start tags are read.
_SKIP_OR_TAG = re.compile(r"(?P<skip><script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->)|<[a-zA-Z][^>]*>",
                          re.DOTALL | re.IGNORECASE)
_LINK_ATTRIBUTE = re.compile(r"""(\s(?:href|src|action)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def link_index_files(catalog: Catalog, site: Path) -> None:
    """Build stage: rewrite the links of every page in `site` to open from file://."""
    folders = {str(p.parent) for p in site.rglob("index.html")}  # the folders a link may point to
    pages = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        rewritten = rewrite_links(text, page.parent, folders)
        if rewritten != text:
            write_new(page, rewritten.encode("utf-8"))
            pages += 1
    log.debug("offline links: %d pages rewritten", pages)


def rewrite_links(html: str, folder: Path, folders: set[str]) -> str:
    """`html`, a page in `folder`, with each relative link to one of `folders` naming its index.html."""

    def tag(found: re.Match) -> str:
        return found.group(0) if found.group("skip") else _LINK_ATTRIBUTE.sub(attribute, found.group(0))

    def attribute(found: re.Match) -> str:
        quote, url = ('"', found.group(2)) if found.group(2) is not None else ("'", found.group(3))
        return f"{found.group(1)}{quote}{index_url(url, folder, folders)}{quote}"

    return _SKIP_OR_TAG.sub(tag, html)


def index_url(url: str, folder: Path, folders: set[str]) -> str:
    """`url`, a link from `folder`, with `index.html` added when it points to one of `folders`."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if os.path.normpath(os.path.join(folder, unquote(path))) not in folders:
        return url
    return f"{path}{'' if path.endswith('/') else '/'}index.html{rest}"
