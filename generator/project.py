"""A project folder loaded whole: its config and its valid records, or every problem in them."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .config import CONFIG_FILE, SiteConfig, read_config
from .dates import repository_date
from .problems import InputError, Problem
from .records import Record, load_records

log = logging.getLogger(__name__)


@dataclass
class Project:
    root: Path
    config: SiteConfig
    records: dict[str, Record]  # by id, in path order

    def published(self, today: dt.date) -> list[Record]:
        """Records that go on the site: not drafts, and not under embargo on `today`."""
        return [
            r for r in self.records.values()
            if not r.draft and (r.publish_after is None or r.publish_after <= today)
        ]


def load_project(root: Path, today: dt.date | None = None) -> Project:
    """Load and validate everything under `root`; raise InputError with every problem found.

    `today` is the build date records are checked as of (a record's `year` may not be later); by
    default the day the repository gives (dates.repository_date), and when it gives none, no build
    date: years are then bounded only generously (formats.LATEST_YEAR).
    """
    config, config_problems = read_config(root)
    if config is None:
        raise InputError(config_problems)
    if not (root / "models").is_dir():
        raise InputError([*config_problems, Problem("models", 1, msg.NO_MODELS.format(root=root))])
    records, problems = load_records(root, config, today or repository_date(root))
    problems += config_problems
    broken = {Path(p.path).stem for p in problems}  # records with problems of their own exist, but are not loaded
    for record_id, line in zip(config.featured, config.featured_lines or [1] * len(config.featured)):
        if record_id not in records and record_id not in broken:
            problems.append(Problem(CONFIG_FILE, line, msg.FEATURED_MISSING.format(value=record_id)))
    if problems:
        raise InputError(problems)
    return Project(root, config, records)
