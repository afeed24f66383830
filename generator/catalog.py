"""The published records, grouped every way the site browses them: by kind, province, field, year and source.

Built once per build in linear time (plus sorting), so listings and record pages only look things up.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from .content import ContentPage
from .history import Dates
from .lessons import Lesson
from .news import NewsPost
from .places import Province, load_places
from .project import Project
from .publishing import post_status, record_status
from .formats import TEACHING_LEVELS
from .records import Kind, Record, Source
from .text import slugify, vi_sort_key
from .updates import Update, page_dates_by_id, timeline

log = logging.getLogger(__name__)

RELATED_LIMIT = 6  # related records shown on a record page, given ones first
_NEIGHBOURS = (1, -1, 2, -2)  # computed relations: the records next to this one in a shared group


@dataclass(frozen=True)
class CitedSource:
    """One source, as cited by one or more records."""

    source: Source
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Tag:
    """A keyword and the records that give it, spellings that make the same slug taken as one."""

    slug: str
    name: str  # as the first of its records (in alphabetical order) writes it
    records: tuple[Record, ...]


@dataclass
class Catalog:
    """What the site shows: the records published on `date`, and their groupings, each in reading order."""

    project: Project
    date: dt.date  # the build date (dates.build_date)
    records: list[Record]  # published, in Vietnamese alphabetical order of name
    by_id: dict[str, Record]
    by_kind: dict[Kind, list[Record]]
    by_province: dict[str, list[Record]]  # current province's slug -> records, former names included
    provinces: list[Province]  # the current units, in alphabetical order
    by_field: dict[str, list[Record]]  # field key -> records, in site_config order of fields
    by_year: dict[int, list[Record]]  # newest year first
    sources: list[CitedSource]  # alphabetical by title
    tags: dict[str, Tag]  # by slug, in alphabetical order of name
    latest: list[Record]  # the most recently published or updated, featured ones left out (they are above them)
    featured: list[Record]
    related: dict[str, list[Record]]  # record id -> given related records, then computed ones
    dates: dict[str, Dates]  # record id -> first published, last updated
    news: list[NewsPost]  # published posts, newest first
    updates: list[Update]  # records and posts, newest first: /cap-nhat/ and the feeds
    preview: bool = False  # `guongsang serve`: drafts and embargoed records shown, and marked
    commit: str | None = None  # the commit built (dates.Revision), None outside git
    content: dict[str, ContentPage] = field(default_factory=dict)  # the pages of content/, by slug
    # Schools: published lesson packs (alphabetical by title), the records with teaching notes (alphabetical),
    # those records by level, and the packs that use each record.
    lessons: list[Lesson] = field(default_factory=list)
    lesson_dates: dict[str, Dates] = field(default_factory=dict)  # lesson id -> first published, last updated
    teaching: list[Record] = field(default_factory=list)
    teaching_by_level: dict[str, list[Record]] = field(default_factory=dict)
    lessons_by_record: dict[str, list[Lesson]] = field(default_factory=dict)
    content_dates: dict[str, Dates] = field(default_factory=dict)  # slug -> the page's file's dates
    _known: dict[int, str] | None = field(default=None, repr=False, compare=False)

    def known_fingerprints(self) -> dict[int, str]:
        """Each loaded record's fingerprint (records.read_records) by `id()`, as cache.fingerprint takes them."""
        if self._known is None:
            self._known = {id(r): self.project.fingerprints[i] for i, r in self.project.records.items()
                           if i in self.project.fingerprints}
        return self._known

    def tag(self, text: str) -> Tag | None:
        """The keyword `text` (as a record writes it) is filed under, or None when it makes no slug."""
        return self.tags.get(slugify(text))


def make_catalog(project: Project, date: dt.date, news: list[NewsPost] = (), dates: dict[str, Dates] | None = None,
                 preview: bool = False, commit: str | None = None,
                 content: dict[str, ContentPage] | None = None) -> Catalog:
    """Group what is published on `date`; a preview shows drafts and embargoed records too.

    `dates` defaults to the records' dates from git history (history.page_dates).
    """
    shown = [r for r in project.records.values() if preview or record_status(r, date) is None]
    records = sorted(shown, key=lambda r: (vi_sort_key(r.name), r.id))
    content = content or {}
    lessons = sorted((p for p in project.lessons.values() if preview or not p.draft),
                     key=lambda p: (vi_sort_key(p.title), p.id))
    history = page_dates_by_id(project.root, [] if dates is not None else records, lessons, date,
                               {slug: page.path for slug, page in content.items()})
    dates = dates if dates is not None else history[0]
    news = [p for p in news if preview or post_status(p, date) is None]
    by_id = {r.id: r for r in records}

    by_kind: dict[Kind, list[Record]] = {kind: [] for kind in Kind}
    by_province: dict[str, list[Record]] = defaultdict(list)
    by_field_unordered: dict[str, list[Record]] = defaultdict(list)
    by_year_unordered: dict[int, list[Record]] = defaultdict(list)
    cited: dict[tuple, list[Record]] = defaultdict(list)
    first_cited: dict[tuple, Source] = {}
    tagged: dict[str, list[Record]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    for record in records:  # alphabetical, so every group below is too
        by_kind[record.kind].append(record)
        by_province[record.place.current.slug].append(record)
        for key in record.fields:
            by_field_unordered[key].append(record)
        by_year_unordered[record.year].append(record)
        for source in record.sources:
            identity = (source.title, source.publisher or "", source.url or "")
            first_cited.setdefault(identity, source)
            if not cited[identity] or cited[identity][-1] is not record:
                cited[identity].append(record)
        for text in record.tags:
            if (slug := slugify(text)) and (not tagged[slug] or tagged[slug][-1] is not record):
                tag_names.setdefault(slug, text)
                tagged[slug].append(record)

    provinces = sorted(load_places().provinces, key=lambda p: vi_sort_key(p.name))
    by_field = {key: by_field_unordered.get(key, []) for key in project.config.fields}
    by_year = {year: by_year_unordered[year] for year in sorted(by_year_unordered, reverse=True)}
    sources = [CitedSource(first_cited[i], tuple(rs))
               for i, rs in sorted(cited.items(), key=lambda item: (vi_sort_key(item[0][0]), item[0]))]
    featured = [by_id[i] for i in project.config.featured if i in by_id]
    featured_ids = {r.id for r in featured}
    tags = {slug: Tag(slug, tag_names[slug], tuple(tagged[slug]))
            for slug in sorted(tagged, key=lambda slug: (vi_sort_key(tag_names[slug]), slug))}
    return Catalog(
        project=project, date=date, records=records, by_id=by_id, by_kind=by_kind,
        by_province=dict(by_province), provinces=provinces, by_field=by_field, by_year=by_year,
        sources=sources, tags=tags, featured=featured,
        latest=latest_records([r for r in records if r.id not in featured_ids], dates, project.config.home_latest),
        related=related_records(records, by_id, by_province, by_field_unordered),
        dates=dates, news=news, updates=timeline(records, dates, news), preview=preview, commit=commit,
        content=content, content_dates=history[2], lessons=lessons, lesson_dates=history[1],
        teaching=[r for r in records if r.teaching],
        teaching_by_level={level: [r for r in records if r.teaching and level in r.teaching.levels]
                           for level in TEACHING_LEVELS},
        lessons_by_record=lessons_by_record(lessons, by_id),
    )


def lessons_by_record(lessons: list[Lesson], by_id: dict[str, Record]) -> dict[str, list[Lesson]]:
    """The lesson packs that use each shown record, in the packs' order."""
    out: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        for record_id in lesson.records:
            if record_id in by_id:
                out[record_id].append(lesson)
    return dict(out)


def latest_records(records: list[Record], dates: dict[str, Dates], count: int) -> list[Record]:
    """The records most recently published or updated (ties: newest first publication, then id)."""
    def newest(record: Record) -> tuple:
        return dates[record.id].updated, dates[record.id].published, record.id

    return sorted(records, key=newest, reverse=True)[:count]


def related_records(records: list[Record], by_id: dict[str, Record], by_province: dict[str, list[Record]],
                    by_field: dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Each record's related records: those it names, then its neighbours in its province and first field.

    Neighbours in an alphabetical group are a cheap, stable stand-in for "more like this": a fixed number
    of candidates per record, so the whole pass is linear in the number of records.
    """
    position: dict[tuple[str, str], int] = {}
    for slug, group in by_province.items():
        for i, record in enumerate(group):
            position[("place", record.id)] = i
    for key, group in by_field.items():
        for i, record in enumerate(group):
            position[(key, record.id)] = i

    related: dict[str, list[Record]] = {}
    for record in records:
        chosen = [by_id[i] for i in record.related if i in by_id]
        seen = {record.id, *(r.id for r in chosen)}
        groups = [(by_province[record.place.current.slug], position[("place", record.id)])]
        groups += [(by_field[key], position[(key, record.id)]) for key in record.fields[:1]]
        for group, at in groups:
            for offset in _NEIGHBOURS:
                if len(chosen) >= RELATED_LIMIT:
                    break
                other = group[(at + offset) % len(group)]
                if other.id not in seen:
                    seen.add(other.id)
                    chosen.append(other)
        related[record.id] = chosen[:max(RELATED_LIMIT, len(record.related))]
    return related
