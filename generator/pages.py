"""Every page of the site, planned from the catalog: its address, title, and the template and values of its body.

Planning decides everything a page shows; render.py then writes it. Addresses come from addresses.py.
"""
from __future__ import annotations

import datetime as dt
import logging
import urllib.parse
from dataclasses import dataclass, field, replace

from . import addresses
from . import messages as msg
from .catalog import Catalog
from .downloads import Download, size_text
from .markup import page_to_html
from .opendata import FIELD_DOCS, LIST_SEPARATOR, published_records
from .publishing import post_status, record_status
from .formats import SUBJECTS, TEACHING_LEVELS
from .records import Kind
from .search import catalog_facets
from .shareimage import fonts_installed
from .updates import UPDATES_SHOWN

log = logging.getLogger(__name__)

SOURCES_PER_PAGE = 100


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes, its title, and how to make its body."""

    url: str  # "" for home, else "a/b/"
    template: str
    title: str
    description: str = ""
    context: dict = field(default_factory=dict)
    updated: dt.date | None = None  # when what it shows last changed (git), for the sitemap
    share_image: str | None = addresses.SITE_SHARE_IMAGE  # what a link to it shows when shared
    in_sitemap: bool = True


def paged(base: str, template: str, title: str, items: list, size: int, updated: dt.date | None = None,
          **context) -> list[Page]:
    """A listing cut into pages: page 1 is the section itself, the rest are `<section>/trang/<n>/`.

    Every page of it is dated `updated`: a change to any item moves items, and the count, on all of them."""
    total = max(1, -(-len(items) // size))
    return [
        Page(addresses.later_page_url(base, number), template,
             title if number == 1 else msg.PAGE_TITLE.format(title=title, number=number),
             context=dict(items=items[(number - 1) * size:number * size], count=len(items), page=number,
                          pages=total, base=base, heading=title, **context), updated=updated)
        for number in range(1, total + 1)
    ]


def plan_pages(catalog: Catalog, downloads: tuple[Download, ...] = (), sheets: dict[str, int] | None = None) -> list[Page]:
    """Every page of the site, in a fixed order. `downloads` are the offline bundles listed on /ban-sao/;
    `sheets` the size of each PDF sheet by its address (sheets.py), for the pages that link to one."""
    content_pages = catalog.content
    size = catalog.project.config.page_size
    sheets = sheets or {}
    taught_by_kind = {kind: [r for r in catalog.teaching if r.kind is kind] for kind in Kind}
    newest = newest_of(catalog, catalog.records)  # of pages that show something of every record

    def listing(base: str, title: str, records: list, **context) -> list[Page]:
        return paged(base, "listing.html", title, records, size, newest_of(catalog, records), **context)

    pages = [Page(addresses.HOME, "home.html", catalog.project.config.name,
                  context={"intro": content_pages.get(addresses.ABOUT_PAGE)},
                  updated=max([newest, *(p.updated or p.date for p in catalog.news)]))]
    for kind in Kind:
        records = catalog.by_kind[kind]
        pages += listing(addresses.kind_url(kind.value), msg.KIND_TITLES[kind.value], records, kind=kind.value,
                         narrowed=(addresses.teaching_kind_url(kind.value), len(taught_by_kind[kind])))
        pages += [Page(addresses.record_url(r), "record.html", r.name, r.summary,
                       {"r": r, "related": catalog.related[r.id], "dates": catalog.dates[r.id],
                        "unpublished": record_status(r, catalog.date),
                        "sheet": sheet_link(addresses.record_sheet_url(r), sheets),
                        "lessons": catalog.lessons_by_record.get(r.id, [])},
                       updated=catalog.dates[r.id].updated, share_image=addresses.share_image_url(r)) for r in records]
    pages.append(Page(addresses.PROVINCES, "provinces.html", msg.SECTION_TITLES["dia-phuong"], updated=newest))
    for province in catalog.provinces:
        pages += listing(addresses.province_url(province.slug), province.name,
                         catalog.by_province.get(province.slug, []), province=province)
    pages.append(Page(addresses.FIELDS, "fields.html", msg.SECTION_TITLES["linh-vuc"], updated=newest))
    for key, label in catalog.project.config.fields.items():
        pages += listing(addresses.field_url(key), label, catalog.by_field[key], field=key,
                         narrowed=(addresses.teaching_field_url(key), sum(1 for r in catalog.by_field[key] if r.teaching)))
    pages.append(Page(addresses.YEARS, "years.html", msg.SECTION_TITLES["nam"], updated=newest))
    for year, records in catalog.by_year.items():
        pages += listing(addresses.year_url(year), msg.YEAR_TITLE.format(year=year), records, year=year)
    pages.append(Page(addresses.TAGS, "tags.html", msg.SECTION_TITLES["tu-khoa"], updated=newest))
    for tag in catalog.tags.values():
        pages += listing(addresses.tag_url(tag.slug), msg.TAG_TITLE.format(tag=tag.name), list(tag.records),
                         tag=tag)
    pages += paged(addresses.SOURCES, "sources.html", msg.SECTION_TITLES["nguon"], catalog.sources, SOURCES_PER_PAGE,
                   newest)
    pages.append(Page(addresses.OPEN_DATA, "data.html", msg.SECTION_TITLES["du-lieu"], msg.OPEN_DATA_DESCRIPTION,
                      context=open_data_context(catalog), updated=newest))
    pages.append(Page(addresses.MIRRORS, "mirrors.html", msg.SECTION_TITLES["ban-sao"],
                      context=mirrors_context(catalog, downloads), updated=catalog.date))
    pages += [Page(addresses.content_url(slug), "content.html", page.title, context={"body": page.html},
                   updated=catalog.content_dates[slug].updated, in_sitemap=slug != addresses.GUIDE_PAGE)
              for slug, page in content_pages.items()]
    pages.append(Page(addresses.SEARCH, "search.html", msg.SEARCH_TITLE,
                      context={"facets": catalog_facets(catalog), "script": addresses.SEARCH_SCRIPT}, updated=newest))
    pages += update_pages(catalog, addresses.GUIDE_PAGE in content_pages) + teacher_pages(catalog, sheets)
    if not fonts_installed():  # no share images can be drawn (shareimage.py): the pages name none
        pages = [replace(page, share_image=None) for page in pages]
    return pages


def newest_of(catalog: Catalog, records) -> dt.date:
    """The day the newest of `records` last changed; the build date when there are none."""
    return max((catalog.dates[r.id].updated for r in records), default=catalog.date)


def sheet_link(url: str, sheets: dict[str, int]) -> dict | None:
    """What a page says of its PDF sheet: the address and the size, or None when it has none."""
    return {"url": url, "size": size_text(sheets[url])} if url in sheets else None


def teacher_pages(catalog: Catalog, sheets: dict[str, int]) -> list[Page]:
    """/giao-vien/ and what it leads to: each lesson pack, the packs of each subject, and the records with
    teaching notes, all of them and by kind, level and field (the site's listings, narrowed)."""
    size = catalog.project.config.page_size
    fields = catalog.project.config.fields
    by_subject = {s: [p for p in catalog.lessons if p.subject == s] for s in SUBJECTS}
    by_field = {key: [r for r in catalog.teaching if key in r.fields] for key in fields}
    lessons_by_level = {level: [p for p in catalog.lessons if level in p.levels] for level in TEACHING_LEVELS}

    def newest(records: list, lessons: list) -> dt.date:
        """The day the newest of the records and packs a page shows last changed."""
        return max([newest_of(catalog, records), *(catalog.lesson_dates[p.id].updated for p in lessons)])

    def listing(base: str, title: str, records: list, lessons: list, **context) -> list[Page]:
        return paged(base, "teaching_listing.html", title, records, size, newest(records, lessons), lessons=lessons,
                     **context)

    pages = [Page(addresses.TEACHERS, "teachers.html", msg.TEACHERS_TITLE, context={
        "lessons": catalog.lessons, "by_subject": by_subject, "by_field": by_field,
        "lessons_by_level": lessons_by_level}, updated=newest(catalog.teaching, catalog.lessons))]
    pages += [Page(addresses.lesson_url(p.id), "lesson.html", p.title, p.summary, {
        "lesson": p, "records": [catalog.by_id[i] for i in p.records if i in catalog.by_id],
        "sheet": sheet_link(addresses.lesson_sheet_url(p.id), sheets), "dates": catalog.lesson_dates[p.id]},
        updated=catalog.lesson_dates[p.id].updated) for p in catalog.lessons]
    pages += listing(addresses.TEACHING_RECORDS, msg.TEACHING_RECORDS_TITLE, catalog.teaching, [])
    for kind in Kind:
        pages += listing(addresses.teaching_kind_url(kind.value),
                         f"{msg.KIND_TITLES[kind.value]}: {msg.TEACHING_RECORDS_TITLE.lower()}",
                         [r for r in catalog.teaching if r.kind is kind], [], widened=addresses.kind_url(kind.value))
    for level in TEACHING_LEVELS:
        pages += listing(addresses.teaching_level_url(level),
                         msg.TEACHING_LEVEL_TITLE.format(level=msg.LEVEL_LABELS[level]),
                         catalog.teaching_by_level[level], lessons_by_level[level])
    for key, label in fields.items():
        pages += listing(addresses.teaching_field_url(key), msg.TEACHING_FIELD_TITLE.format(field=label),
                         by_field[key], [], widened=addresses.field_url(key))
    for subject, lessons in by_subject.items():
        pages += listing(addresses.subject_url(subject), msg.SUBJECT_TITLE.format(subject=msg.SUBJECT_LABELS[subject]),
                         [], lessons)
    return pages


def update_pages(catalog: Catalog, guide: bool) -> list[Page]:
    """/cap-nhat/ (the recent updates, with the feeds), /tin-tuc/ and one page per news post."""
    newest = catalog.updates[0].date if catalog.updates else catalog.date
    pages = [Page(addresses.UPDATES, "updates.html", msg.SECTION_TITLES["cap-nhat"],
                  context={"updates": catalog.updates[:UPDATES_SHOWN], "total": len(catalog.updates), "guide": guide},
                  updated=newest),
             Page(addresses.NEWS, "news_index.html", msg.SECTION_TITLES["tin-tuc"], context={"posts": catalog.news},
                  updated=max((p.updated or p.date for p in catalog.news), default=catalog.date))]
    for post in catalog.news:
        pages.append(Page(post.url, "news.html", post.title, post.summary,
                          {"post": post, "body": page_to_html(post.body),
                           "unpublished": post_status(post, catalog.date)}, updated=max(post.date, post.updated or post.date)))
    return pages


def open_data_context(catalog: Catalog) -> dict:
    """What /du-lieu/ shows: the files, the records they hold, the licence, and every field documented."""
    return {"count": len(published_records(catalog)), "fields": FIELD_DOCS, "separator": LIST_SEPARATOR,
            "build_date": catalog.date, "licence": catalog.project.config.licence}


def mirrors_context(catalog: Catalog, downloads: tuple[Download, ...]) -> dict:
    """What /ban-sao/ shows besides the config: the downloads, this build, and the wget options for the primary host."""
    path = urllib.parse.urlsplit(catalog.project.config.url).path
    return {"downloads": downloads, "build_date": catalog.date, "commit": catalog.commit,
            "cut_dirs": len([p for p in path.split("/") if p])}


@dataclass(frozen=True)
class NavEntry:
    title: str
    page: Page


def navigation(pages: list[Page]) -> list[NavEntry]:
    """The navigation: the sections' first pages, in order (record pages stay out of it)."""
    titles = {addresses.HOME: msg.HOME_TITLE, **{addresses.kind_url(k.value): msg.KIND_TITLES[k.value] for k in Kind},
              addresses.PROVINCES: msg.SECTION_TITLES["dia-phuong"], addresses.FIELDS: msg.SECTION_TITLES["linh-vuc"],
              addresses.YEARS: msg.SECTION_TITLES["nam"], addresses.SOURCES: msg.SECTION_TITLES["nguon"],
              addresses.UPDATES: msg.SECTION_TITLES["cap-nhat"], addresses.TEACHERS: msg.TEACHERS_TITLE,
              addresses.content_url(addresses.ABOUT_PAGE): None,
              addresses.MIRRORS: msg.MIRRORS_NAV_TITLE}
    by_url = {page.url: page for page in pages if page.url in titles}
    return [NavEntry(titles[url] or by_url[url].title, by_url[url]) for url in titles if url in by_url]
