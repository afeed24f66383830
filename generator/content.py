"""The pages of content/: Markdown files, each a page of the site at its slug ('gioi-thieu/'), news aside."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import RESERVED, content_url
from .inputs import PAGE_LIMIT, FileProblem, input_files, read_input_text
from .markup import page_to_html
from .news import NEWS_FOLDER
from .problems import InputError, Problem
from .text import SLUG_PATTERN, hidden_character_line, nfc, slugify

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
    """Markdown pages in content/, by URL slug: the file's path in content/ without '.md', such as 'gioi-thieu'.

    Every part of that path must be a slug already (as a record's id is): no page gets an address its file name
    does not show, none an empty one, and no two pages the same one. A page may not take a generated page's
    address. News posts (content/tin-tuc/) have their own reader, in news.py.
    """
    files, problems = input_files(root, CONTENT_FOLDER, "md", misspelt=("markdown",), skip=(NEWS_FOLDER,))
    taken = {rel for rel, _ in files}
    pages: dict[str, ContentPage] = {}
    for rel, path in files:
        slug, problem = _content_slug(rel, taken)
        if problem:
            problems.append(Problem(rel, 1, problem))
            continue
        try:
            text = nfc(read_input_text(root, path, PAGE_LIMIT))
        except FileProblem as err:
            problems.append(Problem(rel, err.line, err.message))
            continue
        heading = _H1.search(text)
        # A hidden character in the title would reach the theme's metadata, where it can break the page.
        hidden = hidden_character_line(text)
        if hidden is None and heading and (in_title := hidden_character_line(heading.group(0), prose=False)):
            hidden = text.count("\n", 0, heading.start()) + 1, in_title[1]
        if hidden:
            problems.append(Problem(rel, *hidden))
            continue
        title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        body = text[heading.end():] if heading else text
        lead = body[:m.start()] if (m := _H2.search(body)) else body
        pages[slug] = ContentPage(rel, title, page_to_html(body), page_to_html(lead))
    if problems:
        raise InputError(problems)
    return pages


def _content_slug(rel: str, taken: set[str]) -> tuple[str, str | None]:
    """The address of the page in the file `rel` ('content/a/b.md' gives 'a/b'), or the problem with its name."""
    parts = rel[len(CONTENT_FOLDER) + 1:-len(".md")].split("/")
    for i, part in enumerate(parts):
        if not SLUG_PATTERN.match(part):
            suggestion = f"{CONTENT_FOLDER}/" + "/".join(slugify(p) or "trang-moi" for p in parts) + ".md"
            template = msg.CONTENT_BAD_NAME_TAKEN if suggestion in taken else msg.CONTENT_BAD_NAME
            return "", template.format(name=part + (".md" if i == len(parts) - 1 else ""), suggestion=suggestion)
    if "index" in parts:
        folder = parts[:parts.index("index")]
        return "", msg.CONTENT_INDEX.format(suggestion=f"{CONTENT_FOLDER}/" + "/".join(folder or ["trang-moi"]) + ".md")
    if parts[0] in RESERVED:
        return "", msg.CONTENT_PATH_TAKEN.format(url=f"/{content_url('/'.join(parts))}")
    return "/".join(parts), None
