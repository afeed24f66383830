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


def build_date(root: Path) -> dt.date:
    """`SOURCE_DATE_EPOCH` if set, else the date of the repository's latest commit, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    committed = _last_commit_time(root)
    if committed is not None:
        return dt.datetime.fromtimestamp(committed, dt.timezone.utc).date()
    log.debug("no SOURCE_DATE_EPOCH and no git history; using today's date")
    return dt.datetime.now(dt.timezone.utc).date()


def source_commit(root: Path) -> str | None:
    """The commit the project folder is at, or None outside git: manifests name the version they describe."""
    return _git(root, "rev-parse", "--verify", "HEAD")


def _last_commit_time(root: Path) -> int | None:
    value = _git(root, "log", "-1", "--format=%ct")
    return int(value) if value and value.isdigit() else None


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None
