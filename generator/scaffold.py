"""`guongsang new`: a commented template record, with a proper id, written where it belongs."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path, PurePosixPath

import jinja2

from . import formats
from . import messages as msg
from .config import load_config
from .places import load_places
from .problems import InputError, Problem
from .lessons import LESSONS_FOLDER
from .records import ID_PATTERN, Kind, record_files
from .schema import LESSON_SCHEMA_FILE, SCHEMA_FILE
from .text import nfc, slugify

log = logging.getLogger(__name__)

# An id is a file name and part of every address of the record: one made from a long name is cut, at a
# hyphen, to this length, and a longer one given with --id is refused (file systems stop at 255 bytes).
ID_LIMIT = 100

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates/records"),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # YAML, not HTML: values are quoted with yaml_text below
)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def new_record(root: Path, kind: Kind, name: str, folder: str | None = None,
               province: str | None = None, record_id: str | None = None) -> Path:
    """Write models/<folder>/<id>.yml from the template for `kind`; return its path.

    Never overwrites: an id already used anywhere under models/ is an InputError.
    """
    name = nfc(name).strip()
    limit = formats.RECORD.table.key("name").shape.limit  # a record's name may be no longer
    if len(name) > limit:
        problem = msg.NEW_NAME_TOO_LONG.format(length=len(name), limit=limit)
        raise InputError([Problem("models", 1, problem)])
    record_id = record_id or _shortened(slugify(name))
    if not name or not ID_PATTERN.match(record_id):
        raise InputError([Problem("models", 1, msg.NEW_BAD_NAME.format(name=name, id=record_id))])
    if len(record_id) > ID_LIMIT:
        raise InputError([Problem("--id", 1, msg.NEW_ID_TOO_LONG.format(id=record_id, length=len(record_id),
                                                                      limit=ID_LIMIT))])
    target_dir = _models_folder(root, folder)
    files, _ = record_files(root)
    for rel, path in files:
        if path.name == f"{record_id}.yml":
            raise InputError([Problem(rel, 1, msg.NEW_EXISTS.format(id=record_id, rel=rel))])
    if province is not None:
        match = load_places().resolve(province)
        if match is None:
            suggestion = load_places().suggest(province)
            text = msg.UNKNOWN_PROVINCE_SUGGEST if suggestion else msg.UNKNOWN_PROVINCE
            raise InputError([Problem("--province", 1, text.format(value=province, suggestion=suggestion))])
    config = load_config(root)
    target = target_dir / f"{record_id}.yml"
    schema = PurePosixPath(os.path.relpath(root / SCHEMA_FILE, target_dir).replace(os.sep, "/"))
    text = _TEMPLATES.get_template(f"{kind.value}.yml").render(
        schema=schema,
        name=yaml_text(name),
        province=yaml_text(province.strip() if province else msg.PLACEHOLDER_PROVINCE),
        fields=", ".join(config.fields),
    )
    target_dir.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": fail rather than overwrite
        out.write(text)
    return target


def new_lesson(root: Path, title: str, lesson_id: str | None = None) -> Path:
    """Write lessons/<id>.yml, a draft lesson pack from the template; return its path. Never overwrites."""
    title = nfc(title).strip()
    limit = formats.LESSON.table.key("title").shape.limit  # a pack's title may be no longer
    if len(title) > limit:
        raise InputError([Problem(LESSONS_FOLDER, 1, msg.NEW_NAME_TOO_LONG.format(length=len(title), limit=limit))])
    lesson_id = lesson_id or _shortened(slugify(title))
    if not title or not ID_PATTERN.match(lesson_id) or len(lesson_id) > ID_LIMIT:
        raise InputError([Problem(LESSONS_FOLDER, 1, msg.NEW_BAD_NAME.format(name=title, id=lesson_id))])
    folder = root / LESSONS_FOLDER
    target = folder / f"{lesson_id}.yml"
    if target.exists():
        raise InputError([Problem(target.relative_to(root).as_posix(), 1,
                                  msg.LESSON_NEW_EXISTS.format(id=lesson_id, rel=target.relative_to(root).as_posix()))])
    text = _TEMPLATES.get_template("lesson.yml").render(
        schema=PurePosixPath("..") / LESSON_SCHEMA_FILE, name=yaml_text(title), levels="thcs",
        subject="giao-duc-cong-dan", subjects=", ".join(formats.SUBJECTS), period_minutes=45)
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return target


def _shortened(record_id: str) -> str:
    """`record_id` cut to ID_LIMIT characters at a hyphen, so that it still ends on a whole word."""
    if len(record_id) <= ID_LIMIT:
        return record_id
    cut = record_id[:ID_LIMIT + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else record_id[:ID_LIMIT]


def _models_folder(root: Path, folder: str | None) -> Path:
    """models/ or a sub-folder of it; a folder that would leave models/ is refused, and so is a link (the
    loader does not read records in linked folders, and one may point out of models/)."""
    models = root / "models"
    if not folder:
        return models
    parts = PurePosixPath(folder.replace("\\", "/")).parts
    if folder.startswith(("/", "\\")) or any(p in ("..", ".") for p in parts) or ":" in folder:
        raise InputError([Problem("--folder", 1, msg.NEW_BAD_FOLDER.format(folder=folder))])
    target = models
    for part in parts:
        target = target / part
        if target.is_symlink():
            raise InputError([Problem("--folder", 1, msg.NEW_FOLDER_LINK.format(folder=folder))])
    if not models.resolve().is_relative_to(root.resolve()):  # models/ itself a link out of the project
        raise InputError([Problem("models", 1, msg.FILE_OUTSIDE)])
    return target
