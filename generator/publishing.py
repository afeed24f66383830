"""What is on the site on a given day: one rule for records and news posts.

A draft is never published; anything else is published from its first day on (a record's
`publish_after`, a news post's `date` and `publish_after`). A preview (`guongsang serve`) shows the
unpublished too, marked with the reason given here.
"""
from __future__ import annotations

import datetime as dt
import logging

from .news import NewsPost
from .records import Record

log = logging.getLogger(__name__)

DRAFT = "draft"
EMBARGO = "embargo"


def unpublished(draft: bool, today: dt.date, *not_before: dt.date | None) -> str | None:
    """Why something is not on the site on `today` (DRAFT, EMBARGO), or None when it is."""
    if draft:
        return DRAFT
    if any(day is not None and day > today for day in not_before):
        return EMBARGO
    return None


def record_status(record: Record, today: dt.date) -> str | None:
    return unpublished(record.draft, today, record.publish_after)


def post_status(post: NewsPost, today: dt.date) -> str | None:
    return unpublished(post.draft, today, post.date, post.publish_after)
