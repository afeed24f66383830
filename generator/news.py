"""News posts: Markdown files in ``content/tin-tuc/``, each with a front matter giving its title and date.

    ---
    title: Tuyên Quang biểu dương 50 tấm gương điển hình   (required)
    date: 2025-05-19                                      (required: the day it is published)
    summary: Một hai câu cho trang Cập nhật và bản tin.   (optional, ≤ 400 characters)
    updated: 2025-05-20                                   (optional: the day of the last real change)
    draft: true                                           (optional: checked, not published)
    publish_after: 2025-05-19                             (optional: embargo)
    ---
    The post, in Markdown.

The front matter's keys and limits are described in formats.NEWS.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import formats
from . import messages as msg
from .addresses import news_url
from .formats import ID_PATTERN
from .inputs import NEWS_LIMIT, FileProblem, input_files, read_input_text
from .problems import InputError, Problem
from .shapes import Checker
from .text import hidden_character_line, nfc, slugify
from .yamlfile import YamlProblem, load_mapping

log = logging.getLogger(__name__)

NEWS_FOLDER = "content/tin-tuc"
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class NewsPost:
    slug: str  # the file name without .md; the post is at addresses.news_url(slug)
    path: str  # relative to the project root
    title: str
    date: dt.date
    body: str  # Markdown
    summary: str = ""
    updated: dt.date | None = None
    draft: bool = False
    publish_after: dt.date | None = None

    @property
    def url(self) -> str:
        return news_url(self.slug)


def read_news(root: Path) -> list[NewsPost]:
    """Every post in content/tin-tuc/, newest first; raise InputError listing every problem."""
    files, problems = input_files(root, NEWS_FOLDER, "md", misspelt=("markdown",))
    posts: list[NewsPost] = []
    for rel, path in files:
        if rel.count("/") > NEWS_FOLDER.count("/") + 1:  # a post's address is its file name: no folders
            problems.append(Problem(rel, 1, msg.NEWS_IN_FOLDER.format(suggestion=f"{NEWS_FOLDER}/{path.name}")))
            continue
        try:
            posts.append(read_post(root, path, rel))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)


def read_post(root: Path, path: Path, rel: str) -> NewsPost:
    checker = Checker(rel, line_offset=1)  # the front matter starts on the file's line 2
    problems = checker.problems

    def fail(line: int, message: str) -> InputError:
        return InputError(problems + [Problem(rel, line, message)])

    slug = path.name[:-3]
    if not ID_PATTERN.match(slug):
        problems.append(Problem(rel, 1, msg.NEWS_BAD_NAME.format(name=path.name,
                                                                  suggestion=slugify(slug) or msg.NEWS_NAME_EXAMPLE)))
    try:
        text = nfc(read_input_text(root, path, NEWS_LIMIT))
    except FileProblem as err:
        raise fail(err.line, err.message) from None
    if hidden := hidden_character_line(text):
        raise fail(*hidden)
    front = _FRONT.match(text)
    if front is None:
        raise fail(1, msg.NEWS_NO_FRONT)
    try:
        meta, duplicates = load_mapping(front.group(1).encode("utf-8"))
    except YamlProblem as err:
        raise fail(err.line + 1, err.message) from None
    for dup in duplicates:
        checker.problem(dup.line, msg.YAML_DUPLICATE_KEY.format(key=dup.key, first=dup.first + 1))
    values = formats.NEWS.check(meta, checker)
    if problems:
        raise InputError(problems)
    return NewsPost(slug=slug, path=rel, body=text[front.end():], **values)
