"""The record model and its loader: YAML files under ``models/`` in, typed records (or problems) out.

The record format (keys, limits, required keys by kind) is described in formats.RECORD, which the
checker reads each file against; what is checked here needs more than the file: a province's name,
a component's count, an image on disk, links between records."""
from __future__ import annotations

import datetime as dt
import difflib
import enum
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import formats
from . import images
from . import messages as msg
from .cache import ContentCache, content_key, fingerprint, load_value
from .config import SiteConfig
from .formats import ID_PATTERN
from .inputs import RECORD_LIMIT, FileProblem, input_files, read_input
from .places import PlaceIndex, PlaceMatch, Province, load_places
from .problems import Problem
from .shapes import Checker, is_placeholder, read_checked
from .text import slugify
from .yamlfile import YMap

log = logging.getLogger(__name__)

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
    """Turns one record file into a typed record: the format's check, then the checks that need more."""

    def __init__(self, root: Path, rel: str, config: SiteConfig, places: PlaceIndex, today: dt.date | None):
        self.root, self.rel, self.places = root, rel, places
        self.checker = Checker(rel, choices={"fields": config.fields}, today=today)
        self.problems = self.checker.problems
        self.refs: list[Reference] = []
        self.image_states: list[tuple[str, str]] = []  # what each image was when read (see image_state)

    def problem(self, line: int, message: str) -> None:
        self.checker.problem(line, message)

    def read(self, path: Path, record_id: str) -> tuple[Record | None, Kind | None]:
        """The record, if it is valid and complete enough to show, and its kind if it has a valid one."""
        values = read_checked(self.root, path, RECORD_LIMIT, formats.RECORD, self.checker)
        if values is None:
            return None, None
        kind = Kind(values["kind"]) if "kind" in values else None
        place = self.place(values.get("place"))
        images = self.images(values.get("images", ()))
        components = tuple(self.component(c) for c in values.get("components", ()))
        for key, kinds, free_text in _LINKS.get(kind, _LINKS[None]):
            self.reference(values, key, kinds, free_text)
        draft = values.get("draft", False)
        blanks = self.checker.blanks
        if self.problems or not self.blanks_allowed(draft) or kind is None:
            return None, kind
        if blanks and not (place and values.get("fields") and "year" in values):
            log.info(msg.DRAFT_NOT_PREVIEWED.format(path=self.rel, count=len(blanks)))
            return None, kind  # a draft too empty to show: it passes check, but is not a record yet
        teaching = values.get("teaching")
        common = dict(
            id=record_id, kind=kind, path=self.rel, name=values["name"], summary=values["summary"],
            story=values.get("story"), place=place, fields=tuple(values.get("fields", ())), year=values["year"],
            sources=tuple(Source(**s) for s in values.get("sources", ())),
            achievements=tuple(values.get("achievements", ())),
            awards=tuple(Award(**a) for a in values.get("awards", ())),
            quotes=tuple(Quote(**q) for q in values.get("quotes", ())),
            images=images, related=tuple(values.get("related", ())), tags=tuple(values.get("tags", ())),
            teaching=None if teaching is None else Teaching(
                levels=tuple(teaching.get("levels", ())), retelling=teaching.get("retelling"),
                questions=tuple(teaching.get("questions", ())), activities=tuple(teaching.get("activities", ()))),
            draft=draft, publish_after=values.get("publish_after"), published=values.get("published"),
            placeholders=len(blanks),
        )
        if kind is Kind.INDIVIDUAL:
            record: Record = Individual(role=values["role"], honorifics=tuple(values.get("honorifics", ())),
                                        organization=values.get("organization"), **common)
        elif kind is Kind.COLLECTIVE:
            record = Collective(unit_type=values.get("unit_type"), members=tuple(values.get("members", ())), **common)
        else:
            record = Practice(components=components, aliases=tuple(values.get("aliases", ())),
                              origin=tuple(values.get("origin", ())), **common)
        return record, kind

    def blanks_allowed(self, draft: bool) -> bool:
        """Template blanks are fine in a draft; a record about to be published must have none."""
        if not draft:
            for line, key in self.checker.blanks:
                self.problem(line, msg.PLACEHOLDER_LEFT.format(key=key))
        return draft or not self.checker.blanks

    def reference(self, values: YMap, key: str, kinds: tuple[Kind, ...], free_text: bool) -> None:
        """Note each id in `key` for checking once every file is read."""
        value = values.get(key)
        if isinstance(value, str):
            if not is_placeholder(value):
                self.refs.append(Reference(self.rel, key, values.line_of(key), value, kinds, free_text))
        elif value is not None:
            for item, line in zip(value, value.item_lines):
                if not is_placeholder(item):
                    self.refs.append(Reference(self.rel, key, line, item, kinds, free_text))

    def place(self, value: YMap | None) -> Place | None:
        if value is None:
            return None
        written = value["province"]
        if is_placeholder(written):
            return None
        found: PlaceMatch | None = self.places.resolve(written)
        if found is None:
            suggestion = self.places.suggest(written)
            template = msg.UNKNOWN_PROVINCE_SUGGEST if suggestion else msg.UNKNOWN_PROVINCE
            self.problem(value.line_of("province"), template.format(value=written, suggestion=suggestion))
            return None
        return Place(written, found.current, found.former, value.get("district"), value.get("commune"))

    def images(self, written: Iterable[YMap]) -> tuple[Image, ...]:
        out = []
        record_dir = (self.root / self.rel).parent
        real_root = self.root.resolve()
        for i in written:
            line, file = i.line_of("file"), i["file"]
            self.image_states.append((file, image_state(self.root, self.rel, file)))
            try:
                target = (record_dir / file).resolve()
                if not target.is_relative_to(real_root):
                    self.problem(line, msg.IMAGE_OUTSIDE.format(value=file))
                    continue
                if not target.exists() or target.is_dir():  # a FIFO or a device is said so by images.py
                    self.problem(line, msg.IMAGE_MISSING.format(value=file))
                    continue
                web = images.inspect(self.root, target, file)
            except (OSError, ValueError):  # a name too long, a NUL byte, no permission...
                self.problem(line, msg.IMAGE_MISSING.format(value=file))
                continue
            except images.ImageProblem as problem:
                self.problem(line, str(problem))
                continue
            rel = target.relative_to(real_root).as_posix()
            out.append(Image(rel, i["alt"], i.get("caption"), i.get("credit"), web=web))
        return tuple(out)

    def component(self, c: YMap) -> Component:
        label, items = c["label"], tuple(c["items"])
        expected = expected_count(label)
        if expected is not None and expected != len(items):
            self.problem(c.line_of("label"), msg.COUNT_MISMATCH.format(label=label, expected=expected, found=len(items)))
        return Component(label, items)


# The keys that link to other records, by the kind of record they are in: (key, kinds linked to, whether
# text that is not an id is allowed: an organisation's or a creator's name).
_LINKS: dict[Kind | None, tuple[tuple[str, tuple[Kind, ...], bool], ...]] = {
    None: (("related", tuple(Kind), False),),
    Kind.INDIVIDUAL: (("related", tuple(Kind), False), ("organization", (Kind.COLLECTIVE,), True)),
    Kind.COLLECTIVE: (("related", tuple(Kind), False), ("members", (Kind.INDIVIDUAL,), False)),
    Kind.PRACTICE: (("related", tuple(Kind), False), ("origin", (Kind.INDIVIDUAL, Kind.COLLECTIVE), True)),
}


def record_files(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every record file under models/, sorted by path (see inputs.input_files for what is left out)."""
    return input_files(root, "models", "yml", misspelt=("yaml",))


def load_records(root: Path, config: SiteConfig,
                 today: dt.date | None = None) -> tuple[dict[str, Record], list[Problem]]:
    """Read and validate every record; return those that are valid and every problem found (see read_records)."""
    records, problems, _ = read_records(root, config, today)
    return records, problems


def read_records(root: Path, config: SiteConfig, today: dt.date | None = None,
                 processes: int | None = None) -> tuple[dict[str, Record], list[Problem], dict[str, str]]:
    """Read and validate every record: those that are valid, every problem found, and each valid record's
    fingerprint (the digest of everything it was made from, links resolved: see cache.fingerprint).

    `today` is the build date: a record's year may not be later than its year (and one more, see
    formats.YEAR_GRACE); None when no build date is known, leaving a generous bound (formats.LATEST_YEAR).
    Files are read on every core; a file read before, with the same bytes, config and date (and the
    same images), is taken from the build cache (kind "records") instead of being parsed again.
    """
    files, problems = record_files(root)
    records: dict[str, Record] = {}
    refs: list[Reference] = []
    known: dict[str, Kind | None] = {}  # every id read, valid or not, with its kind when it has a valid one
    first_path: dict[str, str] = {}
    keys: dict[str, str] = {}
    context = _ReadContext(root, config, today)
    for (rel, path), read in zip(files, read_files(context, files, processes)):
        record_id = path.name[:-4]
        if not ID_PATTERN.match(record_id):
            problems.append(Problem(rel, 1, msg.BAD_ID.format(name=path.name,
                                                              suggestion=slugify(record_id) or msg.ID_EXAMPLE)))
            read = replace(read, record=None)  # a file with any problem gives no record
        elif record_id in first_path:
            problems.append(Problem(rel, 1, msg.DUPLICATE_ID.format(id=record_id, other=first_path[record_id])))
            read = replace(read, record=None)
        else:
            first_path[record_id] = rel
        problems.extend(read.problems)
        refs.extend(read.refs)
        known.setdefault(record_id, read.kind)
        if read.record is not None:
            records[record_id] = read.record
            keys[record_id] = read.key
    problems.extend(check_references(records, refs, known))
    fingerprints = {i: content_key(keys[i], getattr(r, "organization_id", None) or "", *getattr(r, "origin_ids", ()))
                    for i, r in records.items()}
    return records, problems, fingerprints


@dataclass(frozen=True)
class FileRead:
    """What one record file gave: its record (None when it has problems), its kind if valid, its problems,
    the links it makes, and its key in the build cache ("" when it could not be read)."""

    record: Record | None
    kind: Kind | None
    problems: tuple[Problem, ...]
    refs: tuple[Reference, ...]
    key: str


class _ReadContext:
    """What reading any record file takes: the project, its config (the fields), the date and the cache."""

    def __init__(self, root: Path, config: SiteConfig, today: dt.date | None, cached: bool = True):
        self.root, self.config, self.today, self.cached = root, config, today, cached
        self.cache = ContentCache(root, CACHE_KIND)
        self.salt = content_key(fingerprint(config.fields), today.isoformat() if today else "")

    def key(self, item: tuple[str, Path]) -> str:
        """The file's key in the cache: its path and bytes, with the config's fields and the date ("" if unreadable)."""
        rel, path = item
        try:
            return content_key(self.salt, rel, read_input(self.root, path, RECORD_LIMIT))
        except FileProblem:
            return ""

    def read(self, item: tuple[str, Path]) -> bytes:
        """The file's FileRead as the cache keeps it (the images it read, a line end, the pickled FileRead): from
        the cache when its entry still holds, else read now (and kept)."""
        rel, path = item
        key = self.key(item)
        if key and self.cached:
            entry = self.cache.get(key)
            if entry is not None and self.images_unchanged(rel, entry.partition(b"\n")[0]):
                return entry
        reader = _FileReader(self.root, rel, self.config, load_places(), self.today)
        record, kind = reader.read(path, path.name[:-4])
        read = FileRead(record, kind, tuple(reader.problems), tuple(reader.refs), key)
        entry = json.dumps(reader.image_states).encode("utf-8") + b"\n" + pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
        if key:
            self.cache.put(key, entry)
        return entry

    def images_unchanged(self, rel: str, states: bytes) -> bool:
        """Whether each image the record at `rel` named (`states`, as the entry keeps them) is as it was."""
        try:
            return all(image_state(self.root, rel, written) == state for written, state in json.loads(states))
        except (ValueError, TypeError):
            return False


CACHE_KIND = "records"  # the cache's folder for records read
PARALLEL_FROM = 200  # files: below this, starting processes costs more than it saves


# What this process read last time, by key: the image states and the FileRead of each file, kept when
# `remember_reads` asked for it. A process that builds again (the preview, on every save) takes a file whose
# key and images are unchanged from here, and reads (or unpickles from the cache) only the others. Records
# are copied as they are handed out, as check_references sets links on them.
_READ_BEFORE: dict[str, tuple[bytes, FileRead]] = {}
_KEY_BEFORE: dict[str, tuple[tuple | None, str, str]] = {}  # each file's state, the reading's salt, and its key
_ROOT_BEFORE: list[Path] = []  # the project they are of
_REMEMBER = False


def file_signature(path: Path) -> tuple | None:
    """What changes when a file (or, for a link, the link or what it leads to) is written or replaced: its
    inode, size and modification and change times. Only for the preview's memory of what it read: the build
    cache itself goes by content."""
    try:
        link, info = os.lstat(path), os.stat(path)
    except OSError:
        return None
    return (link.st_ino, link.st_mtime_ns, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def remember_reads() -> None:
    """Keep what each build of this process reads for the next one (the preview builds again on every save)."""
    global _REMEMBER
    _REMEMBER = True


def read_files(context: _ReadContext, files: list[tuple[str, Path]], processes: int | None = None) -> list[FileRead]:
    """Each file's FileRead, in order: in a pool of forked processes, one per core, when there are many."""
    global _READ_BEFORE
    if _ROOT_BEFORE != [context.root]:  # what was read is of another project
        _READ_BEFORE = {}
        _KEY_BEFORE.clear()
        _ROOT_BEFORE[:] = [context.root]
    reads: list[FileRead | None] = [None] * len(files)
    todo = list(range(len(files)))
    if _REMEMBER and _READ_BEFORE and context.cached:
        todo = []
        for i, item in enumerate(files):
            # the file as it was then, and its key: read and hashed again if it or the config or date changed
            seen = _KEY_BEFORE.get(item[0])
            signature = file_signature(item[1])
            unchanged = seen and signature is not None and seen[:2] == (signature, context.salt)
            key = seen[2] if unchanged else context.key(item)
            _KEY_BEFORE[item[0]] = (signature, context.salt, key)
            before = _READ_BEFORE.get(key)
            if before and before[1].key and (before[0] == b"[]" or context.images_unchanged(item[0], before[0])):
                reads[i] = _handed_out(before[1])
            else:
                todo.append(i)
    kept: dict[str, tuple[bytes, FileRead]] = {}
    # each file's state before it is read, so that a file written meanwhile is read again next time
    signatures = {i: file_signature(files[i][1]) for i in todo} if _REMEMBER and not _READ_BEFORE else {}
    for i, entry in zip(todo, _read_entries(context, [files[i] for i in todo], processes)):
        states, _, data = entry.partition(b"\n")  # each one's bytes let go once read back (the peak, at scale)
        reads[i] = read = load_value(data)  # type: ignore[assignment]
        if _REMEMBER and isinstance(read, FileRead) and read.key:
            kept[read.key] = (states, read)
            if i in signatures:
                _KEY_BEFORE[files[i][0]] = (signatures[i], context.salt, read.key)
            reads[i] = _handed_out(read)
    if not all(isinstance(read, FileRead) for read in reads):  # an entry planted or spoilt: read them all again
        _READ_BEFORE = {}
        _KEY_BEFORE.clear()
        again = _ReadContext(context.root, context.config, context.today, cached=False)
        return [load_value(again.read(item).partition(b"\n")[2]) for item in files]  # type: ignore[misc]
    if _REMEMBER:
        for i in set(range(len(files))) - set(todo):  # taken from what was read before: still kept
            key = reads[i].key  # type: ignore[union-attr]
            kept[key] = _READ_BEFORE[key]
        _READ_BEFORE = kept
    return reads  # type: ignore[return-value]


def _handed_out(read: FileRead) -> FileRead:
    """A copy of a FileRead kept for later, with a copy of its record (whose links the build sets)."""
    record = read.record
    if record is not None:
        record = object.__new__(type(record))
        record.__dict__.update(read.record.__dict__)
    return FileRead(record, read.kind, read.problems, read.refs, read.key)


def _read_entries(context: _ReadContext, files: list[tuple[str, Path]], processes: int | None) -> Iterator[bytes]:
    """_ReadContext.read of each file, in order, as each is ready: in a pool of forked processes, one per core,
    when there are many."""
    processes = min(processes or available_cores(), max(1, len(files) // (PARALLEL_FROM // 2)))
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (context.read(item) for item in files)
        return
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(context.read, files, chunksize=max(1, len(files) // (processes * 8)))


def image_state(root: Path, rel: str, written: str) -> str:
    """What a record's image, written `written` in the record at `rel`, is on disk now: the SHA-256 of its
    bytes, or why it cannot be read. A record read before is taken from the cache only if each is unchanged."""
    try:
        target = ((root / rel).parent / written).resolve()
        return hashlib.sha256(read_input(root, target, images.MAX_FILE_BYTES)).hexdigest()
    except FileProblem as problem:
        return f"problem: {problem.message}"
    except (OSError, ValueError, RuntimeError) as err:
        return f"error: {type(err).__name__}"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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
                key=ref.key, value=ref.value, expected=msg.REF_KINDS_JOIN.join(msg.REF_KIND.format(kind=k.label)
                                                                               for k in ref.kinds),
                found=msg.REF_KIND.format(kind=known[ref.value].label))))
        else:
            resolved.add((record_id, ref.key, ref.value))
    for record in records.values():
        if isinstance(record, Individual) and (record.id, "organization", record.organization) in resolved:
            record.organization_id = record.organization
        if isinstance(record, Practice):
            record.origin_ids = tuple(o for o in record.origin if (record.id, "origin", o) in resolved)
    return problems
