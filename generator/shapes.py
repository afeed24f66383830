"""The shapes a value in a YAML file can take, and the one checker that reads a file against them.

A file format is described once, as a `Format` whose `Table` lists its `Key`s (see `formats.py`):
each key has a shape (`Text`, `Year`, `Date`, `ListOf`, another `Table`…) carrying its limits, says
whether it is required (for every variant, or for some, such as a record's kind) and what it means
in Vietnamese. From that one description come:

- the check of a file (`Format.check`): every problem as `path:line:` in Vietnamese, with the
  suggestions a press officer needs (the key they likely meant, a key written in Vietnamese, a key
  at the wrong indentation, a key of another kind), and the cleaned values out;
- the JSON Schema editors use for completion and hover (`Format.json_schema`).

Checks that need more than the file itself (a province, a link to another record, an image on
disk) stay with the reader of that format, which gets the checked values and their lines.

The checked values are the same `YMap`/`YList` types the YAML reader gives, so they keep every
line: text stripped, numbers written as text turned into text, dates as `datetime.date`, and
anything wrong left out (its problem is reported). A template blank ("[ĐIỀN: …]") is noted on the
checker, kept where text is expected (a draft shows it) and left out elsewhere.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import messages as msg
from .inputs import FileProblem
from .problems import Problem
from .text import hidden_character_problem, is_web_address, slugify
from .yamlfile import YList, YMap, load_file, odd_number

NOTHING = object()  # what reading a value gives back when it is wrong (the problem is reported)
# A blank left to fill in, as `guongsang new` writes them: "[ĐIỀN: một hai câu tóm tắt]".
PLACEHOLDER = re.compile(r"^\s*\[\s*ĐIỀN\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LISTED_KEYS = 8  # an unknown key in a table this small is answered with the list of its keys


def is_placeholder(value: object) -> bool:
    """Whether a value is a template blank that nobody has filled in yet."""
    return type(value) is str and PLACEHOLDER.match(value) is not None


class Checker:
    """Checks one file's values against its format, collecting problems and template blanks.

    `choices` gives the values of choices that come from the project (a record's `fields`, from
    site_config.yml); `today` is the build date, for the upper bound of years (None: not known).
    `line_offset` is added to every line, for a tree read from the middle of a file (front matter).
    """

    def __init__(self, path: str, *, choices: Mapping[str, Collection[str]] | None = None,
                 today: dt.date | None = None, line_offset: int = 0):
        self.path = path
        self.choices = choices or {}
        self.today = today
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.blanks: list[tuple[int, str]] = []  # (line, key) of each template blank

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line + self.offset, message))

    def wrong_type(self, key: str, expected: str, value: object, line: int) -> None:
        found = msg.FOUND_BOOL if isinstance(value, bool) else msg.type_label(value)
        self.problem(line, msg.WRONG_TYPE.format(key=key, expected=expected, found=found))

    def value(self, shape: Shape, key: str, raw: object, line: int) -> object:
        """One written value read against its shape; a template blank is noted, and kept only as text."""
        if type(raw) is str and PLACEHOLDER.match(raw):
            self.blanks.append((line + self.offset, key))
            if not shape.keeps_blanks:
                return NOTHING
        return shape.read(self, key, raw, line)


class Shape:
    """What a value must be. `read` returns the cleaned value, or NOTHING after reporting why not."""

    keeps_blanks = False  # whether a template blank stands in for the value (text only)

    @property
    def expected(self) -> str:
        """What the value must be, in Vietnamese, for "'key' phải là …"."""
        raise NotImplementedError

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        raise NotImplementedError

    def schema(self, context: Mapping[str, object]) -> dict:
        """This shape as JSON Schema; `context` holds the values that come from the project."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Shape):
    """Plain text on one line or many, stripped, at most `limit` characters; a number written is taken as text."""

    limit: int
    prose: bool = False  # paragraphs (a story), where zero-width joiners have their use: see text.hidden_character
    examples: str = ""  # the name of a list in the schema context to offer as examples (province names)
    # A pattern for editors only: the reader checks such text itself, and says more than "no match" (a
    # record id that names no record gets the likely id; an image file name, the types published).
    pattern: str = ""
    keeps_blanks = True
    expected = msg.EXPECTED_TEXT

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not str:
            if value is None:  # an empty item of a list
                checker.problem(line, msg.EMPTY_TEXT.format(key=key))
                return NOTHING
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                checker.wrong_type(key, self.expected, value, line)
                return NOTHING
            value = str(value)
        value = value.strip()
        if not value:
            checker.problem(line, msg.EMPTY_TEXT.format(key=key))
            return NOTHING
        hidden = hidden_character_problem(key, value, prose=self.prose)
        if hidden:
            checker.problem(line, hidden)
            return NOTHING
        if len(value) > self.limit:
            checker.problem(line, msg.TEXT_TOO_LONG.format(key=key, length=len(value), limit=self.limit))
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        out = {"type": "string", "minLength": 1, "maxLength": self.limit}
        if self.pattern:
            out["pattern"] = self.pattern
        if self.examples:
            out["examples"] = list(context[self.examples])
        return out


@dataclass(frozen=True)
class Url(Text):
    """A full http:// or https:// address; with `plain`, one that also matches that stricter pattern
    (said by the `not_plain` message, {value})."""

    plain: str = ""
    not_plain: str = ""
    keeps_blanks = False

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        value = super().read(checker, key, value, line)
        if value is NOTHING:
            return value
        if not is_web_address(value):
            checker.problem(line, msg.BAD_URL.format(value=value))
            return NOTHING
        if self.plain and not re.match(self.plain, value):
            checker.problem(line, self.not_plain.format(value=value))
            return NOTHING
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        return {"type": "string", "maxLength": self.limit, "pattern": self.plain or r"^https?://\S+$"}


@dataclass(frozen=True)
class Choice(Shape):
    """One of a fixed list of values, or of a list the project gives (`source`, a key of the checker's choices)."""

    values: tuple[str, ...] = ()
    source: str = ""
    bad: str = msg.BAD_CHOICE  # the message for another value: {key}, {value}, {choices}
    bad_suggest: str = ""  # when given, the message with the closest value: {suggestion}
    label: str = ""  # what it must be, when "one of …" is not the best way to say it

    @property
    def expected(self) -> str:
        return self.label or msg.EXPECTED_CHOICE.format(choices=", ".join(self.values))

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not str:
            checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        value = value.strip()
        options = checker.choices[self.source] if self.source else self.values
        if value in options:
            return value
        close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6) if self.bad_suggest else []
        template = self.bad_suggest if close else self.bad
        checker.problem(line, template.format(key=key, value=value, choices=", ".join(options),
                                              suggestion=close[0] if close else ""))
        return NOTHING

    def schema(self, context: Mapping[str, object]) -> dict:
        if not self.source:
            return {"enum": list(self.values)}
        labels: Mapping[str, str] = context[self.source]
        return {"enum": list(labels), "description": "; ".join(f"{k}: {v}" for k, v in labels.items())}


@dataclass(frozen=True)
class Integer(Shape):
    """A whole number from `low` to `high`."""

    low: int
    high: int

    @property
    def expected(self) -> str:
        return msg.EXPECTED_INTEGER.format(low=self.low, high=self.high)

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not int:
            if type(value) is str and odd_number(value):  # such as 0x10 or 1_000: see yamlfile._scalar
                checker.problem(line, msg.YAML_NOT_DECIMAL.format(value=value))
            else:
                checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        if not self.low <= value <= self.high:
            checker.problem(line, msg.NUMBER_RANGE.format(key=key, value=value, low=self.low, high=self.high))
            return NOTHING
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True)
class Year(Shape):
    """A year from `low` to the build date's year and `grace` years more (a record written early in a year
    is checked before any commit of that year exists), or to `latest` when no build date is known."""

    low: int
    grace: int
    latest: int
    expected = msg.EXPECTED_YEAR

    def high(self, today: dt.date | None) -> int:
        return today.year + self.grace if today else self.latest

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not int:
            if type(value) is str and odd_number(value):  # such as 2_020 or 0x7E4: see yamlfile._scalar
                checker.problem(line, msg.YEAR_NOT_DECIMAL.format(key=key, value=value))
            else:
                checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        high = self.high(checker.today)
        if not self.low <= value <= high:
            checker.problem(line, msg.YEAR_RANGE.format(value=value, low=self.low, high=high))
            return NOTHING
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        return {"type": "integer", "minimum": self.low, "maximum": self.latest}


@dataclass(frozen=True)
class Date(Shape):
    """A calendar day, written YEAR-MONTH-DAY (as a YAML date or as text), not before `first_year` when given."""

    first_year: int | None = None
    expected = msg.EXPECTED_DATE

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if isinstance(value, dt.datetime):
            value = value.date()
        elif type(value) is str:
            text = value.strip()
            try:
                if not _ISO_DATE.fullmatch(text):
                    raise ValueError(text)
                value = dt.date.fromisoformat(text)
            except ValueError:
                checker.problem(line, msg.BAD_DATE_TEXT.format(key=key, value=value))
                return NOTHING
        elif not isinstance(value, dt.date):
            checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        if self.first_year is not None and value.year < self.first_year:
            checker.problem(line, msg.DATE_TOO_EARLY.format(key=key, value=value.isoformat(), low=self.first_year))
            return NOTHING
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Flag(Shape):
    """true or false."""

    expected = msg.EXPECTED_FLAG

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not bool:
            checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        return value

    def schema(self, context: Mapping[str, object]) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class ListOf(Shape):
    """A list whose items all have one shape; each item is checked on its own line."""

    item: Shape
    min_items: int = 0
    unique: str = ""  # the message for an item written twice ({key}, {value}, {first}); "" where that is fine
    single: bool = False  # one item may also be written alone, without the list
    label: str = ""  # what it must be, when "danh sách" is not the best way to say it

    @property
    def expected(self) -> str:
        if self.label:
            return self.label
        if isinstance(self.item, Table):
            return msg.EXPECTED_LIST_OF_TABLES.format(keys=self.item.listed)
        return msg.EXPECTED_LIST

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not YList:
            if not self.single or isinstance(value, (dict, list)):
                checker.wrong_type(key, self.expected, value, line)
                return NOTHING
            value = _alone(value, line)
        if len(value) < self.min_items:
            checker.problem(line, msg.EMPTY_LIST.format(key=key) if self.min_items == 1 else
                            msg.TOO_FEW_ITEMS.format(key=key, count=self.min_items))
        out = YList()
        out.line, out.item_lines = value.line, []
        item, lines = self.item, value.item_lines
        table = item if isinstance(item, Table) else None
        seen: dict[object, int] | None = {} if self.unique else None
        for i, raw in enumerate(value):
            at = lines[i]
            if table is not None:
                if type(raw) is not YMap:
                    checker.wrong_type(key, self.expected, raw, at)
                    continue
                cleaned, complete = table.read_map(checker, raw, at, "")
                cleaned = cleaned if complete else NOTHING
            else:
                cleaned = checker.value(item, key, raw, at)
            if cleaned is NOTHING:
                continue
            if seen is not None:
                if cleaned in seen:
                    checker.problem(at, self.unique.format(key=key, value=cleaned, first=seen[cleaned]))
                    continue
                seen[cleaned] = at
            out.append(cleaned)
            out.item_lines.append(at)
        return out

    def schema(self, context: Mapping[str, object]) -> dict:
        out: dict = {"type": "array", "items": self.item.schema(context)}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.unique:
            out["uniqueItems"] = True
        return {"anyOf": [self.item.schema(context), out]} if self.single else out


def _alone(value: object, line: int) -> YList:
    """One item written without its list, as a list of one."""
    out = YList([value])
    out.line, out.item_lines = line, [line]
    return out


@dataclass(frozen=True)
class MapOf(Shape):
    """A table whose keys are chosen by the user (the fields taxonomy: key → label), all with one shape."""

    value: Shape
    key_pattern: re.Pattern
    bad_key: str  # the message for a key that does not match: {key}, {suggestion} (the key as a slug)
    fallback_key: str  # the suggestion when the key gives no slug at all
    min_items: int = 0
    expected = msg.EXPECTED_MAPPING

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is YList and not value:
            value = None  # `fields: []` is an empty taxonomy, not another kind of value
        elif type(value) is not YMap:
            checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        if not value:
            if self.min_items:
                checker.problem(line, msg.EMPTY_LIST.format(key=key))
            return NOTHING
        out = YMap()
        out.line, out.key_lines = value.line, value.key_lines
        for name, raw in value.items():
            at = value.key_lines[name]
            if not self.key_pattern.match(name):
                checker.problem(at, self.bad_key.format(key=name, suggestion=slugify(name) or self.fallback_key))
                continue
            cleaned = checker.value(self.value, name, raw, at)
            if cleaned is not NOTHING:
                out[name] = cleaned
        return out

    def schema(self, context: Mapping[str, object]) -> dict:
        out = {"type": "object", "propertyNames": {"pattern": self.key_pattern.pattern},
               "additionalProperties": self.value.schema(context)}
        if self.min_items:
            out["minProperties"] = self.min_items
        return out


@dataclass(frozen=True)
class Key:
    """One key of a table: its shape, whether it is required, and what it means."""

    name: str
    shape: Shape
    meaning: str  # a few Vietnamese words saying what it holds, for messages: "tóm tắt", "tỉnh/thành"
    help: str = ""  # a sentence or two in Vietnamese for the editor's hover (the meaning when empty)
    required: bool | tuple[str, ...] = False  # True, or the variants that require it
    only: tuple[str, ...] = ()  # the variants it belongs to; empty: every variant
    vietnamese: tuple[str, ...] = ()  # how it may be written in Vietnamese ("tóm tắt"), to suggest this key
    default: object = None  # the value when absent, for the reader and the schema

    def required_for(self, variant: str | None) -> bool:
        """Whether the key is required in the variant (None: when the variant is not known)."""
        if variant is None:
            return self.required is True and not self.only
        if self.only and variant not in self.only:
            return False
        return self.required is True or (isinstance(self.required, tuple) and variant in self.required)


@dataclass
class _View:
    """A table's keys as one variant sees them, worked out once."""

    keys: dict[str, Key]
    required: tuple[Key, ...]
    elsewhere: dict[str, tuple[str, ...]]  # keys of the other variants → the variants they belong to
    inside: dict[str, str]  # keys of a table within → the key they belong inside (an indentation slip)
    vietnamese: dict[str, str]  # a key written in Vietnamese, as a slug → the key meant
    listed: str  # the keys, for the message about an unknown key


@dataclass(frozen=True)
class Table(Shape):
    """A table of named keys; unknown keys are refused (they are usually typos).

    With `variant_key`, the value of that key (a record's kind) chooses which keys belong
    (`Key.only`) and which are required (`Key.required`); `variants` names each variant in Vietnamese.
    """

    keys: tuple[Key, ...]
    variant_key: str = ""
    variants: Mapping[str, str] = field(default_factory=dict)

    @property
    def expected(self) -> str:
        return msg.EXPECTED_TABLE.format(keys=self.listed)

    @cached_property
    def listed(self) -> str:
        return ", ".join(k.name for k in self.keys)

    def key(self, name: str) -> Key:
        return self.by_name[name]

    @cached_property
    def by_name(self) -> dict[str, Key]:
        return {k.name: k for k in self.keys}

    @cached_property
    def _views(self) -> dict[tuple[str | None, bool], _View]:
        variants: list[str | None] = [None, *self.variants]
        return {(v, written): self._view(v, written) for v in variants for written in (False, True)}

    def _view(self, variant: str | None, written: bool) -> _View:
        keys = {k.name: k for k in self.keys if variant is None or not k.only or variant in k.only}
        required = tuple(sorted((k for k in keys.values() if k.required_for(variant)
                                 and not (variant is None and written and k.name == self.variant_key)),
                                key=lambda k: k.name))
        elsewhere = {k.name: k.only for k in self.keys if k.name not in keys}
        # A key of an inner table, written at this level: the one table it belongs to, a table under a
        # key (site:) before the items of a list (mirrors:), since items are rarely unindented whole.
        inside: dict[str, tuple[int, str | None]] = {}
        for k in keys.values():
            in_list = isinstance(k.shape, ListOf)
            inner = k.shape.item if in_list else k.shape
            if isinstance(inner, Table):
                for name in inner.by_name:
                    if name in keys:
                        continue
                    rank, parent = inside.get(name, (2, None))
                    if int(in_list) < rank:
                        inside[name] = (int(in_list), k.name)
                    elif int(in_list) == rank:
                        inside[name] = (rank, None)  # ambiguous: no hint
        vietnamese = {slugify(word): k.name for k in keys.values() for word in k.vietnamese}
        return _View(keys, required, elsewhere, {n: p for n, (_, p) in inside.items() if p}, vietnamese,
                     ", ".join(keys))

    def read(self, checker: Checker, key: str, value: object, line: int) -> object:
        if type(value) is not YMap:
            checker.wrong_type(key, self.expected, value, line)
            return NOTHING
        cleaned, complete = self.read_map(checker, value, line, key + ".")
        return cleaned if complete else NOTHING

    def read_map(self, checker: Checker, m: YMap, line: int, prefix: str) -> tuple[YMap, bool]:
        """The checked values of `m`, and whether every required key has a good value.

        `line` is where a missing key is reported (where the table is named); `prefix` names the
        table in front of a missing key ("site.name"); items of a list need none, their line says it.
        """
        out = YMap()
        out.line, out.key_lines = m.line, m.key_lines
        variant = None
        lines = m.key_lines
        if self.variant_key:
            raw = m.get(self.variant_key)
            if raw is not None:
                variant = checker.value(self.by_name[self.variant_key].shape, self.variant_key, raw,
                                        lines[self.variant_key])
                if variant is NOTHING:
                    variant = None
                else:
                    out[self.variant_key] = variant
            view = self._views[variant, raw is not None]
        else:
            view = self._views[None, False]
        keys = view.keys
        for name, raw in m.items():
            k = keys.get(name)
            if k is None:
                self._unknown(checker, name, lines[name], view, variant)
            elif raw is not None and name != self.variant_key:
                cleaned = checker.value(k.shape, name, raw, lines[name])
                if cleaned is not NOTHING:
                    out[name] = cleaned
        complete = True
        for k in view.required:
            if k.name not in out:
                complete = False
                if m.get(k.name) is None:  # absent: where the table is named; written with no value: its line
                    checker.problem(lines.get(k.name, line), msg.MISSING_KEY.format(key=prefix + k.name,
                                                                                   meaning=k.meaning))
        return out, complete

    def _unknown(self, checker: Checker, name: str, line: int, view: _View, variant: str | None) -> None:
        if name in view.elsewhere:
            checker.problem(line, msg.KEY_OTHER_KIND.format(
                key=name, kinds=", ".join(self.variants[v] for v in view.elsewhere[name]),
                kind=self.variants[variant]))
            return
        if name in view.inside:
            checker.problem(line, msg.KEY_NOT_INDENTED.format(key=name, parent=view.inside[name]))
            return
        meant = view.vietnamese.get(slugify(name))
        close = [meant] if meant else difflib.get_close_matches(name, list(view.keys), n=1, cutoff=0.6)
        if close:
            checker.problem(line, msg.UNKNOWN_KEY_SUGGEST.format(key=name, suggestion=close[0]))
        elif len(view.keys) <= _LISTED_KEYS:
            checker.problem(line, msg.UNKNOWN_KEY_LIST.format(key=name, keys=view.listed))
        else:
            checker.problem(line, msg.UNKNOWN_KEY.format(key=name))

    def schema(self, context: Mapping[str, object]) -> dict:
        out: dict = {"type": "object", "additionalProperties": False}
        required = [k.name for k in self.keys if k.required_for(None)]
        if required:
            out["required"] = required
        out["properties"] = {k.name: _key_schema(k, context) for k in self.keys}
        if self.variants:
            out["allOf"] = [self._variant_schema(v) for v in self.variants]
        return out

    def _variant_schema(self, variant: str) -> dict:
        then: dict = {}
        required = [k.name for k in self.keys if k.required_for(variant) and not k.required_for(None)]
        if required:
            then["required"] = required
        forbidden = {k.name: False for k in self.keys if k.only and variant not in k.only}
        if forbidden:
            then["properties"] = forbidden
        return {"if": {"properties": {self.variant_key: {"const": variant}}, "required": [self.variant_key]},
                "then": then}


def _key_schema(key: Key, context: Mapping[str, object]) -> dict:
    shape = key.shape.schema(context)
    out = {"description": key.help or key.meaning} | {k: v for k, v in shape.items() if k != "description"}
    if key.default is not None:
        out["default"] = key.default
    return out


@dataclass(frozen=True)
class Format:
    """A file format: its table of keys, and the title and description its editor schema shows."""

    name: str
    title: str
    help: str
    table: Table

    def check(self, tree: YMap, checker: Checker) -> YMap:
        """The checked values of a file's tree; every problem is on `checker`."""
        return self.table.read_map(checker, tree, tree.line, "")[0]

    def json_schema(self, context: Mapping[str, object]) -> dict:
        """The format as a JSON Schema (draft 7) document, for editors."""
        return {"$schema": "http://json-schema.org/draft-07/schema#", "$id": f"{self.name}.schema.json",
                "title": self.title, "description": self.help} | self.table.schema(context)


def read_checked(root: Path, path: Path, limit: int, fmt: Format, checker: Checker) -> YMap | None:
    """Read a YAML file of the project `root` (see inputs.read_input: at most `limit` bytes) and check it
    against its format: its checked values, or None when it cannot be read as YAML at all. Every
    problem, duplicate keys included, goes on `checker`."""
    try:
        tree, duplicates = load_file(root, path, limit)
    except FileProblem as err:
        checker.problem(err.line, err.message)
        return None
    for dup in duplicates:
        checker.problem(dup.line, msg.YAML_DUPLICATE_KEY.format(key=dup.key, first=dup.first))
    return fmt.check(tree, checker)
