"""Safe YAML reading that remembers where every key and item came from.

We build the document tree ourselves from libyaml's event stream instead of letting PyYAML compose
it: that way we see aliases and tags before anything is constructed (no alias bombs, no language
tags), we bound the nesting depth (libyaml's own composer recurses and can crash the interpreter on
deeply nested input), and we keep the line of each key and item so every message can name it.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import yaml

from . import messages as msg

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    """A file that cannot be read as a record at all; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(line, msg.FILE_NOT_UTF8.format(pos=err.start)) from None
    if not text.strip() or all(ln.strip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise YamlProblem(1, msg.FILE_EMPTY)
    return text


def parse(text: str) -> tuple[object, list[Duplicate]]:
    """Parse one YAML document into YMap/YList/scalars, NFC-normalised.

    Returns the tree and the duplicate keys found (the first occurrence wins).
    """
    duplicates: list[Duplicate] = []
    stack: list[list] = []  # frames: [container, pending_key, pending_key_line]
    root: list = []
    documents = 0

    def add(value: object, line: int) -> None:
        if not stack:
            root.append(value)
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_lines.append(line)
        elif frame[1] is None:
            if isinstance(value, (YMap, YList)) or value is _NOT_TEXT:
                raise YamlProblem(line, msg.YAML_KEY_NOT_TEXT)
            frame[1], frame[2] = value, line
        else:
            key, key_line = frame[1], frame[2]
            frame[1] = None
            if key in container:
                duplicates.append(Duplicate(key, key_line, container.key_lines[key]))
            else:
                container[key] = value
                container.key_lines[key] = key_line

    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(line, msg.YAML_MULTI_DOC)
            elif isinstance(event, yaml.AliasEvent):
                raise YamlProblem(line, msg.YAML_ALIAS.format(anchor=event.anchor))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                if event.tag not in (None, "!", _STD + kind):
                    raise YamlProblem(line, msg.YAML_TAG.format(tag=_short(event.tag)))
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(line, msg.YAML_TOO_DEEP.format(limit=MAX_DEPTH))
                container = YMap() if kind == "map" else YList()
                container.line = line
                if kind == "map":
                    container.key_lines = {}
                else:
                    container.item_lines = []
                add(container, line)
                stack.append([container, None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                is_key = bool(stack) and isinstance(stack[-1][0], YMap) and stack[-1][1] is None
                add(_scalar(event, line, is_key), line)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise YamlProblem(mark.line + 1 if mark else 1, msg.YAML_SYNTAX.format(problem=msg.yaml_problem(problem))) from None
    if not root or root[0] is None:
        raise YamlProblem(1, msg.FILE_EMPTY)
    return root[0], duplicates


_NOT_TEXT = object()


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _scalar(event: yaml.ScalarEvent, line: int, is_key: bool) -> object:
    if event.tag not in (None, "!") and event.tag not in _SCALAR_TAGS:
        raise YamlProblem(line, msg.YAML_TAG.format(tag=_short(event.tag)))
    if is_key:
        # Keys are names, never numbers or dates: take them as written.
        return unicodedata.normalize("NFC", event.value)
    tag = event.tag
    if tag in (None, "!"):
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STD + "str":
        return unicodedata.normalize("NFC", event.value)
    try:
        value = _constructor.construct_object(yaml.ScalarNode(tag, event.value))
    except (ValueError, OverflowError, yaml.YAMLError):
        if tag == _STD + "timestamp":
            raise YamlProblem(line, msg.YAML_BAD_DATE.format(value=event.value)) from None
        raise YamlProblem(line, msg.YAML_SYNTAX.format(problem=event.value)) from None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()
    return value


def load_mapping(raw: bytes) -> tuple[YMap, list[Duplicate]]:
    """Read a whole record file: bytes in, a top-level mapping out."""
    tree, duplicates = parse(read_text(raw))
    if not isinstance(tree, YMap):
        raise YamlProblem(getattr(tree, "line", 1), msg.YAML_NOT_MAPPING.format(found=msg.type_label(tree)))
    return tree, duplicates
