"""The site's timeline: new and updated records and news posts, newest first, for /cap-nhat/ and the feeds."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import record_url
from .history import Dates, page_dates
from .lessons import Lesson
from .news import NewsPost
from .records import Record

UPDATES_SHOWN = 200  # on /cap-nhat/: the recent past, not the whole archive (listings have that)


@dataclass(frozen=True)
class Update:
    """One line of the timeline: a page, what happened to it, and when."""

    title: str
    url: str  # relative to the site root, e.g. "ca-nhan/nguyen-hung-dao/"
    summary: str
    label: str  # what it is: "Cá nhân", "Mô hình", "Tin tức"…
    dates: Dates
    key: str  # a stable tie-breaker: the record id, or the post's address without its last "/"

    @property
    def date(self) -> dt.date:
        return self.dates.updated

    @property
    def what(self) -> str:
        """"Mới" for a first publication, "Cập nhật" for a change to a page already published."""
        return msg.UPDATE_CHANGED if self.dates.is_update else msg.UPDATE_NEW


def record_dates(root: Path, records: list[Record], today: dt.date) -> dict[str, Dates]:
    """Each record's first-published and last-updated dates, by id (see history.page_dates for the rule)."""
    return page_dates_by_id(root, records, [], today)[0]


def page_dates_by_id(root: Path, records: list[Record], lessons: list[Lesson],
                     today: dt.date) -> tuple[dict[str, Dates], dict[str, Dates]]:
    """The dates of records and of lesson packs, each by id, from one reading of git history. A lesson pack
    gives no year of its own: without history it is dated 1 January of the build date's year."""
    files = {r.path: (r.published, r.year) for r in records} | {p.path: (None, today.year) for p in lessons}
    by_path = page_dates(root, files, today)
    return {r.id: by_path[r.path] for r in records}, {p.id: by_path[p.path] for p in lessons}


def timeline(records: list[Record], dates: dict[str, Dates], news: list[NewsPost]) -> list[Update]:
    """Every published record and news post as an update, newest first (ties: newest first published, key)."""
    items = [Update(r.name, record_url(r), r.summary, r.kind.label.capitalize(), dates[r.id], r.id)
             for r in records]
    items += [Update(p.title, p.url, p.summary, msg.NEWS_LABEL, Dates(p.date, max(p.date, p.updated or p.date)),
                     p.url.rstrip("/")) for p in news]
    return sorted(items, key=lambda u: (u.dates.updated, u.dates.published, u.key), reverse=True)
