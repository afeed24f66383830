"""Search: what readers can find, and the two indexes that find it.

Both engines index the same fields of each published record with the same Vietnamese folding, and the
same page (`/tim-kiem/`, `assets/search/search.js`) drives both:

- online, Pagefind: its binary runs over the rendered site and indexes the hidden search block each
  record page carries (see `pagefind_block`). Pagefind folds tones but not `đ`, so the block adds the
  folded form of every accented word, and `đ`→`d` forms that keep the tones; the page folds the query's
  `đ` the same way before asking Pagefind.
- offline, from `file://` where Pagefind cannot run: our own index, as JavaScript files loaded by
  `<script>` tags, chunked by the first letters of folded words (see `write_offline_index`).

Ranking, in both: every query word must match (accents, case and Unicode form ignored); results that
contain the query's accented words exactly as typed come first; then the field a word matched in
counts (name above aliases above role and unit above place and tags above summary above story).
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .addresses import KIND_PATHS, OFFLINE_INDEX, PAGEFIND, record_url
from .catalog import Catalog
from .config import SiteConfig
from .places import load_places
from .records import Collective, Individual, Practice, Record
from .text import fold_diacritics, nfc, vi_sort_key

log = logging.getLogger(__name__)

# Indexed fields and their weights (Pagefind's `data-pagefind-weight`, 0-10; both engines square them).
WEIGHTS = {"name": 10, "aliases": 8, "role": 6, "unit": 6, "place": 5, "tags": 5, "summary": 3, "story": 1}
PREFIX_LENGTH = 3  # offline term chunks hold the words whose folded form starts with the same 3 letters
DOCS_PER_CHUNK = 100  # offline result cards per file: a page of results loads up to 20 of them
OFFLINE_FORMAT = 1

_WORD = re.compile(r"[^\W_]+")  # letters and digits, as the page's /[\p{L}\p{N}]+/u
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]*>")


@dataclass(frozen=True)
class SearchEntry:
    """One record as search sees it: what a result shows, its facets, and its text by field."""

    url: str  # relative to the site root, e.g. "ca-nhan/nguyen-hung-dao/"
    name: str
    kind: str  # "ca-nhan", "tap-the" or "mo-hinh"
    place: str  # as shown in a result
    summary: str
    province: str  # current province's slug
    fields: tuple[str, ...]
    year: int
    sort_name: str  # folded name and address, for Pagefind's browse order (unique: ties would make it vary)
    texts: tuple[tuple[str, str], ...]  # (field, plain text), fields as in WEIGHTS
    levels: tuple[str, ...] = ()  # school levels of its teaching notes ("cấp học"), none without them


# -- what is indexed --------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of `text`, lower case NFC, split as the search page splits a query."""
    return _WORD.findall(nfc(text).lower())


def plain_text(markdown: str) -> str:
    """Markdown's words without link targets or tags: addresses are not what readers search for."""
    return _MARKDOWN_LINK_TARGET.sub(" ", markdown)


def place_label(record: Record) -> str:
    place = record.place
    label = ", ".join(p for p in (place.commune, place.district, place.province) if p)
    return msg.SEARCH_PLACE_NOW.format(place=label, current=place.current.name) if place.former else label


def make_entry(record: Record, by_id: dict[str, Record]) -> SearchEntry:
    """`by_id` holds the published records, so a unit or origin given by id is searchable by its name."""
    place = record.place
    role: list[str] = []
    unit: list[str] = []
    aliases: list[str] = []
    story = [plain_text(record.story or "")]
    if isinstance(record, Individual):
        role = [record.role, *record.honorifics]
        if record.organization:
            org = by_id.get(record.organization_id or "")
            unit = [org.name if org else record.organization]
    elif isinstance(record, Collective):
        unit = [record.unit_type or ""]
    elif isinstance(record, Practice):
        aliases = list(record.aliases)
        unit = [by_id[o].name if o in record.origin_ids and o in by_id else o for o in record.origin]
        story += [f"{c.label}: {'; '.join(c.items)}" for c in record.components]
    places = [place.commune, place.district, place.province, place.former, place.current.name]
    texts = {
        "name": record.name, "aliases": "; ".join(aliases), "role": "; ".join(role), "unit": "; ".join(unit),
        "place": ", ".join(dict.fromkeys(p for p in places if p)), "tags": "; ".join(record.tags),
        "summary": record.summary, "story": "\n".join(s for s in story if s),
    }
    return SearchEntry(
        url=record_url(record), name=record.name, kind=KIND_PATHS[record.kind.value], place=place_label(record),
        summary=record.summary, province=place.current.slug, fields=record.fields, year=record.year,
        levels=record.teaching.levels if record.teaching else (),
        sort_name=f"{fold_diacritics(record.name).lower()} {record_url(record)}",
        texts=tuple((f, t.strip()) for f, t in texts.items() if t.strip()),
    )


def extra_forms(text: str) -> str:
    """What Pagefind needs besides `text` to find it the Vietnamese way.

    Pagefind matches "nguyen" to "Nguyễn" by itself but never "dao" to "Đạo": `đ` is a letter to it. For
    each accented word this adds its folded form ("dao"), and for words with `đ` the form with `d` and
    the tones kept ("dạo") so that a query typed with tones still ranks its exact word first.
    """
    out: dict[str, None] = {}
    for word in words(text):
        folded = _fold_word(word)
        if folded != word:
            out[folded] = None
            if "đ" in word:
                out[word.replace("đ", "d")] = None
    return " ".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """fold_diacritics for one word: Vietnamese has a few thousand syllables, so every page repeats them."""
    return fold_diacritics(word)


@dataclass(frozen=True)
class PagefindField:
    weight: int
    text: str
    extra: str


def pagefind_fields(entry: SearchEntry) -> list[PagefindField]:
    """The hidden search block's paragraphs: each field's text, with its extra forms, at its weight."""
    # Only the words, split as the search page splits a query: Pagefind would keep some punctuation (“ ”)
    # as part of a word. On one line, too: a blank line would end the page's raw HTML block in Markdown.
    return [PagefindField(WEIGHTS[f], " ".join(words(text)), extra_forms(text)) for f, text in entry.texts]


# -- facets -----------------------------------------------------------------------------------------


def facet_labels(config: SiteConfig, years: list[int]) -> dict[str, list[list[str]]]:
    """Each facet's values and labels, in display order: the search page's filters, and the offline
    index's numbering of them. URL parameters are the keys; values are slugs, so URLs stay ASCII."""
    provinces = sorted(load_places().provinces, key=lambda p: vi_sort_key(p.name))
    return {
        "loai": [[slug, msg.KIND_TITLES[kind]] for kind, slug in KIND_PATHS.items()],
        "tinh": [[p.slug, p.name] for p in provinces],
        "linh-vuc": [[key, label] for key, label in config.fields.items()],
        "nam": [[str(y), str(y)] for y in sorted(set(years), reverse=True)],
        "cap-hoc": [[level, label] for level, label in msg.LEVEL_LABELS.items()],  # records with teaching notes
    }


# -- the offline index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexStats:
    records: int
    words: int  # distinct folded words
    files: int
    bytes: int
    seconds: float


def postings(entries: list[SearchEntry]) -> dict[str, dict[str, dict[int, int]]]:
    """folded word -> form as written (lower case) -> record number -> best weight of a field it is in."""
    index: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for number, entry in enumerate(entries):
        for field, text in entry.texts:
            weight = WEIGHTS[field]
            for word in words(text):
                docs = index[_fold_word(word)][word]
                if docs.get(number, 0) < weight:
                    docs[number] = weight
    return index


def chunk_key(folded: str) -> str:
    return folded[:PREFIX_LENGTH]


def chunk_file(key: str) -> str:
    """The file of a chunk: its key when plain ASCII, else its code points in hex ("u3b1-3b2" for "αβ"),
    so copies survive any file system and archive. search.js names files the same way."""
    if re.fullmatch(r"[a-z0-9]+", key):
        return f"t/{key}.js"
    return "t/u" + "-".join(f"{ord(c):x}" for c in key) + ".js"


def _deltas(numbers: list[int]) -> str:
    """Ascending record numbers as base-36 gaps: "0,3,a" is records 0, 3 and 13."""
    out, previous = [], 0
    for n in numbers:
        out.append(_base36(n - previous))
        previous = n
    return ",".join(out)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, r = divmod(n, 36)
        text = digits[r] + text
        if not n:
            return text


def _script(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"GSIndex.{call}({body});\n"


def write_offline_index(entries: list[SearchEntry], labels: dict[str, list[list[str]]], folder: Path) -> IndexStats:
    """Write the offline index into `folder`: `meta.js`, `t/<prefix>.js` (words), `d/<n>.js` (result cards).

    Every file is a script calling `GSIndex.<part>(…)`, since pages opened from file:// may load scripts
    but not fetch files. `entries` come in the order browsing shows them (alphabetical by name); their
    positions are the record numbers the postings use.
    """
    started = time.monotonic()
    (folder / "t").mkdir(parents=True, exist_ok=True)
    (folder / "d").mkdir(exist_ok=True)
    written = 0

    def write(rel: str, text: str) -> None:
        nonlocal written
        data = text.encode("utf-8")
        (folder / rel).write_bytes(data)
        written += len(data)

    index = postings(entries)
    chunks: dict[str, dict[str, list]] = defaultdict(dict)
    for folded in sorted(index):
        forms = []
        for form, docs in sorted(index[folded].items()):
            by_weight: dict[int, list[int]] = defaultdict(list)
            for number, weight in docs.items():  # record numbers were added in ascending order
                by_weight[weight].append(number)
            forms.append([form, *[[w, _deltas(ns)] for w, ns in sorted(by_weight.items(), reverse=True)]])
        chunks[chunk_key(folded)][folded] = forms
    for key, terms in chunks.items():
        write(chunk_file(key), _script("terms", key, terms))

    for start in range(0, len(entries), DOCS_PER_CHUNK):
        # Only file:// copies use this index, and there a folder does not open its index.html by itself.
        cards = [[e.url + "index.html", e.name, e.kind, e.place, e.summary, e.year] for e in entries[start:start + DOCS_PER_CHUNK]]
        write(f"d/{start // DOCS_PER_CHUNK}.js", _script("docs", start // DOCS_PER_CHUNK, cards))

    position = {facet: {value: i for i, (value, _) in enumerate(values)} for facet, values in labels.items()}
    meta = {
        "format": OFFLINE_FORMAT, "records": len(entries), "docsPerChunk": DOCS_PER_CHUNK,
        "prefixLength": PREFIX_LENGTH, "chunks": sorted(chunks),
        # Each record's facet values, by their position in `labels`, so filters and counts need no other file.
        "facets": {
            "loai": [position["loai"][e.kind] for e in entries],
            "tinh": [position["tinh"].get(e.province, -1) for e in entries],
            "nam": [position["nam"].get(str(e.year), -1) for e in entries],
            "linh-vuc": [[position["linh-vuc"][f] for f in e.fields if f in position["linh-vuc"]] for e in entries],
            "cap-hoc": [[position["cap-hoc"][level] for level in e.levels] for e in entries],
        },
    }
    write("meta.js", _script("meta", meta))
    return IndexStats(len(entries), len(index), len(chunks) + -(-len(entries) // DOCS_PER_CHUNK) + 1, written,
                      time.monotonic() - started)


# -- build stages: after rendering, on the staging folder --------------------------------------------


def search_entries(catalog: Catalog) -> list[SearchEntry]:
    """Every published record, in the order browsing shows them (Vietnamese alphabetical)."""
    return [make_entry(r, catalog.by_id) for r in catalog.records]


def catalog_facets(catalog: Catalog) -> dict[str, list[list[str]]]:
    return facet_labels(catalog.project.config, list(catalog.by_year))


def index_online(catalog: Catalog, site: Path) -> None:
    """The served site's search: Pagefind over the record pages' search blocks."""
    started = time.monotonic()
    run_pagefind(site)
    log.debug("Pagefind indexed %d records in %.1f s", len(catalog.records), time.monotonic() - started)


def index_offline(catalog: Catalog, site: Path) -> None:
    """The file:// copy's search: our own script-tag index."""
    stats = write_offline_index(search_entries(catalog), catalog_facets(catalog), site / OFFLINE_INDEX)
    log.debug("offline index: %s", stats)


# -- Pagefind ---------------------------------------------------------------------------------------


def run_pagefind(site: Path) -> None:
    """Index the rendered site with Pagefind's binary; its bundle goes to `site/pagefind/`."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--force-language", "vi", "--quiet"]
    if any(next((site / folder).glob("*/index.html"), None) for folder in KIND_PATHS.values()):
        # Only record pages carry a search block (data-pagefind-body): Pagefind need not read the others.
        command += ["--glob", "{" + ",".join(KIND_PATHS.values()) + "}/*/index.html"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"pagefind exited with status {done.returncode}")
    for unused in (site / PAGEFIND).glob("pagefind-*ui*"):  # Pagefind's own UIs: the site has its own
        unused.unlink()
    (site / PAGEFIND / "pagefind-highlight.js").unlink(missing_ok=True)
    make_filters_reproducible(site / PAGEFIND)


# Pagefind 1.5 writes its filters in hash-map order, which changes from run to run, and names the files
# after their content: two builds of the same site would differ. So each filter file is rewritten with
# its values sorted, and the files that name them (the language's meta file, then pagefind-entry.json)
# are rewritten to match. The files are gzip over "pagefind_dcd" and a CBOR value (arrays, text, ints).
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def make_filters_reproducible(bundle: Path) -> None:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read_pagefind(meta_file)
        filters = []
        for name, chunk in sorted(meta[3]):
            old = bundle / "filter" / f"{chunk}.pf_filter"
            filter_name, values = _read_pagefind(old)
            new = _write_pagefind(bundle / "filter", language, [filter_name, sorted(values)], ".pf_filter", 7)
            if new != old.name:
                old.unlink()
            filters.append([name, new.removesuffix(".pf_filter")])
        meta[3] = filters
        meta_file.unlink()
        new_meta = _write_pagefind(bundle, f"pagefind.{language}", meta, ".pf_meta", 10)
        about["hash"] = new_meta.removeprefix("pagefind.").removesuffix(".pf_meta")
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                 encoding="utf-8")


def _read_pagefind(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_PAGEFIND_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = _cbor_decode(data, len(_PAGEFIND_SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name}: unexpected data after the value")
    return value


def _write_pagefind(folder: Path, prefix: str, value: list, suffix: str, digits: int) -> str:
    data = gzip.compress(_PAGEFIND_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}{suffix}"
    (folder / name).write_bytes(data)
    return name


def _cbor_decode(data: bytes, at: int) -> tuple[object, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR item {data[at - 1]:#x} is not one Pagefind writes")
    if major == 0:
        return length, at
    if major == 3:
        return data[at:at + length].decode("utf-8"), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not one Pagefind writes")


def _cbor_encode(value: object) -> bytes:
    def head(major: int, length: int) -> bytes:
        if length < 24:
            return bytes([major << 5 | length])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if length < 1 << (8 * size):
                return bytes([major << 5 | info]) + length.to_bytes(size, "big")
        raise ValueError(length)

    if isinstance(value, bool) or not isinstance(value, (int, str, list)) or (isinstance(value, int) and value < 0):
        raise ValueError(f"cannot write {value!r}")
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
