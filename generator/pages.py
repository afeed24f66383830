"""Every page of the site, planned from the catalog: its address, title, and the template and values of its body.

Planning decides everything a page shows; render.py then writes it. Addresses come from addresses.py.
"""
from __future__ import annotations

import logging
import urllib.parse
from dataclasses import dataclass, field

from . import addresses
from . import messages as msg
from .catalog import Catalog
from .downloads import Download, size_text
from .markup import page_to_html
from .publishing import post_status, record_status
from .formats import SUBJECTS, TEACHING_LEVELS
from .records import Kind
from .search import catalog_facets
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


def paged(base: str, template: str, title: str, items: list, size: int, **context) -> list[Page]:
    """A listing cut into pages: page 1 is the section itself, the rest are `<section>/trang/<n>/`."""
    total = max(1, -(-len(items) // size))
    return [
        Page(addresses.later_page_url(base, number), template,
             title if number == 1 else msg.PAGE_TITLE.format(title=title, number=number),
             context=dict(items=items[(number - 1) * size:number * size], count=len(items), page=number,
                          pages=total, base=base, heading=title, **context))
        for number in range(1, total + 1)
    ]


def plan_pages(catalog: Catalog, downloads: tuple[Download, ...] = (), sheets: dict[str, int] | None = None) -> list[Page]:
    """Every page of the site, in a fixed order. `downloads` are the offline bundles listed on /ban-sao/;
    `sheets` the size of each PDF sheet by its address (sheets.py), for the pages that link to one."""
    content_pages = catalog.content
    size = catalog.project.config.page_size
    sheets = sheets or {}
    taught_by_kind = {kind: [r for r in catalog.teaching if r.kind is kind] for kind in Kind}
    pages = [Page(addresses.HOME, "home.html", catalog.project.config.name,
                  context={"intro": content_pages.get(addresses.ABOUT_PAGE)})]
    for kind in Kind:
        records = catalog.by_kind[kind]
        pages += paged(addresses.kind_url(kind.value), "listing.html", msg.KIND_TITLES[kind.value], records, size,
                       kind=kind.value,
                       narrowed=(addresses.teaching_kind_url(kind.value), len(taught_by_kind[kind])))
        pages += [Page(addresses.record_url(r), "record.html", r.name, r.summary,
                       {"r": r, "related": catalog.related[r.id], "dates": catalog.dates[r.id],
                        "unpublished": record_status(r, catalog.date),
                        "sheet": sheet_link(addresses.record_sheet_url(r), sheets),
                        "lessons": catalog.lessons_by_record.get(r.id, [])}) for r in records]
    pages.append(Page(addresses.PROVINCES, "provinces.html", msg.SECTION_TITLES["dia-phuong"]))
    for province in catalog.provinces:
        pages += paged(addresses.province_url(province.slug), "listing.html", province.name,
                       catalog.by_province.get(province.slug, []), size, province=province)
    pages.append(Page(addresses.FIELDS, "fields.html", msg.SECTION_TITLES["linh-vuc"]))
    for key, label in catalog.project.config.fields.items():
        pages += paged(addresses.field_url(key), "listing.html", label, catalog.by_field[key], size, field=key,
                       narrowed=(addresses.teaching_field_url(key), sum(1 for r in catalog.by_field[key] if r.teaching)))
    pages.append(Page(addresses.YEARS, "years.html", msg.SECTION_TITLES["nam"]))
    for year, records in catalog.by_year.items():
        pages += paged(addresses.year_url(year), "listing.html", msg.YEAR_TITLE.format(year=year), records, size,
                       year=year)
    pages += paged(addresses.SOURCES, "sources.html", msg.SECTION_TITLES["nguon"], catalog.sources, SOURCES_PER_PAGE)
    pages.append(Page(addresses.MIRRORS, "mirrors.html", msg.SECTION_TITLES["ban-sao"],
                      context=mirrors_context(catalog, downloads)))
    pages += [Page(addresses.content_url(slug), "content.html", page.title, context={"body": page.html})
              for slug, page in content_pages.items()]
    pages.append(Page(addresses.SEARCH, "search.html", msg.SEARCH_TITLE,
                      context={"facets": catalog_facets(catalog), "script": addresses.SEARCH_SCRIPT}))
    return pages + update_pages(catalog, addresses.GUIDE_PAGE in content_pages) + teacher_pages(catalog, sheets)


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
    pages = [Page(addresses.TEACHERS, "teachers.html", msg.TEACHERS_TITLE, context={
        "lessons": catalog.lessons, "by_subject": by_subject, "by_field": by_field,
        "lessons_by_level": lessons_by_level})]
    pages += [Page(addresses.lesson_url(p.id), "lesson.html", p.title, p.summary, {
        "lesson": p, "records": [catalog.by_id[i] for i in p.records if i in catalog.by_id],
        "sheet": sheet_link(addresses.lesson_sheet_url(p.id), sheets), "dates": catalog.lesson_dates[p.id]})
        for p in catalog.lessons]
    pages += paged(addresses.TEACHING_RECORDS, "teaching_listing.html", msg.TEACHING_RECORDS_TITLE, catalog.teaching,
                   size, lessons=[])
    for kind in Kind:
        pages += paged(addresses.teaching_kind_url(kind.value), "teaching_listing.html",
                       f"{msg.KIND_TITLES[kind.value]}: {msg.TEACHING_RECORDS_TITLE.lower()}",
                       [r for r in catalog.teaching if r.kind is kind], size, lessons=[],
                       widened=addresses.kind_url(kind.value))
    for level in TEACHING_LEVELS:
        pages += paged(addresses.teaching_level_url(level), "teaching_listing.html",
                       msg.TEACHING_LEVEL_TITLE.format(level=msg.LEVEL_LABELS[level]),
                       catalog.teaching_by_level[level], size, lessons=lessons_by_level[level])
    for key, label in fields.items():
        pages += paged(addresses.teaching_field_url(key), "teaching_listing.html",
                       msg.TEACHING_FIELD_TITLE.format(field=label), by_field[key], size, lessons=[],
                       widened=addresses.field_url(key))
    for subject, lessons in by_subject.items():
        pages += paged(addresses.subject_url(subject), "teaching_listing.html",
                       msg.SUBJECT_TITLE.format(subject=msg.SUBJECT_LABELS[subject]), [], size, lessons=lessons)
    return pages


def update_pages(catalog: Catalog, guide: bool) -> list[Page]:
    """/cap-nhat/ (the recent updates, with the feeds), /tin-tuc/ and one page per news post."""
    pages = [Page(addresses.UPDATES, "updates.html", msg.SECTION_TITLES["cap-nhat"],
                  context={"updates": catalog.updates[:UPDATES_SHOWN], "total": len(catalog.updates), "guide": guide}),
             Page(addresses.NEWS, "news_index.html", msg.SECTION_TITLES["tin-tuc"], context={"posts": catalog.news})]
    for post in catalog.news:
        pages.append(Page(post.url, "news.html", post.title, post.summary,
                          {"post": post, "body": page_to_html(post.body),
                           "unpublished": post_status(post, catalog.date)}))
    return pages


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
