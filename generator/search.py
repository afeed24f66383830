"""Search: what readers can find of each record, its facets, and the build stage that writes the index.

One engine for the served site and `file://` copies: our own chunked index of script files
(searchindex.py writes it, into `tim-kiem/chi-muc/`), read by the search page's script
(`assets/search/search.js`).

Ranking: every query word must match (accents, case and Unicode form ignored; `đ` is `d`), consecutive
words as a syllable pair where a word alone is common; results that hold the query's accented words
exactly as typed come first; then the fields a word matched in count (name above aliases above role and
unit above place and tags above the year above summary above story).
"""
from __future__ import annotations

import logging
import pickle
import re
import time
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import KIND_PATHS, SEARCH_INDEX, record_url
from .cache import ContentCache, FileStore, content_key, load_value
from .catalog import Catalog
from .config import SiteConfig
from .places import load_places
from .records import Collective, Individual, Practice, Record
from .searchindex import IndexEntry, Term, index_files, record_terms, write_index
from .text import vi_sort_key

log = logging.getLogger(__name__)

_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]*>")


@dataclass(frozen=True)
class SearchEntry:
    """One record as search sees it: what a result shows, its facets, and its text by field."""

    url: str  # relative to the site root, e.g. "ca-nhan/nguyen-hung-dao/"
    name: str
    kind: str  # "ca-nhan", "tap-the" or "mo-hinh"
    place: str  # as shown in a result
    summary: str
    province: str  # current province's slug
    fields: tuple[str, ...]
    year: int
    texts: tuple[tuple[str, str], ...]  # (field, plain text), fields as in WEIGHTS
    levels: tuple[str, ...] = ()  # school levels of its teaching notes ("cấp học"), none without them


# -- what is indexed --------------------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """Markdown's words without link targets or tags: addresses are not what readers search for."""
    return _MARKDOWN_LINK_TARGET.sub(" ", markdown)


def place_label(record: Record) -> str:
    place = record.place
    label = ", ".join(p for p in (place.commune, place.district, place.province) if p)
    return msg.SEARCH_PLACE_NOW.format(place=label, current=place.current.name) if place.former else label


def make_entry(record: Record, by_id: dict[str, Record]) -> SearchEntry:
    """`by_id` holds the published records, so a unit or origin given by id is searchable by its name."""
    place = record.place
    role: list[str] = []
    unit: list[str] = []
    aliases: list[str] = []
    story = [plain_text(record.story or "")]
    if isinstance(record, Individual):
        role = [record.role, *record.honorifics]
        if record.organization:
            org = by_id.get(record.organization_id or "")
            unit = [org.name if org else record.organization]
    elif isinstance(record, Collective):
        unit = [record.unit_type or ""]
    elif isinstance(record, Practice):
        aliases = list(record.aliases)
        unit = [by_id[o].name if o in record.origin_ids and o in by_id else o for o in record.origin]
        story += [f"{c.label}: {'; '.join(c.items)}" for c in record.components]
    places = [place.commune, place.district, place.province, place.former, place.current.name]
    texts = {
        "name": record.name, "aliases": "; ".join(aliases), "role": "; ".join(role), "unit": "; ".join(unit),
        "place": ", ".join(dict.fromkeys(p for p in places if p)), "tags": "; ".join(record.tags),
        "year": str(record.year), "summary": record.summary, "story": "\n".join(s for s in story if s),
    }
    return SearchEntry(
        url=record_url(record), name=record.name, kind=KIND_PATHS[record.kind.value], place=place_label(record),
        summary=record.summary, province=place.current.slug, fields=record.fields, year=record.year,
        levels=record.teaching.levels if record.teaching else (),
        texts=tuple((f, t.strip()) for f, t in texts.items() if t.strip()),
    )


# -- facets -----------------------------------------------------------------------------------------


def facet_labels(config: SiteConfig, years: list[int]) -> dict[str, list[list[str]]]:
    """Each facet's values and labels, in display order: the search page's filters, and the index's
    numbering of them. URL parameters are the keys; values are slugs, so URLs stay ASCII."""
    provinces = sorted(load_places().provinces, key=lambda p: vi_sort_key(p.name))
    return {
        "loai": [[slug, msg.KIND_TITLES[kind]] for kind, slug in KIND_PATHS.items()],
        "tinh": [[p.slug, p.name] for p in provinces],
        "linh-vuc": [[key, label] for key, label in config.fields.items()],
        "nam": [[str(y), str(y)] for y in sorted(set(years), reverse=True)],
        "cap-hoc": [[level, label] for level, label in msg.LEVEL_LABELS.items()],  # records with teaching notes
    }


# -- build stages: after rendering, on the staging folder --------------------------------------------


def search_entries(catalog: Catalog) -> list[SearchEntry]:
    """Every published record, in the order browsing shows them (Vietnamese alphabetical)."""
    return [make_entry(r, catalog.by_id) for r in catalog.records]


def catalog_facets(catalog: Catalog) -> dict[str, list[list[str]]]:
    return facet_labels(catalog.project.config, list(catalog.by_year))


def index_entry(entry: SearchEntry, position: dict[str, dict[str, int]]) -> IndexEntry:
    """`entry` as the index stores it: its card, and its facets by their values' positions in the labels."""
    def at(facet: str, values) -> tuple[int, ...]:
        return tuple(position[facet][v] for v in values if v in position[facet])

    return IndexEntry(
        card=(entry.url, entry.name, entry.kind, entry.place, entry.summary, entry.year),
        facets={"loai": at("loai", [entry.kind]), "tinh": at("tinh", [entry.province]),
                "linh-vuc": at("linh-vuc", entry.fields), "nam": at("nam", [str(entry.year)]),
                "cap-hoc": at("cap-hoc", entry.levels)},
        texts=entry.texts,
    )


def index_entries(entries: list[SearchEntry], labels: dict[str, list[list[str]]]) -> list[IndexEntry]:
    position = {facet: {value: i for i, (value, _) in enumerate(values)} for facet, values in labels.items()}
    return [index_entry(e, position) for e in entries]


def write_search_index(catalog: Catalog, site: Path, store: FileStore | None = None) -> None:
    """Build stage: the search index of every published record, for the served site and offline copies.

    With the build cache's `store`, each record's terms (searchindex.record_terms) come from the cache when the
    record's texts are unchanged, and each file of the index is linked from the store when a build made the
    same one before: only the files an edit changed are written."""
    started = time.monotonic()
    labels = catalog_facets(catalog)
    entries = index_entries(search_entries(catalog), labels)
    if store is None:
        stats = write_index(index_files(entries, labels), site / SEARCH_INDEX, started)
    else:
        terms = cached_terms(catalog.project.root, entries)

        def write(rel: str, data: bytes) -> None:
            address = SEARCH_INDEX + rel
            store.keep(INDEX_KIND, content_key(address, data), site, {address: data})

        stats = write_index(index_files(entries, labels, terms), site / SEARCH_INDEX, started, write)
    log.debug("search index: %s", stats)


INDEX_KIND = "search-index"  # the file store's index of search index files
TERMS_KIND = "search-terms"  # the cache's folder for records' terms


def cached_terms(root: Path, entries: list[IndexEntry]) -> list[tuple[Term, ...]]:
    """Each entry's record_terms, kept in the build cache (one entry for all, by the digest of the texts;
    pickled, as JSON takes several times longer to read back at 10,000 records)."""
    cache = ContentCache(root, TERMS_KIND)
    entry = content_key("terms")
    data = cache.get(entry)
    kept = load_value(data) if data is not None else None
    if not isinstance(kept, dict):
        kept = {}
    found: dict[str, tuple[Term, ...]] = {}
    terms = []
    for e in entries:
        key = content_key(*(part for field, text in e.texts for part in (field, text)))
        listed = kept.get(key)
        if not (type(listed) is tuple and all(type(t) is tuple and len(t) == 3 and type(t[0]) is str
                                              and type(t[1]) is str and type(t[2]) is int for t in listed)):
            listed = record_terms(e.texts)
        found[key] = listed
        terms.append(listed)
    if found.keys() != kept.keys():
        cache.put(entry, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return terms