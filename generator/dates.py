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

from .history import EARLIEST, day_of

log = logging.getLogger(__name__)


def build_date(root: Path, known: dt.date | None = None) -> dt.date:
    """`SOURCE_DATE_EPOCH` if set, else the day of the repository's latest commit, else `known`.

    Days are Vietnam's (history.VIETNAM), like every other date on the site. Outside git, `known` is the
    newest date the project itself gives (see history.newest_known_date); the clock is never read, so a
    copy of the same files builds the same site on any day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return day_of(int(epoch))
    committed = _last_commit_time(root)
    if committed is not None:
        return day_of(committed)
    log.debug("no SOURCE_DATE_EPOCH and no git history; using the newest date in the project")
    return known or EARLIEST


def _last_commit_time(root: Path) -> int | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None
