"""The open data at /du-lieu/: every published record as JSON and CSV, the JSON's schema, and a Data Package.

One description of the fields (`FIELDS`) gives the JSON Schema of ``ban-ghi.json``, the Table Schema of
``ban-ghi.csv`` inside ``datapackage.json`` (Frictionless Data Package 1.0), and the table of fields on the
data page; their Vietnamese titles and meanings are in messages.OPEN_DATA_FIELDS. Only what the public site
shows goes in: drafts and records under embargo never do, not even in a preview. The files are written one
record at a time, so a site of 100,000 records never holds them whole; the data package, written last,
gives each file's size and SHA-256.

The CSV is UTF-8 with a byte order mark, which is how Excel knows it is UTF-8; lists in one cell are joined
by " | ". Everything a cell cannot hold well (the story, quotes, teaching notes, photos) is in the JSON.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import addresses
from . import messages as msg
from .cache import ContentCache, content_key, fingerprint
from .catalog import Catalog
from .dates import VIETNAM
from .output import inside, write_new
from .publishing import record_status
from .records import Collective, Individual, Kind, Practice, Record
from .text import slugify, with_details

log = logging.getLogger(__name__)

LIST_SEPARATOR = " | "  # between the items of a list in one CSV cell
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date"}
_DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
_URI = {"type": "string", "format": "uri"}
_URI_OR_NULL = {"type": ["string", "null"], "format": "uri"}
_TEXTS = {"type": "array", "items": _TEXT}


def _object(**properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _objects(**properties: dict) -> dict:
    return {"type": "array", "items": _object(**properties)}


def _joined(items: list[str]) -> str:
    return LIST_SEPARATOR.join(items)


@dataclass(frozen=True)
class DataField:
    """One field of a record in the open data: its JSON Schema, and how (whether) the CSV holds it."""

    name: str
    schema: dict  # in ban-ghi.json
    csv_type: str | None = "string"  # its Table Schema type in ban-ghi.csv; None: only in the JSON
    cell: Callable[[Any], str] | None = None  # a list's cell in the CSV; default: the items joined
    required: bool = False  # never empty (in the CSV too)
    csv_format: str | None = None  # Table Schema format ("uri")

    @property
    def title(self) -> str:
        return msg.OPEN_DATA_FIELDS[self.name][0]

    @property
    def description(self) -> str:
        return msg.OPEN_DATA_FIELDS[self.name][1]

    @property
    def type_label(self) -> str:
        """The field's type in words, for the data page."""
        schema = self.schema
        if self.csv_format == "uri" or schema.get("format") == "uri":
            return msg.OPEN_DATA_TYPES["uri"]
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        main = next(k for k in kinds if k != "null")
        if main == "array":
            main = "objects" if schema["items"]["type"] == "object" else "texts"
        elif main == "object":
            main = "object"
        elif schema.get("format") == "date":
            main = "date"
        return msg.OPEN_DATA_TYPES[main]

    def csv_value(self, value: Any) -> str:
        if value is None:
            return ""
        if self.cell:
            return self.cell(value)
        if isinstance(value, list):
            return _joined([str(v) for v in value])
        return str(value)


FIELDS: tuple[DataField, ...] = (
    DataField("id", _TEXT, required=True),
    DataField("kind", {"type": "string", "enum": [k.value for k in Kind]}, required=True),
    DataField("kind_label", _TEXT, required=True),
    DataField("name", _TEXT, required=True),
    DataField("url", _URI, required=True, csv_format="uri"),
    DataField("summary", _TEXT, required=True),
    DataField("story", _TEXT_OR_NULL, csv_type=None),
    DataField("province", _TEXT, required=True),
    DataField("district", _TEXT_OR_NULL),
    DataField("commune", _TEXT_OR_NULL),
    DataField("current_province", _TEXT, required=True),
    DataField("former_province", _TEXT_OR_NULL),
    DataField("fields", _TEXTS, required=True),
    DataField("field_labels", _TEXTS, required=True),
    DataField("year", {"type": "integer"}, csv_type="integer", required=True),
    DataField("published", _DATE, csv_type="date", required=True),
    DataField("updated", _DATE, csv_type="date", required=True),
    DataField("role", _TEXT_OR_NULL),
    DataField("honorifics", _TEXTS),
    DataField("organization", _TEXT_OR_NULL),
    DataField("organization_id", _TEXT_OR_NULL),
    DataField("unit_type", _TEXT_OR_NULL),
    DataField("members", _TEXTS),
    DataField("aliases", _TEXTS),
    DataField("origin", _TEXTS),
    DataField("components", _objects(label=_TEXT, items=_TEXTS),
              cell=lambda cs: _joined([f"{c['label']}: {'; '.join(c['items'])}" for c in cs])),
    DataField("achievements", _TEXTS),
    DataField("awards", _objects(name=_TEXT, year={"type": ["integer", "null"]}, by=_TEXT_OR_NULL),
              cell=lambda awards: _joined([with_details(a["name"], a["by"], a["year"]) for a in awards])),
    DataField("quotes", _objects(text=_TEXT, by=_TEXT_OR_NULL), csv_type=None),
    DataField("sources", _objects(title=_TEXT, publisher=_TEXT_OR_NULL, url=_URI_OR_NULL, date=_DATE_OR_NULL),
              cell=lambda sources: _joined([with_details(s["title"], s["publisher"], s["date"], s["url"])
                                            for s in sources]), required=True),
    DataField("images", _objects(url=_URI, alt=_TEXT, caption=_TEXT_OR_NULL, credit=_TEXT_OR_NULL,
                                 width={"type": "integer"}, height={"type": "integer"}), csv_type=None),
    DataField("related", _TEXTS),
    DataField("tags", _TEXTS),
    DataField("teaching", {"type": ["object", "null"], "properties": {
        "levels": _TEXTS, "retelling": _TEXT_OR_NULL, "questions": _TEXTS, "activities": _TEXTS},
        "required": ["levels", "retelling", "questions", "activities"], "additionalProperties": False},
        csv_type=None),
    DataField("share_image", _URI, required=True, csv_format="uri"),
)
CSV_FIELDS = tuple(f for f in FIELDS if f.csv_type)


def published_records(catalog: Catalog) -> list[Record]:
    """What the open data holds: the records the public site shows (a preview's drafts stay out)."""
    return [r for r in catalog.records if record_status(r, catalog.date) is None]


def record_values(catalog: Catalog, record: Record) -> dict[str, Any]:
    """The record as the open data gives it: every field of FIELDS, in order (None or [] where it has none)."""
    site_url = catalog.project.config.url
    fields = catalog.project.config.fields
    dates = catalog.dates[record.id]
    values: dict[str, Any] = {
        "id": record.id, "kind": record.kind.value, "kind_label": record.kind.label.capitalize(),
        "name": record.name, "url": addresses.canonical_url(site_url, addresses.record_url(record)),
        "summary": record.summary, "story": record.story, "province": record.place.province,
        "district": record.place.district, "commune": record.place.commune,
        "current_province": record.place.current.name, "former_province": record.place.former,
        "fields": list(record.fields), "field_labels": [fields[key] for key in record.fields], "year": record.year,
        "published": dates.published.isoformat(), "updated": dates.updated.isoformat(),
        "role": None, "honorifics": [], "organization": None, "organization_id": None, "unit_type": None,
        "members": [], "aliases": [], "origin": [], "components": [],
        "achievements": list(record.achievements),
        "awards": [{"name": a.name, "year": a.year, "by": a.by} for a in record.awards],
        "quotes": [{"text": q.text, "by": q.by} for q in record.quotes],
        "sources": [{"title": s.title, "publisher": s.publisher, "url": s.url,
                     "date": s.date.isoformat() if s.date else None} for s in record.sources],
        "images": [{"url": addresses.canonical_url(site_url, addresses.image_url(record, i, image)), "alt": image.alt,
                    "caption": image.caption, "credit": image.credit, "width": image.web.width,
                    "height": image.web.height} for i, image in enumerate(record.images, 1)],
        "related": list(record.related), "tags": list(record.tags),
        "teaching": None if record.teaching is None else {
            "levels": list(record.teaching.levels), "retelling": record.teaching.retelling,
            "questions": list(record.teaching.questions), "activities": list(record.teaching.activities)},
        "share_image": addresses.canonical_url(site_url, addresses.share_image_url(record)),
    }
    if isinstance(record, Individual):
        values |= {"role": record.role, "honorifics": list(record.honorifics), "organization": record.organization,
                   "organization_id": record.organization_id}
    elif isinstance(record, Collective):
        values |= {"unit_type": record.unit_type, "members": list(record.members)}
    elif isinstance(record, Practice):
        values |= {"aliases": list(record.aliases), "origin": list(record.origin),
                   "components": [{"label": c.label, "items": list(c.items)} for c in record.components]}
    return {f.name: values[f.name] for f in FIELDS}


def _json(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def json_schema(catalog: Catalog) -> dict:
    """The JSON Schema of ban-ghi.json, every field titled and explained in Vietnamese."""
    config = catalog.project.config

    def described(f: DataField) -> dict:
        return {"title": f.title, "description": f.description, **f.schema}

    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": addresses.canonical_url(config.url, addresses.DATA_SCHEMA),
        "title": msg.OPEN_DATA_JSON_TITLE.format(site=config.name),
        "type": "object",
        "properties": {
            "site": {"title": msg.OPEN_DATA_SITE_TITLE, "type": "string"},
            "url": {"title": msg.OPEN_DATA_SITE_URL_TITLE, **_URI},
            "licence": {"title": msg.OPEN_DATA_LICENCE_TITLE, "type": ["object", "null"],
                        "properties": {"id": _TEXT, "title": _TEXT, "url": _URI},
                        "required": ["id", "title", "url"], "additionalProperties": False},
            "build_date": {"title": msg.OPEN_DATA_BUILD_DATE_TITLE, **_DATE},
            "count": {"title": msg.OPEN_DATA_COUNT_TITLE, "type": "integer", "minimum": 0},
            "records": {"title": msg.OPEN_DATA_RECORDS_TITLE, "type": "array", "items": {
                "type": "object", "properties": {f.name: described(f) for f in FIELDS},
                "required": [f.name for f in FIELDS], "additionalProperties": False}},
        },
        "required": ["site", "url", "licence", "build_date", "count", "records"],
        "additionalProperties": False,
    }


def table_schema() -> dict:
    """The Table Schema of ban-ghi.csv (Frictionless), inside the data package."""
    fields = []
    for f in CSV_FIELDS:
        field: dict[str, Any] = {"name": f.name, "title": f.title, "description": f.description, "type": f.csv_type}
        if f.csv_format:
            field["format"] = f.csv_format
        constraints = {"required": True} if f.required else {}
        if f.name == "id":
            constraints["unique"] = True
        if "enum" in f.schema:
            constraints["enum"] = f.schema["enum"]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


class _Counted:
    """A file being written: its size and SHA-256 as it grows."""

    def __init__(self, path: Path):
        self.path = path
        path.unlink(missing_ok=True)  # a new file, never written into the one there (see output.write_new)
        self.file = open(path, "wb")
        self.size = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.size += len(data)
        self.digest.update(data)

    def close(self) -> dict:
        self.file.close()
        return {"bytes": self.size, "hash": f"sha256:{self.digest.hexdigest()}"}


def _csv_line(cells: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().encode("utf-8")


def _json_lines(catalog: Catalog, records: list[Record], rows: list[list[str]]) -> Iterator[str]:
    """ban-ghi.json, in pieces: the site's facts, then one record a line."""
    config = catalog.project.config
    licence = config.licence
    head = {"site": config.name, "url": config.url,
            "licence": {"id": licence.id, "title": licence.title, "url": licence.url} if licence else None,
            "build_date": catalog.date.isoformat(), "count": len(records)}
    yield _json(head)[:-1] + ', "records": ['
    for i, (line, _) in enumerate(rows):
        yield ("\n" if i == 0 else ",\n") + line
    yield "\n]}\n"


ROWS_KIND = "open-data"  # the cache's folder for the records' lines and rows


def record_rows(catalog: Catalog, records: list[Record]) -> list[list[str]]:
    """Each record's line of ban-ghi.json and row of ban-ghi.csv. They are kept in the build cache (one entry
    for all, by the fingerprint of the record, its dates and the config's address and fields): only those of
    records that changed are made again."""
    cache = ContentCache(catalog.project.root, ROWS_KIND)
    entry = content_key("rows")
    try:
        kept = json.loads(cache.get(entry) or b"{}")
    except ValueError:
        kept = {}
    known = catalog.known_fingerprints()
    config = catalog.project.config
    common = fingerprint((config.url, config.fields))
    rows: dict[str, list[str]] = {}
    ordered = []
    for record in records:
        key = content_key(common, fingerprint((record, catalog.dates[record.id]), known))
        row = kept.get(key)
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row)):
            values = record_values(catalog, record)
            row = [_json(values), _csv_line([f.csv_value(values[f.name]) for f in CSV_FIELDS]).decode("utf-8")]
        rows[key] = row
        ordered.append(row)
    if rows.keys() != kept.keys():
        cache.put(entry, json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return ordered


def write_open_data(catalog: Catalog, site: Path) -> None:
    """Build stage: /du-lieu/ ban-ghi.json, ban-ghi.csv, ban-ghi.schema.json and datapackage.json."""
    records = published_records(catalog)
    rows = record_rows(catalog, records)
    folder = inside(site, site / addresses.OPEN_DATA)
    folder.mkdir(parents=True, exist_ok=True)
    stats = {}

    data = _Counted(inside(site, site / addresses.DATA_JSON))
    for piece in _json_lines(catalog, records, rows):
        data.write(piece.encode("utf-8"))
    stats[addresses.DATA_JSON] = data.close()

    table = _Counted(inside(site, site / addresses.DATA_CSV))
    table.write("\ufeff".encode("utf-8") + _csv_line([f.name for f in CSV_FIELDS]))
    for _, row in rows:
        table.write(row.encode("utf-8"))
    stats[addresses.DATA_CSV] = table.close()

    schema = (_json(json_schema(catalog), indent=2) + "\n").encode("utf-8")
    write_new(inside(site, site / addresses.DATA_SCHEMA), schema)
    stats[addresses.DATA_SCHEMA] = {"bytes": len(schema), "hash": f"sha256:{hashlib.sha256(schema).hexdigest()}"}

    package = data_package(catalog, stats)
    write_new(inside(site, site / addresses.DATA_PACKAGE), (_json(package, indent=2) + "\n").encode("utf-8"))
    log.debug("open data: %d records, %d bytes of JSON, %d of CSV", len(records), stats[addresses.DATA_JSON]["bytes"],
              stats[addresses.DATA_CSV]["bytes"])


def data_package(catalog: Catalog, stats: dict[str, dict]) -> dict:
    """datapackage.json: the files of /du-lieu/ (Frictionless Data Package 1.0), with each one's size and hash."""
    config = catalog.project.config

    def local(address: str) -> str:  # a resource's path, relative to the data package
        return address.removeprefix(addresses.OPEN_DATA)

    package: dict[str, Any] = {
        "profile": "data-package",
        "name": slugify(config.name) or "guong-sang",
        "title": config.name,
        "description": config.description or msg.OPEN_DATA_DESCRIPTION,
        "homepage": addresses.canonical_url(config.url, addresses.OPEN_DATA),
        "created": dt.datetime.combine(catalog.date, dt.time(), VIETNAM).isoformat(),
        "keywords": list(msg.OPEN_DATA_KEYWORDS),
    }
    if config.licence:
        package["licenses"] = [{"name": config.licence.id, "path": config.licence.url, "title": config.licence.title}]
    if config.publisher:
        contributor = {"title": config.publisher, "role": "publisher"}
        if "@" in config.contact and "://" not in config.contact:
            contributor["email"] = config.contact
        elif config.contact:
            contributor["path"] = config.contact
        package["contributors"] = [contributor]
    package["resources"] = [
        {"name": "ban-ghi", "path": local(addresses.DATA_CSV), "profile": "tabular-data-resource",
         "title": msg.OPEN_DATA_CSV_TITLE, "description": msg.OPEN_DATA_CSV_DESCRIPTION.format(separator=LIST_SEPARATOR),
         "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", **stats[addresses.DATA_CSV],
         "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                     "header": True},
         "schema": table_schema()},
        {"name": "ban-ghi-json", "path": local(addresses.DATA_JSON), "profile": "data-resource",
         "title": msg.OPEN_DATA_JSON_RESOURCE_TITLE,
         "description": msg.OPEN_DATA_JSON_DESCRIPTION.format(schema=local(addresses.DATA_SCHEMA)),
         "format": "json", "mediatype": "application/json", "encoding": "utf-8", **stats[addresses.DATA_JSON]},
        {"name": "luoc-do-json", "path": local(addresses.DATA_SCHEMA), "profile": "data-resource",
         "title": msg.OPEN_DATA_SCHEMA_TITLE, "format": "json", "mediatype": "application/schema+json",
         "encoding": "utf-8", **stats[addresses.DATA_SCHEMA]},
    ]
    return package


@dataclass(frozen=True)
class FieldDoc:
    """A field as the data page documents it."""

    name: str
    title: str
    type_label: str
    in_csv: bool
    description: str


FIELD_DOCS = tuple(FieldDoc(f.name, f.title, f.type_label, f.csv_type is not None, f.description) for f in FIELDS)
