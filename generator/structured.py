"""Structured data: what a page is, in schema.org terms, as JSON-LD for search engines and other readers.

A person is a `Person` (jobTitle, address with addressRegion, award, worksFor), a collective an
`Organization`, a practice a `HowTo`: schema.org's type for "instructions that explain how to achieve a
result", whose `step`s may be `HowToSection`s of `HowToStep`s, as a practice's groups ("3 nên", "3 không")
hold its rules. Each record page also carries its `BreadcrumbList`; the home page the `WebSite`, with the
`SearchAction` of the search page; the open-data page the `Dataset`. Addresses are the primary host's.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from markupsafe import Markup

from . import addresses
from . import messages as msg
from .catalog import Catalog
from .records import Collective, Individual, Kind, Practice, Record
from .text import with_details

log = logging.getLogger(__name__)

CONTEXT = "https://schema.org"
COUNTRY = "VN"
SEARCH_TERM = "search_term_string"


def json_ld(data: dict) -> Markup:
    """`data` as a JSON-LD script element. "<", ">" and "&" are written as escapes, so no text of a record can
    end the script or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def _url(catalog: Catalog, address: str) -> str:
    return addresses.canonical_url(catalog.project.config.url, address)


def _address(record: Record) -> dict:
    """Where the record is: the current province as the region (the unit it belongs to now), the district and
    commune as written."""
    place = record.place
    address: dict[str, Any] = {"@type": "PostalAddress", "addressRegion": place.current.name, "addressCountry": COUNTRY}
    locality = ", ".join(part for part in (place.commune, place.district) if part)
    if locality:
        address["addressLocality"] = locality
    return address


def _reference(catalog: Catalog, record_id: str) -> dict | None:
    """A short mention of another published record, by its address."""
    other = catalog.by_id.get(record_id)
    if other is None:
        return None
    kind = {Kind.INDIVIDUAL: "Person", Kind.COLLECTIVE: "Organization", Kind.PRACTICE: "HowTo"}[other.kind]
    return {"@type": kind, "@id": _url(catalog, addresses.record_url(other)), "name": other.name,
            "url": _url(catalog, addresses.record_url(other))}


def _sources(record: Record) -> list[dict]:
    """The record's sources as the creative works they are: title, publisher, date and address where given."""
    works = []
    for source in record.sources:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
        if source.publisher:
            work["publisher"] = {"@type": "Organization", "name": source.publisher}
        if source.date:
            work["datePublished"] = source.date.isoformat()
        if source.url:
            work["url"] = source.url
        works.append(work)
    return works


def record_data(catalog: Catalog, record: Record) -> dict:
    """The JSON-LD of a record page: the record as a Person, Organization or HowTo, and the page's breadcrumbs."""
    url = _url(catalog, addresses.record_url(record))
    dates = catalog.dates[record.id]
    thing: dict[str, Any] = {"@id": url, "name": record.name, "url": url, "description": record.summary,
                             "image": _url(catalog, addresses.share_image_url(record))}
    if isinstance(record, Individual):
        thing = {"@type": "Person", **thing, "jobTitle": record.role, "address": _address(record)}
        if record.honorifics:
            thing["honorificPrefix"] = ", ".join(record.honorifics)
        if record.organization:
            thing["worksFor"] = (record.organization_id and _reference(catalog, record.organization_id)) or \
                {"@type": "Organization", "name": record.organization}
    elif isinstance(record, Collective):
        thing = {"@type": "Organization", **thing, "address": _address(record)}
        if members := [m for m in (_reference(catalog, i) for i in record.members) if m]:
            thing["member"] = members
    elif isinstance(record, Practice):
        thing = {"@type": "HowTo", **thing, "inLanguage": catalog.project.config.language,
                 "step": [{"@type": "HowToSection", "name": c.label, "itemListElement": [
                     {"@type": "HowToStep", "position": i, "text": item} for i, item in enumerate(c.items, 1)]}
                     for c in record.components],
                 "spatialCoverage": {"@type": "Place", "address": _address(record)},
                 "datePublished": dates.published.isoformat(), "dateModified": dates.updated.isoformat()}
        if record.aliases:
            thing["alternateName"] = list(record.aliases)
        if creators := [(_reference(catalog, o) if o in record.origin_ids else None)
                        or {"@type": "Organization", "name": o} for o in record.origin]:
            thing["creator"] = creators
    if record.awards:
        thing["award"] = [with_details(a.name, a.by, a.year) for a in record.awards]
    if record.tags and not isinstance(record, Individual):  # a Person has no keywords in schema.org
        thing["keywords"] = ", ".join(record.tags)
    # Sources: a creative work cites them; a person or a body is their subject.
    thing["citation" if isinstance(record, Practice) else "subjectOf"] = _sources(record)
    return {"@context": CONTEXT, "@graph": [thing, breadcrumbs(catalog, [
        (msg.HOME_TITLE, addresses.HOME), (msg.KIND_TITLES[record.kind.value], addresses.kind_url(record.kind.value)),
        (record.name, addresses.record_url(record))])]}


def breadcrumbs(catalog: Catalog, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of (name, address) from the home page down."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": _url(catalog, address)}
        for i, (name, address) in enumerate(trail, 1)]}


def _publisher(catalog: Catalog) -> dict | None:
    config = catalog.project.config
    if not config.publisher:
        return None
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.publisher}
    if config.contact.startswith(("http://", "https://")):
        publisher["url"] = config.contact
    elif config.contact:
        publisher["email"] = config.contact
    return publisher


def site_data(catalog: Catalog) -> dict:
    """The JSON-LD of the home page: the WebSite, and how to search it."""
    config = catalog.project.config
    site: dict[str, Any] = {
        "@context": CONTEXT, "@type": "WebSite", "@id": config.url, "name": config.name, "url": config.url,
        "description": config.description, "inLanguage": config.language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": f"{_url(catalog, addresses.SEARCH)}?q={{{SEARCH_TERM}}}"},
            "query-input": f"required name={SEARCH_TERM}"},
    }
    if publisher := _publisher(catalog):
        site["publisher"] = publisher
    if config.licence:
        site["license"] = config.licence.url
    return site


def dataset_data(catalog: Catalog) -> dict:
    """The JSON-LD of /du-lieu/: the open data as a Dataset, with its JSON and CSV downloads."""
    config = catalog.project.config
    dataset: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Dataset", "@id": _url(catalog, addresses.OPEN_DATA),
        "name": msg.OPEN_DATA_JSON_TITLE.format(site=config.name), "description": msg.OPEN_DATA_DESCRIPTION,
        "url": _url(catalog, addresses.OPEN_DATA), "inLanguage": config.language,
        "keywords": list(msg.OPEN_DATA_KEYWORDS), "dateModified": catalog.date.isoformat(),
        "spatialCoverage": {"@type": "Place", "name": "Việt Nam", "address": {"@type": "PostalAddress",
                                                                              "addressCountry": COUNTRY}},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": _url(catalog, addresses.DATA_JSON)},
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": _url(catalog, addresses.DATA_CSV)},
        ],
        "isPartOf": {"@type": "WebSite", "@id": config.url, "name": config.name},
    }
    if publisher := _publisher(catalog):
        dataset["creator"] = dataset["publisher"] = publisher
    if config.licence:
        dataset["license"] = config.licence.url
    return dataset
