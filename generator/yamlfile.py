"""Safe YAML reading that remembers where every key and item came from.

We build the document tree ourselves from libyaml's event stream instead of letting PyYAML compose
it: that way we see aliases and tags before anything is constructed (no alias bombs, no language
tags), we bound the nesting depth (libyaml's own composer recurses and can crash the interpreter on
deeply nested input), and we keep the line of each key and item so every message can name it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import messages as msg
from .inputs import RECORD_LIMIT, FileProblem, decode, read_input_text
from .text import describe_character

MAX_FILE_BYTES = RECORD_LIMIT  # of a document given as bytes (load_mapping)
MAX_DEPTH = 40

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class YamlProblem(FileProblem):
    """A file that cannot be read as YAML at all; ``line`` is 1-based."""


class YMap(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


@dataclass
class Duplicate:
    key: str
    line: int
    first: int


def read_text(raw: bytes) -> str:
    """Decode a record file's bytes, refusing anything but UTF-8 of a sane size."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(1, msg.FILE_TOO_BIG.format(size=len(raw), limit=MAX_FILE_BYTES))
    try:
        return decode(raw)
    except FileProblem as err:
        raise YamlProblem(err.line, err.message) from None


def parse(text: str) -> tuple[object, list[Duplicate]]:
    """Parse one YAML document into YMap/YList/scalars, NFC-normalised.

    Returns the tree and the duplicate keys found (the first occurrence wins). An empty or
    comment-only document is a problem.
    """
    duplicates: list[Duplicate] = []
    # One frame per open container: [container, pending key (None while a key is awaited), key line].
    stack: list[list] = []
    root: list = []
    documents = 0
    parser = _Loader(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            line = event.start_mark.line + 1
            if kind is yaml.ScalarEvent:
                frame = stack[-1] if stack else None
                if frame is not None and frame[1] is None and type(frame[0]) is YMap:
                    _check_tag(event.tag, _SCALAR_TAGS, line)
                    # Keys are names, never numbers or dates: take them as written.
                    frame[1], frame[2] = _nfc(event.value), line
                    continue
                value = _scalar(event, line)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if kind is yaml.MappingStartEvent:
                    _check_tag(event.tag, _MAP_TAGS, line)
                    value = YMap()
                    value.key_lines = {}
                else:
                    _check_tag(event.tag, _SEQ_TAGS, line)
                    value = YList()
                    value.item_lines = []
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(line, msg.YAML_TOO_DEEP.format(limit=MAX_DEPTH))
                value.line = line
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                raise YamlProblem(line, msg.YAML_ALIAS.format(anchor=event.anchor))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(line, msg.YAML_MULTI_DOC)
                continue
            else:
                continue
            # Place the new value in its container.
            if not stack:
                root.append(value)
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is YList:
                    container.append(value)
                    container.item_lines.append(line)
                elif frame[1] is None:
                    raise YamlProblem(line, msg.YAML_KEY_NOT_TEXT)
                else:
                    key = frame[1]
                    frame[1] = None
                    if key in container:
                        duplicates.append(Duplicate(key, frame[2], container.key_lines[key]))
                    else:
                        container[key] = value
                        container.key_lines[key] = frame[2]
            if kind is not yaml.ScalarEvent:
                stack.append([value, None, 0])
    except yaml.reader.ReaderError as err:  # a character YAML does not allow; its position is in UTF-8 bytes
        line = text.encode("utf-8", "surrogatepass")[:err.position].count(b"\n") + 1
        what = describe_character(chr(err.character)) if isinstance(err.character, int) else None
        problem = msg.YAML_UNPRINTABLE.format(what=what) if what else msg.yaml_problem(err.reason or "")
        raise YamlProblem(line, msg.YAML_SYNTAX.format(problem=problem)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        context = getattr(err, "context", None) or ""
        if getattr(err, "context_mark", None) and any(w in context for w in _OPENED_AT):
            mark = err.context_mark  # where the unclosed quote or bracket, or the unfinished key, starts
        problem = getattr(err, "problem", None) or str(err)
        raise YamlProblem(mark.line + 1 if mark else 1,
                          msg.YAML_SYNTAX.format(problem=msg.yaml_problem(problem))) from None
    finally:
        parser.dispose()
    if not root or root[0] is None:
        raise YamlProblem(1, msg.FILE_EMPTY)
    return root[0], duplicates


_OPENED_AT = ("quoted scalar", "flow", "simple key")
_MAP_TAGS = {None, "!", _STD + "map"}
_SEQ_TAGS = {None, "!", _STD + "seq"}
_SCALAR_TAGS |= {None, "!"}
_STR = _STD + "str"
_TIMESTAMP = _STD + "timestamp"
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_INT = _STD + "int"
_FLOAT = _STD + "float"
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _check_tag(tag: str | None, allowed: set, line: int) -> None:
    if tag not in allowed:
        raise YamlProblem(line, msg.YAML_TAG.format(tag=_short(tag)))


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _scalar(event: yaml.ScalarEvent, line: int) -> object:
    _check_tag(event.tag, _SCALAR_TAGS, line)
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        # YAML 1.1 also reads 0x7E4, 2_020, 03744 and 33:40 as 2020, and .inf as a number: such values are
        # kept as the text they are (so a year written so is refused, and "33:40" in a name stays "33:40").
        if tag in (_INT, _FLOAT) and odd_number(event.value):
            tag = _STR
    elif tag == _INT and odd_number(event.value):
        raise YamlProblem(line, msg.YAML_NOT_DECIMAL.format(value=_shown(event.value)))
    if tag == _STR:
        return _nfc(event.value)
    try:
        # Called directly, not through construct_object, which would remember every node it has seen.
        value = _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, event.value))
    except (ValueError, OverflowError, LookupError, AttributeError, TypeError, yaml.YAMLError):
        # A date that is not on the calendar, a number too long to read, `!!bool maybe`...
        if tag == _TIMESTAMP and _DATE_SHAPE.match(event.value):
            raise YamlProblem(line, msg.YAML_BAD_DATE.format(value=event.value)) from None
        raise YamlProblem(line, msg.YAML_BAD_VALUE.format(value=_shown(event.value), tag=_short(tag))) from None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()
    return value


def odd_number(text: str) -> bool:
    """Whether `text` is a number only in YAML 1.1's eyes (0x7E4, 2_020, 03744, 33:40), not a plain decimal one."""
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    return (tag == _INT and not _DECIMAL_INT.match(text)) or (tag == _FLOAT and not _DECIMAL_FLOAT.match(text))


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def load_file(root: Path, path: Path, limit: int) -> tuple[YMap, list[Duplicate]]:
    """Read a record or config file: a regular file in the project `root`, never more than `limit` bytes.

    Raises FileProblem (of which YamlProblem is one kind) when it cannot be read as a mapping.
    """
    return _mapping(read_input_text(root, path, limit))


def load_mapping(raw: bytes) -> tuple[YMap, list[Duplicate]]:
    """Read a whole YAML document given as bytes: a top-level mapping out."""
    return _mapping(read_text(raw))


def _mapping(text: str) -> tuple[YMap, list[Duplicate]]:
    tree, duplicates = parse(text)
    if not isinstance(tree, YMap):
        raise YamlProblem(getattr(tree, "line", 1), msg.YAML_NOT_MAPPING.format(found=msg.type_label(tree)))
    return tree, duplicates
