"""The JSON Schema of the record format, for editors (completion and hover in VS Code's YAML extension).

It is made from the format's description (formats.RECORD), with the parts that come from the project
(the fields taxonomy) and from reference data (every accepted province name) filled in.
"""
from __future__ import annotations

import json

from . import formats
from .config import SiteConfig
from .places import load_places
from .text import vi_sort_key

SCHEMA_FILE = "schema/record.schema.json"


def record_schema(config: SiteConfig) -> str:
    """The schema as JSON text, with the project's fields and every accepted province name."""
    places = load_places()
    provinces = sorted({p.name for p in places.provinces} | {f for p in places.provinces for f in p.former},
                       key=vi_sort_key)
    schema = formats.RECORD.json_schema({"fields": config.fields, "provinces": provinces})
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
