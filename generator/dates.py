"""The build date: the day the site is built "as of", taken from the repository, never from the clock.

Records under embargo (`publish_after`) appear once the build date reaches their date, and everything
dated on the site says this day, so the same commit always gives the same site.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

# Dates are calendar days in Vietnam (UTC+7, no daylight saving), where the site's readers are.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
EARLIEST = dt.date(2000, 1, 1)  # the first year a record may have


def day_of(timestamp: int) -> dt.date:
    """The day in Vietnam of a Unix time."""
    return dt.datetime.fromtimestamp(timestamp, VIETNAM).date()


def build_date(root: Path, known: dt.date | None = None) -> dt.date:
    """`SOURCE_DATE_EPOCH` if set, else the day of the repository's latest commit, else `known`.

    Days are Vietnam's (VIETNAM), like every other date on the site. Outside git, `known` is the
    newest date the project itself gives (see history.newest_known_date); the clock is never read, so a
    copy of the same files builds the same site on any day.
    """
    found = repository_date(root)
    if found is not None:
        return found
    log.debug("no SOURCE_DATE_EPOCH and no git history; using the newest date in the project")
    return known or EARLIEST


def repository_date(root: Path) -> dt.date | None:
    """The build date as far as the repository alone gives it: `SOURCE_DATE_EPOCH`, else the day of the
    latest commit; None outside git. Records are checked as of this day (they cannot wait for
    `known`, which is read from them)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return day_of(int(epoch))
    committed = _last_commit_time(root)
    return day_of(committed) if committed is not None else None


def source_commit(root: Path) -> str | None:
    """The commit the project folder is at, or None outside git: manifests name the version they describe."""
    return git(root, "rev-parse", "--verify", "HEAD")


def _last_commit_time(root: Path) -> int | None:
    value = git(root, "log", "-1", "--format=%ct")
    return int(value) if value and value.isdigit() else None


def git(root: Path, *args: str, timeout: float = 30) -> str | None:
    """What a git command prints in `root`, stripped; None when git is missing, fails or prints nothing."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None
