"""The record model and its loader: YAML files under ``models/`` in, typed records (or problems) out."""
from __future__ import annotations

import datetime as dt
import difflib
import enum
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import images
from . import messages as msg
from .config import SiteConfig
from .inputs import RECORD_LIMIT, FileProblem, input_files
from .places import PlaceIndex, PlaceMatch, Province, load_places
from .problems import Problem
from .text import SLUG_PATTERN, hidden_character_problem, is_web_address, slugify
from .yamlfile import YList, YMap, load_file, odd_number

log = logging.getLogger(__name__)

ID_PATTERN = SLUG_PATTERN  # a record's id is its file name and its URL slug
SUMMARY_LIMIT = 400
SHORT_TEXT_LIMIT = 300
LONG_TEXT_LIMIT = 100_000
PROSE_KEYS = {"story", "retelling", "text"}  # text of paragraphs, not of one line (see text.hidden_character)
FIRST_YEAR = 2000
TEACHING_LEVELS = ("tieu-hoc", "thcs", "thpt", "nguoi-lon")


class Kind(str, enum.Enum):
    INDIVIDUAL = "individual"
    """Cá nhân: a person."""
    COLLECTIVE = "collective"
    """Tập thể: a party cell, a committee, a cooperative, a company…"""
    PRACTICE = "practice"
    """Mô hình: a good-practice model such as "3 nên, 3 không"."""

    @property
    def label(self) -> str:
        return msg.KIND_LABELS[self.value]


@dataclass(frozen=True)
class Place:
    province: str  # as written in the record
    current: Province  # the unit it belongs to now
    former: str | None  # the former unit's official name, when the record names one
    district: str | None = None
    commune: str | None = None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None = None
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Award:
    name: str
    year: int | None = None
    by: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    by: str | None = None


@dataclass(frozen=True)
class Image:
    file: str  # relative to the project root, forward slashes
    alt: str
    caption: str | None = None
    credit: str | None = None
    web: images.WebCopy = field(kw_only=True)  # what is published: size and type of the web-sized copy


@dataclass(frozen=True)
class Teaching:
    levels: tuple[str, ...] = ()
    retelling: str | None = None
    questions: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """A link from one record to another, as written, to check once every record is read."""

    path: str
    key: str
    line: int
    value: str
    kinds: tuple[Kind, ...]
    free_text: bool  # whether text that is not an id is allowed (organization, origin)


@dataclass(kw_only=True)
class Record:
    id: str
    kind: Kind
    path: str  # relative to the project root
    name: str
    summary: str
    place: Place
    fields: tuple[str, ...]
    year: int
    sources: tuple[Source, ...]
    story: str | None = None
    achievements: tuple[str, ...] = ()
    awards: tuple[Award, ...] = ()
    quotes: tuple[Quote, ...] = ()
    images: tuple[Image, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    teaching: Teaching | None = None
    draft: bool = False
    publish_after: dt.date | None = None
    published: dt.date | None = None  # first publication, when it should not come from git
    placeholders: int = 0  # blanks still to fill in; only drafts may have any


@dataclass(kw_only=True)
class Individual(Record):
    role: str
    honorifics: tuple[str, ...] = ()
    organization: str | None = None  # text as written, or a collective's id
    organization_id: str | None = None  # set when `organization` names a collective record


@dataclass(kw_only=True)
class Collective(Record):
    unit_type: str | None = None
    members: tuple[str, ...] = ()


@dataclass(kw_only=True)
class Practice(Record):
    components: tuple[Component, ...]
    aliases: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()  # record ids or free text, as written
    origin_ids: tuple[str, ...] = ()  # those entries of `origin` that name records


COMMON_KEYS = {
    "kind": "loại: individual, collective hoặc practice", "name": "tên", "summary": "tóm tắt",
    "story": "câu chuyện", "place": "địa phương", "fields": "lĩnh vực", "year": "năm",
    "sources": "nguồn", "achievements": None, "awards": None, "quotes": None, "images": None,
    "related": None, "tags": None, "teaching": None, "draft": None, "publish_after": None,
    "published": None,
}
KIND_KEYS = {
    Kind.INDIVIDUAL: {"role": "chức vụ hoặc nghề nghiệp", "honorifics": None, "organization": None},
    Kind.COLLECTIVE: {"unit_type": None, "members": None},
    Kind.PRACTICE: {"components": "các nhóm nội dung của mô hình", "aliases": None, "origin": None},
}
# Keys written in Vietnamese (compared as slugs: "Tóm tắt" → "tom-tat"), for the suggestion.
VIETNAMESE_KEYS = {
    "loai": "kind", "ten": "name", "tom-tat": "summary", "cau-chuyen": "story", "dia-phuong": "place",
    "dia-diem": "place", "linh-vuc": "fields", "nam": "year", "nguon": "sources", "thanh-tich": "achievements",
    "ket-qua": "achievements", "khen-thuong": "awards", "trich-dan": "quotes", "anh": "images",
    "hinh-anh": "images", "lien-quan": "related", "the": "tags", "tu-khoa": "tags", "giang-day": "teaching",
    "nhap": "draft", "ban-nhap": "draft", "chuc-vu": "role", "nghe-nghiep": "role", "danh-hieu": "honorifics",
    "to-chuc": "organization", "don-vi": "organization", "loai-don-vi": "unit_type", "thanh-vien": "members",
    "noi-dung": "components", "ten-khac": "aliases", "nguon-goc": "origin", "tinh": "province",
    "tinh-thanh": "province", "huyen": "district", "xa": "commune", "phuong": "commune", "tieu-de": "title",
    "nha-xuat-ban": "publisher", "co-quan": "publisher", "duong-dan": "url", "lien-ket": "url", "ngay": "date",
    "tep": "file", "mo-ta": "alt", "chu-thich": "caption", "tac-gia": "credit", "cap-hoc": "levels",
    "ke-lai": "retelling", "cau-hoi": "questions", "hoat-dong": "activities", "nhom": "label", "cac-muc": "items",
}
# Keys that only belong inside another key: at the wrong level they are usually an indentation slip.
NESTED_KEYS = {
    "province": "place", "district": "place", "commune": "place", "title": "sources", "publisher": "sources",
    "url": "sources", "label": "components", "items": "components", "levels": "teaching",
    "retelling": "teaching", "questions": "teaching", "activities": "teaching", "file": "images",
    "alt": "images", "caption": "images",
}
REQUIRED = {"kind", "name", "summary", "place", "fields", "year", "sources"}
REQUIRED_BY_KIND = {
    Kind.INDIVIDUAL: {"story", "role"}, Kind.COLLECTIVE: {"story"}, Kind.PRACTICE: {"components"},
}

_NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
# After "mười"/"mươi" the units read differently: "mười lăm" 15, "hai mươi mốt" 21, "hai mươi tư" 24.
_UNITS_AFTER_TENS = {k: v for k, v in _NUMBER_WORDS.items() if k not in ("một", "năm", "mười")} | {
    "mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5,
}
# A number followed by one of these is not a count of items: "Một số nội dung", "Năm 2023", "Năm học",
# "Một cửa", "3 năm liền".
_NOT_A_COUNT = {"số", "vài", "cửa", "lòng", "chút", "học", "nay", "qua", "tới", "sau", "trước", "mới", "đầu",
                "cuối", "năm", "tháng", "tuần", "ngày", "giờ", "tuổi", "lần"}
_LEADING_DIGITS = re.compile(r"^\s*(\d{1,2})(?=\s|$|[^\d.,:])")
_WORDS = re.compile(r"\d+|[^\W\d_]+")
# A blank left to fill in, as `guongsang new` writes them: "[ĐIỀN: một hai câu tóm tắt]".
PLACEHOLDER = re.compile(r"^\s*\[\s*ĐIỀN\b", re.IGNORECASE)


def is_placeholder(value: object) -> bool:
    """Whether a value is a template blank that nobody has filled in yet."""
    return isinstance(value, str) and PLACEHOLDER.match(value) is not None


def expected_count(label: str) -> int | None:
    """How many items a component label promises: '4 đúng' → 4, 'Ba nên' → 3, 'Nội dung' → None."""
    words = _WORDS.findall(unicodedata.normalize("NFC", label).lower())
    found = _LEADING_DIGITS.match(label)
    if found:
        count, rest = int(found.group(1)), words[1:]
    else:
        if len(words) < 2 or words[0] not in _NUMBER_WORDS:
            return None
        count, rest = _NUMBER_WORDS[words[0]], words[1:]
        if count == 10 and rest[0] in _UNITS_AFTER_TENS:
            count, rest = 10 + _UNITS_AFTER_TENS[rest[0]], rest[1:]
        elif count < 10 and rest[0] == "mươi":
            count, rest = count * 10, rest[1:]
            if rest and rest[0] in _UNITS_AFTER_TENS:
                count, rest = count + _UNITS_AFTER_TENS[rest[0]], rest[1:]
        if not rest:
            return None  # a number alone ("Mười hai") names nothing to count
    if rest and (rest[0] in _NOT_A_COUNT or rest[0].isdigit()):
        return None
    return count


class _FileReader:
    """Turns one record file's mapping into a typed record, collecting problems as it goes."""

    def __init__(self, root: Path, rel: str, config: SiteConfig, places: PlaceIndex):
        self.root, self.rel, self.config, self.places = root, rel, config, places
        self.problems: list[Problem] = []
        self.refs: list[Reference] = []
        self.placeholders: list[tuple[int, str]] = []  # (line, key) of each blank left to fill in

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel, line, message))

    # -- typed accessors: each returns the value or None, and reports what is wrong ---------------

    def get(self, m: YMap, key: str, types: tuple[type, ...], expected: str) -> object:
        if key not in m or m[key] is None:
            return None
        value = m[key]
        if is_placeholder(value):
            self.placeholders.append((m.line_of(key), key))
            return value if str in types else None
        if isinstance(value, bool) and bool not in types:
            self.problem(m.line_of(key), msg.WRONG_TYPE.format(key=key, expected=expected, found="true/false"))
            return None
        if not isinstance(value, types):
            self.problem(m.line_of(key), msg.WRONG_TYPE.format(key=key, expected=expected,
                                                               found=msg.type_label(value)))
            return None
        return value

    def text(self, m: YMap, key: str, limit: int = SHORT_TEXT_LIMIT, line: int | None = None) -> str | None:
        value = self.get(m, key, (str, int, float), "chữ")
        if value is None:
            return None
        line = m.line_of(key) if line is None else line
        value = str(value).strip()
        if not value:
            self.problem(line, msg.EMPTY_TEXT.format(key=key))
            return None
        hidden = hidden_character_problem(key, value, prose=key in PROSE_KEYS)
        if hidden:
            self.problem(line, hidden)
            return None
        if len(value) > limit:
            self.problem(line, msg.TEXT_TOO_LONG.format(key=key, length=len(value), limit=limit))
        return value

    def items(self, m: YMap, key: str) -> list[tuple[object, int]]:
        """A list's items with their lines; a single value where a list is expected is an error."""
        value = self.get(m, key, (list,), "danh sách")
        if value is None:
            return []
        assert isinstance(value, YList)
        return [(item, value.line_of(i)) for i, item in enumerate(value)]

    def text_list(self, m: YMap, key: str, limit: int = SHORT_TEXT_LIMIT) -> tuple[str, ...]:
        out = []
        for item, line in self.items(m, key):
            holder = _single(key, item, line)
            value = self.text(holder, key, limit)
            if value is not None:
                out.append(value)
        return tuple(out)

    def mapping_list(self, m: YMap, key: str) -> list[YMap]:
        out = []
        for item, line in self.items(m, key):
            if not isinstance(item, YMap):
                self.problem(line, msg.WRONG_TYPE.format(key=key, expected="danh sách các bảng khóa: giá trị",
                                                         found=msg.type_label(item)))
                continue
            out.append(item)
        return out

    def date(self, m: YMap, key: str) -> dt.date | None:
        value = self.get(m, key, (dt.date, str), "ngày")
        if isinstance(value, dt.datetime):
            return value.date()
        if is_placeholder(value):
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                self.problem(m.line_of(key), msg.BAD_DATE_TEXT.format(key=key, value=value))
                return None
        return value

    def year(self, m: YMap, key: str) -> int | None:
        written = m.get(key)
        if isinstance(written, str) and odd_number(written):  # such as 2_020: see yamlfile._scalar
            self.problem(m.line_of(key), msg.YEAR_NOT_DECIMAL.format(key=key, value=written))
            return None
        value = self.get(m, key, (int,), "số nguyên (năm, ví dụ 2021)")
        if value is None:
            return None
        high = dt.date.today().year
        if not FIRST_YEAR <= value <= high:
            self.problem(m.line_of(key), msg.YEAR_RANGE.format(value=value, low=FIRST_YEAR, high=high))
            return None
        return value

    def url(self, m: YMap, key: str) -> str | None:
        value = self.text(m, key, limit=2000)
        if value is None:
            return None
        if not is_web_address(value):
            self.problem(m.line_of(key), msg.BAD_URL.format(value=value))
            return None
        return value

    def check_keys(self, m: YMap, allowed: dict, required: set[str], kind: Kind | None = None,
                   line: int | None = None) -> None:
        for key in m:
            if key in allowed:
                continue
            other = [k for k, keys in KIND_KEYS.items() if key in keys]
            if kind is not None and other:
                self.problem(m.line_of(key), msg.KEY_OTHER_KIND.format(
                    key=key, kinds=", ".join(k.label for k in other), kind=kind.label))
                continue
            parent = NESTED_KEYS.get(key)
            if parent in allowed:
                self.problem(m.line_of(key), msg.KEY_NOT_INDENTED.format(key=key, parent=parent))
                continue
            meant = VIETNAMESE_KEYS.get(slugify(key))
            close = [meant] if meant in allowed else difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
            template = msg.UNKNOWN_KEY_SUGGEST if close else msg.UNKNOWN_KEY
            self.problem(m.line_of(key), template.format(key=key, suggestion=close[0] if close else ""))
        for key in sorted(required):
            if m.get(key) is None:  # absent: where the map starts; written with no value: its own line
                where = m.line_of(key) if key in m else m.line if line is None else line
                self.problem(where, msg.MISSING_KEY.format(key=key, meaning=allowed.get(key) or key))

    # -- the record ------------------------------------------------------------------------------

    def read(self, m: YMap, record_id: str) -> Record | None:
        kind_value = m.get("kind")
        try:
            kind = Kind(kind_value) if isinstance(kind_value, str) else None
        except ValueError:
            kind = None
        if kind is None and kind_value is not None:
            self.problem(m.line_of("kind"), msg.BAD_KIND.format(value=kind_value))
        allowed = dict(COMMON_KEYS) | (KIND_KEYS[kind] if kind else {})
        required = REQUIRED | (REQUIRED_BY_KIND[kind] if kind else set())
        if kind is None:
            allowed |= {k: v for keys in KIND_KEYS.values() for k, v in keys.items()}
            required.discard("kind") if kind_value is not None else None
        self.check_keys(m, allowed, required, kind)

        common = dict(
            id=record_id, path=self.rel,
            name=self.text(m, "name"),
            summary=self.text(m, "summary", SUMMARY_LIMIT),
            story=self.text(m, "story", LONG_TEXT_LIMIT),
            place=self.place(m),
            fields=self.fields(m),
            year=self.year(m, "year"),
            sources=self.sources(m),
            achievements=self.text_list(m, "achievements", 2000),
            awards=self.awards(m),
            quotes=tuple(Quote(q["text"], q.get("by")) for _, q in self.sub_maps(m, "quotes", {"text", "by"}, {"text"})),
            images=self.images(m),
            related=self.text_list(m, "related", 120),
            tags=self.text_list(m, "tags", 80),
            teaching=self.teaching(m),
            draft=bool(self.get(m, "draft", (bool,), "true hoặc false")),
            publish_after=self.date(m, "publish_after"),
            published=self.date(m, "published"),
        )
        if common["published"] and common["published"].year < FIRST_YEAR:
            self.problem(m.line_of("published"), msg.PUBLISHED_TOO_EARLY.format(
                value=common["published"].isoformat(), low=FIRST_YEAR))
        for key in ("fields", "sources"):
            blank = any(k == key for _, k in self.placeholders)
            if isinstance(m.get(key), list) and not m[key] and not blank:
                self.problem(m.line_of(key), msg.EMPTY_LIST.format(key=key))
        self.reference(m, "related", tuple(Kind), free_text=False)
        if kind is Kind.INDIVIDUAL:
            self.reference(m, "organization", (Kind.COLLECTIVE,), free_text=True, many=False)
            record = Individual(kind=kind, role=self.text(m, "role"),
                                honorifics=self.text_list(m, "honorifics", 120),
                                organization=self.text(m, "organization"), **common)
        elif kind is Kind.COLLECTIVE:
            self.reference(m, "members", (Kind.INDIVIDUAL,), free_text=False)
            record = Collective(kind=kind, unit_type=self.text(m, "unit_type", 120),
                                members=self.text_list(m, "members", 120), **common)
        elif kind is Kind.PRACTICE:
            self.reference(m, "origin", (Kind.INDIVIDUAL, Kind.COLLECTIVE), free_text=True)
            origin = self.text_list(m, "origin") if isinstance(m.get("origin"), list) else (
                (self.text(m, "origin"),) if m.get("origin") is not None else ())
            record = Practice(kind=kind, components=self.components(m), aliases=self.text_list(m, "aliases"),
                              origin=tuple(o for o in origin if o), **common)
        if kind is None or self.problems or not self.blanks_allowed(common["draft"]):
            return None
        if self.placeholders and not (common["place"] and common["fields"] and common["year"]):
            log.info(msg.DRAFT_NOT_PREVIEWED.format(path=self.rel, count=len(self.placeholders)))
            return None  # a draft too empty to show: it passes check, but is not a record yet
        record.placeholders = len(self.placeholders)
        return record

    def blanks_allowed(self, draft: bool) -> bool:
        """Template blanks are fine in a draft; a record about to be published must have none."""
        if not draft:
            for line, key in self.placeholders:
                self.problem(line, msg.PLACEHOLDER_LEFT.format(key=key))
        return draft or not self.placeholders

    def reference(self, m: YMap, key: str, kinds: tuple[Kind, ...], free_text: bool, many: bool = True) -> None:
        """Note each id in `key` for checking once every file is read.

        Items that are not text (numbers) are links too; other wrong types are reported by the
        accessor that reads the key. A single text is a link only where text is allowed (organization, origin).
        """
        value = m.get(key)
        if isinstance(value, str) and free_text:
            self.refs.append(Reference(self.rel, key, m.line_of(key), value.strip(), kinds, free_text))
        elif isinstance(value, YList) and many:
            first: dict[str, int] = {}  # each id named, with its line: a record named twice would be shown twice
            for i, item in enumerate(value):
                if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                    named, line = str(item).strip(), value.line_of(i)
                    if named in first:
                        self.problem(line, msg.REF_TWICE.format(key=key, value=named, first=first[named]))
                        continue
                    first[named] = line
                    self.refs.append(Reference(self.rel, key, line, named, kinds, free_text))

    def place(self, m: YMap) -> Place | None:
        value = self.get(m, "place", (dict,), "bảng khóa (province, district, commune)")
        if value is None:
            return None
        self.check_keys(value, {"province": "tỉnh/thành", "district": None, "commune": None}, {"province"},
                        line=m.line_of("place"))
        written = self.text(value, "province", 120)
        district, commune = self.text(value, "district", 120), self.text(value, "commune", 120)
        if written is None or is_placeholder(written):
            return None
        found: PlaceMatch | None = self.places.resolve(written)
        if found is None:
            suggestion = self.places.suggest(written)
            template = msg.UNKNOWN_PROVINCE_SUGGEST if suggestion else msg.UNKNOWN_PROVINCE
            self.problem(value.line_of("province"), template.format(value=written, suggestion=suggestion))
            return None
        return Place(written, found.current, found.former, district, commune)

    def fields(self, m: YMap) -> tuple[str, ...]:
        out = []
        for item, line in self.items(m, "fields"):
            if is_placeholder(item):
                self.placeholders.append((line, "fields"))
            elif not isinstance(item, str):
                self.problem(line, msg.WRONG_TYPE.format(key="fields", expected="khóa lĩnh vực",
                                                         found=msg.type_label(item)))
            elif item not in self.config.fields:
                close = difflib.get_close_matches(item, list(self.config.fields), n=1, cutoff=0.6)
                template = msg.UNKNOWN_FIELD_SUGGEST if close else msg.UNKNOWN_FIELD
                self.problem(line, template.format(value=item, suggestion=close[0] if close else ""))
            elif item not in out:
                out.append(item)
        return tuple(out)

    def sub_maps(self, m: YMap, key: str, allowed: set[str],
                 required: set[str]) -> list[tuple[YMap, dict[str, str | None]]]:
        """A list of small maps, each checked for its keys, with its plain-text values read.

        Values that are not plain text (url, date, year) are left for the caller to read from the map.
        """
        out = []
        for item in self.mapping_list(m, key):
            self.check_keys(item, dict.fromkeys(allowed), required)
            values = {k: self.text(item, k, LONG_TEXT_LIMIT if k == "text" else SHORT_TEXT_LIMIT)
                      for k in allowed if k not in ("url", "date", "year")}
            if all(values.get(k) for k in required):
                out.append((item, values))
        return out

    def sources(self, m: YMap) -> tuple[Source, ...]:
        out = []
        for item, s in self.sub_maps(m, "sources", {"title", "publisher", "url", "date"}, {"title"}):
            out.append(Source(s["title"], s.get("publisher"), self.url(item, "url"), self.date(item, "date")))
        return tuple(out)

    def awards(self, m: YMap) -> tuple[Award, ...]:
        out = []
        for item, a in self.sub_maps(m, "awards", {"name", "year", "by"}, {"name"}):
            out.append(Award(a["name"], self.year(item, "year"), a.get("by")))
        return tuple(out)

    def images(self, m: YMap) -> tuple[Image, ...]:
        out = []
        record_dir = (self.root / self.rel).parent
        real_root = self.root.resolve()
        for item, i in self.sub_maps(m, "images", {"file", "alt", "caption", "credit"}, {"file", "alt"}):
            line = item.line_of("file")
            try:
                target = (record_dir / i["file"]).resolve()
                if not target.is_relative_to(real_root):
                    self.problem(line, msg.IMAGE_OUTSIDE.format(value=i["file"]))
                    continue
                if not target.is_file():
                    self.problem(line, msg.IMAGE_MISSING.format(value=i["file"]))
                    continue
                web = images.inspect(target, i["file"])
            except (OSError, ValueError):  # a name too long, a NUL byte, no permission...
                self.problem(line, msg.IMAGE_MISSING.format(value=i["file"]))
                continue
            except images.ImageProblem as problem:
                self.problem(line, str(problem))
                continue
            rel = target.relative_to(real_root).as_posix()
            out.append(Image(rel, i["alt"], i.get("caption"), i.get("credit"), web=web))
        return tuple(out)

    def teaching(self, m: YMap) -> Teaching | None:
        value = self.get(m, "teaching", (dict,), "bảng khóa (levels, retelling, questions, activities)")
        if value is None:
            return None
        self.check_keys(value, {"levels": None, "retelling": None, "questions": None, "activities": None}, set())
        levels = self.text_list(value, "levels", 40)
        for level in levels:
            if level not in TEACHING_LEVELS:
                self.problem(value.line_of("levels"), msg.BAD_LEVEL.format(value=level,
                                                                          choices=", ".join(TEACHING_LEVELS)))
        return Teaching(levels, self.text(value, "retelling", LONG_TEXT_LIMIT),
                        self.text_list(value, "questions", 1000), self.text_list(value, "activities", 2000))

    def components(self, m: YMap) -> tuple[Component, ...]:
        out = []
        for c in self.mapping_list(m, "components"):
            self.check_keys(c, {"label": "tên nhóm", "items": "các mục"}, {"label", "items"})
            label, items = self.text(c, "label"), self.text_list(c, "items", 1000)
            if label is None:
                continue
            expected = expected_count(label)
            if expected is not None and expected != len(items):
                self.problem(c.line_of("label"), msg.COUNT_MISMATCH.format(label=label, expected=expected,
                                                                            found=len(items)))
            out.append(Component(label, items))
        if "components" in m and not out and not self.problems:
            self.problem(m.line_of("components"), msg.EMPTY_LIST.format(key="components"))
        return tuple(out)


def _single(key: str, value: object, line: int) -> YMap:
    """Wrap one list item so the scalar accessors can check it with its own line."""
    holder = YMap({key: value})
    holder.line, holder.key_lines = line, {key: line}
    return holder


def record_files(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every record file under models/, sorted by path (see inputs.input_files for what is left out)."""
    return input_files(root, "models", "yml", misspelt=("yaml",))


def load_records(root: Path, config: SiteConfig) -> tuple[dict[str, Record], list[Problem]]:
    """Read and validate every record; return those that are valid and every problem found."""
    places = load_places()
    files, problems = record_files(root)
    records: dict[str, Record] = {}
    refs: list[Reference] = []
    known: dict[str, Kind | None] = {}  # every id read, valid or not, with its kind when it has a valid one
    first_path: dict[str, str] = {}
    for rel, path in files:
        record_id = path.name[:-4]
        reader = _FileReader(root, rel, config, places)
        if not ID_PATTERN.match(record_id):
            reader.problem(1, msg.BAD_ID.format(name=path.name, suggestion=slugify(record_id) or "ten-ban-ghi"))
        elif record_id in first_path:
            reader.problem(1, msg.DUPLICATE_ID.format(id=record_id, other=first_path[record_id]))
        else:
            first_path[record_id] = rel
        try:
            mapping, duplicates = load_file(root, path, RECORD_LIMIT)
        except FileProblem as err:
            problems.append(Problem(rel, err.line, err.message))
            problems.extend(reader.problems)
            known.setdefault(record_id, None)
            continue
        for dup in duplicates:
            reader.problem(dup.line, msg.YAML_DUPLICATE_KEY.format(key=dup.key, first=dup.first))
        record = reader.read(mapping, record_id)
        problems.extend(reader.problems)
        refs.extend(reader.refs)
        kind = mapping.get("kind")
        known.setdefault(record_id, Kind(kind) if isinstance(kind, str) and kind in Kind._value2member_map_ else None)
        if record is not None and not reader.problems:
            records[record_id] = record
    problems.extend(check_references(records, refs, known))
    return records, problems


class IdSuggester:
    """The id a mistyped id most likely meant, at a bounded cost however many ids and typos there are.

    Comparing one typo with 100,000 ids takes seconds, and a renamed record can leave thousands of
    links behind. So a typo is compared only with the ids that share its first or its last four
    characters (a typo rarely spoils both ends), each distinct typo once, and the comparisons of a
    whole run stop at `budget`: later typos get no suggestion. The result depends only on the input.
    """

    def __init__(self, ids: Iterable[str], budget: int = 100_000):
        self.heads: dict[str, list[str]] = defaultdict(list)
        self.tails: dict[str, list[str]] = defaultdict(list)
        for i in ids:
            self.heads[i[:4]].append(i)
            self.tails[i[-4:]].append(i)
        self.found: dict[str, str] = {}
        self.budget = budget

    def __call__(self, typo: str) -> str:
        """The likely id, or "" when there is none (or no budget left to look for one)."""
        if typo not in self.found:
            heads, tails = self.heads.get(typo[:4], ()), self.tails.get(typo[-4:], ())
            close = []
            if len(heads) + len(tails) <= self.budget:
                self.budget -= len(heads) + len(tails)
                close = difflib.get_close_matches(typo, set(heads) | set(tails), n=1, cutoff=0.7)
            self.found[typo] = close[0] if close else ""
        return self.found[typo]


def check_references(records: dict[str, Record], refs: list[Reference],
                     known: dict[str, Kind | None]) -> list[Problem]:
    """Links between records must name an existing record of the right kind.

    `known` holds every id read, valid or not, so a link to a record with its own problems is not
    reported twice. Links from valid records to valid records are resolved on the records.
    """
    problems: list[Problem] = []
    resolved: set[tuple[str, str, str]] = set()
    suggest = IdSuggester(known)
    for ref in refs:
        record_id = Path(ref.path).name[:-4]
        if ref.value not in known:
            if ref.free_text and not ID_PATTERN.match(ref.value):
                continue  # plain text, such as an organisation's name
            close = suggest(ref.value)
            template = msg.REF_MISSING_SUGGEST if close else msg.REF_MISSING
            problems.append(Problem(ref.path, ref.line, template.format(key=ref.key, value=ref.value,
                                                                        suggestion=close)))
        elif ref.value == record_id:
            problems.append(Problem(ref.path, ref.line, msg.REF_SELF.format(key=ref.key)))
        elif known[ref.value] is None:
            continue  # the record it names has its own problems, reported there
        elif known[ref.value] not in ref.kinds:
            problems.append(Problem(ref.path, ref.line, msg.REF_WRONG_KIND.format(
                key=ref.key, value=ref.value, expected=" hoặc ".join(f"bản ghi {k.label}" for k in ref.kinds),
                found=f"bản ghi {known[ref.value].label}")))
        else:
            resolved.add((record_id, ref.key, ref.value))
    for record in records.values():
        if isinstance(record, Individual) and (record.id, "organization", record.organization) in resolved:
            record.organization_id = record.organization
        if isinstance(record, Practice):
            record.origin_ids = tuple(o for o in record.origin if (record.id, "origin", o) in resolved)
    return problems
