"""The JSON Schema of the record format, for editors (completion and hover in VS Code's YAML extension).

The schema's text lives in templates/schema/; the parts that come from the project (the fields
taxonomy) and from reference data (province names) are filled in here.
"""
from __future__ import annotations

import jinja2

from . import images
from . import lessons
from . import messages as msg
from .config import SiteConfig
from .records import ID_PATTERN
from .places import load_places
from .text import vi_sort_key

SCHEMA_FILE = "schema/record.schema.json"
LESSON_SCHEMA_FILE = "schema/lesson.schema.json"

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates/schema"),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_TEMPLATES.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}


def record_schema(config: SiteConfig) -> str:
    """The schema as JSON text, with the project's fields and every accepted province name."""
    places = load_places()
    provinces = sorted({p.name for p in places.provinces} | {f for p in places.provinces for f in p.former}, key=vi_sort_key)
    return _TEMPLATES.get_template("record.schema.json").render(
        fields=list(config.fields),
        field_labels="; ".join(f"{key}: {label}" for key, label in config.fields.items()),
        provinces=provinces,
        longest_side=images.LONGEST_SIDE,
        image_suffixes=", ".join(images.SUFFIXES),
        image_pattern=image_pattern(),
    )


def image_pattern() -> str:
    """A regular expression for the image file names we publish, any case (JSON Schema has no flags)."""
    either_case = ("".join(f"[{c}{c.upper()}]" for c in suffix[1:]) for suffix in images.SUFFIXES)
    return rf"\.({'|'.join(either_case)})$"


def lesson_schema() -> str:
    """The lesson packs' schema as JSON text, with the limits the lesson reader checks."""
    return _TEMPLATES.get_template("lesson.schema.json").render(
        levels=list(lessons.TEACHING_LEVELS), subjects=list(lessons.SUBJECTS),
        subject_labels="; ".join(f"{key}: {label}" for key, label in msg.SUBJECT_LABELS.items()),
        max_periods=lessons.MAX_PERIODS, period_minutes=list(lessons.PERIOD_MINUTES),
        max_minutes=lessons.MAX_PERIODS * max(lessons.PERIOD_MINUTES), max_lines=lessons.MAX_LINES,
        default_lines=lessons.DEFAULT_LINES, id_pattern=ID_PATTERN.pattern.replace("\\", "\\\\"),
    )
