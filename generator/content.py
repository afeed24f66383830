"""The pages of content/: Markdown files, each a page of the site at its slug ('gioi-thieu/'), news aside."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import RESERVED, content_url
from .markup import page_to_html
from .news import NEWS_FOLDER
from .problems import InputError, Problem
from .text import nfc, slugify

log = logging.getLogger(__name__)

CONTENT_FOLDER = "content"


@dataclass(frozen=True)
class ContentPage:
    path: str  # relative to the project root
    title: str
    html: str  # sanitised, without the title
    lead_html: str  # the part before the first section heading, for the home page


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_H2 = re.compile(r"^##\s", re.MULTILINE)


def read_content_pages(root: Path) -> dict[str, ContentPage]:
    """Markdown pages in content/, by URL slug; a page may not take a generated page's address."""
    folder = root / CONTENT_FOLDER
    pages: dict[str, ContentPage] = {}
    problems = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(NEWS_FOLDER + "/"):
            continue  # news posts have their own reader (news.py) and pages
        if not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(rel, 1, msg.FILE_OUTSIDE))
            continue
        slug = "/".join(slugify(part) for part in path.relative_to(folder).with_suffix("").parts)
        if slug.split("/")[0] in RESERVED or slug == "index":
            problems.append(Problem(rel, 1, msg.CONTENT_PATH_TAKEN.format(url=f"/{content_url(slug)}")))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(rel, 1, msg.FILE_NOT_UTF8.format(pos=err.start)))
            continue
        text = nfc(text)
        heading = _H1.search(text)
        title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        body = text[heading.end():] if heading else text
        lead = body[:m.start()] if (m := _H2.search(body)) else body
        pages[slug] = ContentPage(rel, title, page_to_html(body), page_to_html(lead))
    if problems:
        raise InputError(problems)
    return pages
