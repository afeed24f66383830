"""When each file was first published and last changed, read from git history in one pass.

One `git log` for the whole project, whatever the number of records. A project outside git, a shallow
clone (whose history is cut short, so its first dates would be wrong) or a machine without git gets no
history at all: callers then use the documented fallback (see `dated`) and say so once.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .dates import EARLIEST, day_of, git

log = logging.getLogger(__name__)

_COMMIT = "\x01"


@dataclass(frozen=True)
class Dates:
    """A page's two dates: when it first appeared and when it last changed."""

    published: dt.date
    updated: dt.date

    @property
    def is_update(self) -> bool:
        return self.updated > self.published


def file_history(root: Path, folders: tuple[str, ...] = ("models", "content", "lessons")) -> dict[str, Dates] | None:
    """Each file's first and last commit dates under `folders`, by path relative to `root`.

    Renames are followed (a record moved to another folder keeps its first date). None when there is
    no complete history to read.
    """
    if git(root, "rev-parse", "--is-shallow-repository") != "false":
        return None  # not a repository (or no git at all), or a shallow clone
    out = git(root, "-c", "core.quotePath=false", "log", "--no-color", "--relative", "-M", "-z", "--name-status",
              f"--format={_COMMIT}%ct", "--", *folders, timeout=600)
    return _parse_log(out or "")  # nothing printed: no commit touches these folders yet


def _parse_log(out: str) -> dict[str, Dates]:
    """Read `git log --name-status -z` output, newest commit first, into dates by current path."""
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    # Walking back in time: which current file a path named then belongs to (None: another, older file).
    owner: dict[str, str | None] = {}
    tokens = iter(out.split("\0"))
    day = None
    for token in tokens:
        token = token.strip("\n")
        if not token:
            continue
        if token.startswith(_COMMIT):
            day = day_of(int(token[1:]))
            continue
        status, path = token[0], next(tokens)
        target = next(tokens) if status in "RC" else path
        current = owner.get(target, target)
        if current is not None and day is not None:
            first[current] = min(first.get(current, day), day)
            last[current] = max(last.get(current, day), day)
        if status in "ACRD":
            owner[target] = None  # before this commit, a file at this path was a different file, if any
        if status == "R":
            owner[path] = current  # before the move, the file lived at its old path
    return {path: Dates(first[path], last[path]) for path in first}



def page_dates(root: Path, files: dict[str, tuple[dt.date | None, int]], today: dt.date) -> dict[str, Dates]:
    """The dates of each page, from git history where there is one, by a fixed rule where there is not.

    `files` maps a project-relative path to the page's own first-publication date, if it gives one
    (a record's `published`), and the year it belongs to. The rule, which never reads the clock:
    - with history: first published = the given date, else the file's first commit; last updated = its
      latest commit (never before first published). A file not committed yet (a preview) is dated `today`,
      the build date.
    - without history (not a git repository, a shallow clone): first published = the given date, else
      1 January of the page's year; last updated = first published. Said once, as a warning.
    """
    history = file_history(root)
    if history is None:
        log.warning(msg.DATES_NO_HISTORY)
    out: dict[str, Dates] = {}
    for path, (given, year) in files.items():
        if history is None:
            first = given or dt.date(year, 1, 1)
            out[path] = Dates(first, first)
        elif path in history:
            first = given or history[path].published
            out[path] = Dates(first, max(first, history[path].updated))
        else:
            first = given or today
            out[path] = Dates(first, max(first, today))
    return out


def newest_known_date(records, news=()) -> dt.date:
    """Outside git, the build date: the newest date the project gives (a record's `published` or a
    source's date, a news post's date), else 1 January of the newest record's `year`."""
    dates = [d for r in records for d in (r.published, *(s.date for s in r.sources)) if d]
    dates += [p.date for p in news]
    years = [dt.date(r.year, 1, 1) for r in records]
    return max(dates or years or [EARLIEST])
