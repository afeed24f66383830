"""A project folder loaded whole: its config and its valid records, or every problem in them."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .config import CONFIG_FILE, SiteConfig, load_config
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


def load_project(root: Path) -> Project:
    """Load and validate everything under `root`; raise InputError with every problem found."""
    config = load_config(root)
    if not (root / "models").is_dir():
        raise InputError([Problem("models", 1, msg.NO_MODELS.format(root=root))])
    records, problems = load_records(root, config)
    featured_line = _config_line(root, "featured")
    for record_id in config.featured:
        if record_id not in records and not any(p.path.endswith(f"/{record_id}.yml") for p in problems):
            problems.append(Problem(CONFIG_FILE, featured_line, msg.FEATURED_MISSING.format(value=record_id)))
    if problems:
        raise InputError(problems)
    return Project(root, config, records)


def _config_line(root: Path, key: str) -> int:
    for number, line in enumerate((root / CONFIG_FILE).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
