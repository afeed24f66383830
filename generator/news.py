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
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import news_url
from .inputs import NEWS_LIMIT, FileProblem, input_files, read_input_text
from .problems import InputError, Problem
from .records import ID_PATTERN, SUMMARY_LIMIT
from .text import hidden_character_line, hidden_character_problem, nfc, slugify
from .yamlfile import YamlProblem, load_mapping

log = logging.getLogger(__name__)

NEWS_FOLDER = "content/tin-tuc"
_KEYS = ("title", "date", "summary", "updated", "draft", "publish_after")
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
    problems: list[Problem] = []

    def fail(line: int, message: str) -> InputError:
        return InputError(problems + [Problem(rel, line, message)])

    slug = path.name[:-3]
    if not ID_PATTERN.match(slug):
        problems.append(Problem(rel, 1, msg.NEWS_BAD_NAME.format(name=path.name, suggestion=slugify(slug) or "tin-moi")))
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
    problems += [Problem(rel, d.line + 1, msg.YAML_DUPLICATE_KEY.format(key=d.key, first=d.first + 1))
                 for d in duplicates]
    line = lambda key: meta.line_of(key) + 1  # noqa: E731 - the front matter starts on the file's line 2
    for key in meta:
        if key not in _KEYS:
            problems.append(Problem(rel, line(key), msg.NEWS_UNKNOWN_KEY.format(key=key, keys=", ".join(_KEYS))))
    values: dict[str, object] = {}
    for key, kind in (("title", str), ("summary", str), ("date", dt.date), ("updated", dt.date),
                      ("publish_after", dt.date), ("draft", bool)):
        value = meta.get(key)
        if value is None:
            if key in ("title", "date"):
                problems.append(Problem(rel, 1, msg.NEWS_MISSING.format(key=key)))
            continue
        if kind is dt.date and isinstance(value, dt.datetime):
            value = value.date()
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            problems.append(Problem(rel, line(key), msg.NEWS_WRONG_TYPE.format(key=key)))
            continue
        if kind is str and (hidden := hidden_character_problem(key, value.strip())):
            problems.append(Problem(rel, line(key), hidden))
            continue
        values[key] = value.strip() if isinstance(value, str) else value
    if len(values.get("summary", "")) > SUMMARY_LIMIT:
        problems.append(Problem(rel, line("summary"), msg.TEXT_TOO_LONG.format(
            key="summary", length=len(values["summary"]), limit=SUMMARY_LIMIT)))
    if problems:
        raise InputError(problems)
    return NewsPost(slug=slug, path=rel, body=text[front.end():], **values)


