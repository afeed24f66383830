"""The JSON Schemas of the formats people write by hand, for editors (completion and hover in VS Code's
YAML extension).

Each is made from its format's description (formats.py), with the parts that come from the project
(the fields taxonomy) and from reference data (every accepted province name) filled in.
"""
from __future__ import annotations

import json

from . import formats
from .config import SiteConfig
from .places import load_places
from .shapes import Format
from .text import vi_sort_key

SCHEMA_FILE = "schema/record.schema.json"
LESSON_SCHEMA_FILE = "schema/lesson.schema.json"


def editor_schemas(config: SiteConfig) -> dict[str, str]:
    """Every editor schema as JSON text, by the file it is committed as: one per format people write by hand
    (a new format gets its line here)."""
    return {SCHEMA_FILE: record_schema(config), LESSON_SCHEMA_FILE: _schema_text(formats.LESSON, config)}


def record_schema(config: SiteConfig) -> str:
    """The record schema as JSON text, with the project's fields and every accepted province name."""
    return _schema_text(formats.RECORD, config)


def _schema_text(fmt: Format, config: SiteConfig) -> str:
    places = load_places()
    provinces = sorted({p.name for p in places.provinces} | {f for p in places.provinces for f in p.former},
                       key=vi_sort_key)
    schema = fmt.json_schema({"fields": config.fields, "provinces": provinces})
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
