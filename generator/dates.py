"""The build date: the day the site is built "as of", taken from the repository, never from the clock.

Records under embargo (`publish_after`) appear once the build date reaches their date, and everything
dated on the site says this day, so the same commit always gives the same site.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Dates are calendar days in Vietnam (UTC+7, no daylight saving), where the site's readers are.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
EARLIEST = dt.date(2000, 1, 1)  # the first year a record may have


def day_of(timestamp: int) -> dt.date:
    """The day in Vietnam of a Unix time."""
    return dt.datetime.fromtimestamp(timestamp, VIETNAM).date()


@dataclass(frozen=True)
class Revision:
    """What the repository says of the version being built, read once per build (one git call)."""

    commit: str | None  # the commit the project folder is at; None outside git
    date: dt.date | None  # SOURCE_DATE_EPOCH's day, else the latest commit's; None when there is neither

    def build_date(self, known: dt.date | None = None) -> dt.date:
        """The build date: `date`, else `known` (the newest date the project itself gives, see
        history.newest_known_date), else EARLIEST; the clock is never read, so a copy of the same files
        builds the same site on any day."""
        if self.date is None:
            log.debug("no SOURCE_DATE_EPOCH and no git history; using the newest date in the project")
        return self.date or known or EARLIEST


def read_revision(root: Path) -> Revision:
    """The commit `root` is at and the day to build it as of. Days are Vietnam's (VIETNAM), like every other
    date on the site; manifests and downloads name the commit they describe."""
    head = git(root, "log", "-1", "--format=%H %ct")
    commit, committed = head.split() if head and len(head.split()) == 2 else (None, None)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return Revision(commit, day_of(int(epoch)))
    return Revision(commit, day_of(int(committed)) if committed and committed.isdigit() else None)


def build_date(root: Path, known: dt.date | None = None) -> dt.date:
    """`SOURCE_DATE_EPOCH` if set, else the day of the repository's latest commit, else `known`."""
    return read_revision(root).build_date(known)


def git(root: Path, *args: str, timeout: float = 30) -> str | None:
    """What a git command prints in `root`, stripped; None when git is missing, fails or prints nothing."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None
