"""A project folder loaded whole: its config, its valid records, its pages and news posts, or every problem in them."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import messages as msg
from .config import CONFIG_FILE, SiteConfig, read_config
from .content import ContentPage, read_content_pages
from .dates import read_revision
from .lessons import Lesson, load_lessons
from .news import NewsPost, read_news
from .problems import InputError, Problem
from .records import Record, read_records

log = logging.getLogger(__name__)


@dataclass
class Project:
    root: Path
    config: SiteConfig
    records: dict[str, Record]  # by id, in path order (published or not: see publishing.py)
    lessons: dict[str, Lesson] = field(default_factory=dict)  # lesson packs (lessons/), by id, in path order
    fingerprints: dict[str, str] = field(default_factory=dict)  # record id -> what it was made from (records.py)


def load_project(root: Path, today: dt.date | None = None) -> Project:
    """Load and validate the config, records and lesson packs under `root`; raise InputError with every problem found.

    `today` is the build date when it is known before the records are read (dates.Revision.date): a
    record's `year` may not be later (formats.YEAR_GRACE aside). Not given, it is read from the
    repository the same way; where the repository tells none (no git, no SOURCE_DATE_EPOCH), years are
    bounded only generously (formats.LATEST_YEAR): the other fallback, the newest date the records give,
    would be read from the very records being checked.
    """
    config, config_problems = read_config(root)
    if config is None:
        raise InputError(config_problems)
    if not (root / "models").is_dir():
        raise InputError([*config_problems, Problem("models", 1, msg.NO_MODELS.format(root=root))])
    today = today if today is not None else read_revision(root).date
    records, problems, fingerprints = read_records(root, config, today)
    problems += config_problems
    broken = {Path(p.path).stem for p in problems}  # records with problems of their own exist, but are not loaded
    for record_id, line in zip(config.featured, config.featured_lines or [1] * len(config.featured)):
        if record_id not in records and record_id not in broken:
            problems.append(Problem(CONFIG_FILE, line, msg.FEATURED_MISSING.format(value=record_id)))
    lessons, lesson_problems = load_lessons(root, records, broken, today)
    problems += lesson_problems
    if problems:
        raise InputError(problems)
    return Project(root, config, records, lessons, fingerprints)


def load_inputs(root: Path, today: dt.date | None = None) -> tuple[Project, dict[str, ContentPage], list[NewsPost]]:
    """Records, pages and news posts, all validated; an InputError lists every problem in all of them."""
    problems: list[Problem] = []
    loaded = []
    for read in (lambda: load_project(root, today), lambda: read_content_pages(root), lambda: read_news(root)):
        try:
            loaded.append(read())
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    project, content, news = loaded
    return project, content, news
