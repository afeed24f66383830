"""The search index's files: a pure function from search entries to JavaScript files.

One format for the served site and for `file://` copies: every file is a script calling
`GSIndex.<part>(…)`, so a page may load it with a `<script>` tag from any host, any sub-path or a folder
(pages opened from file:// may load scripts but not fetch files). assets/search/search.js reads them.

    index.js        the manifest: which term chunk holds which keys (each chunk's first key, the words' chunks
                    and the pairs' apart), the number of records, each facet's values and their counts
    t/<name>.js     term chunks: keys in sorted order, cut where a key's hash says so (content-defined, so an
                    edit moves few boundaries); each key's postings, or for a long list its summary
    b/<name>.js     a long list's records as bitsets, one per field weight and one per accented form (named,
                    as chunks are, by its key)
    d/<n>.js        result cards, CARDS_PER_FILE records each, with each record's facet values (so the page
                    counts a few results without facets.js)
    facets.js       every record's facet values, one column per facet
    words.js        the dictionary of name words, for "Có phải bạn muốn tìm…"

Keys are folded words (one syllable: "dao") and folded adjacent-word pairs within one field but the story
("hung dao"): Vietnamese has a few thousand syllables, so single-word lists are long and pairs are what
make a name selective. A key's postings keep each form as written ("đạo", "đào"), so the page ranks
exact-accent matches first, and each record's best field weight. A list holding more than `long_list`
records is long: its chunk holds only its count, facet counts and first page per form, and its records are
in their own file, so a common word needs no list proportional to the site for its first page.

Record numbers are the entries' positions (the order browsing shows them). `record_terms` is the one
per-record step, and `term_chunk` and `card_chunk` depend only on their inputs, so both can be cached.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import time
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .text import fold_diacritics, search_words

FORMAT = 3  # 3: cards carry facet values, long lists a bitset per accented form
CARDS_PER_FILE = 16  # a page of 20 results for a name mostly falls in one or two files (records are alphabetical)
CHUNK_MIN = 12_000  # a term chunk ends at the first marked key once it holds this many characters…
CHUNK_MAX = 48_000  # …or, with no mark, at this many
CHUNK_MARK = 16  # about one key in CHUNK_MARK is marked (by its hash) as a place to cut
TOP = 20  # a long list's first page, precomputed
LONG_SHARE = 24  # a list is long when it holds more than one record in LONG_SHARE…
LONG_MIN = 200  # …and more than LONG_MIN records (below that a list is smaller than its summary)
PAIRED_FIELDS = ("name", "aliases", "role", "unit", "place", "tags", "summary")  # all but the story

# Indexed fields and their weights; the page adds up the squares of the weights of the words it matched.
WEIGHTS = {"name": 10, "aliases": 8, "role": 6, "unit": 6, "place": 5, "tags": 5, "year": 4, "summary": 3,
           "story": 1}
NAME_WEIGHT = WEIGHTS["place"]  # words of this weight or more go into the suggestions' dictionary
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE36 = [_DIGITS[n // 36] + _DIGITS[n % 36] if n >= 36 else _DIGITS[n] for n in range(36 * 36)]


@dataclass(frozen=True)
class IndexEntry:
    """What the index needs of one record (search.SearchEntry has it): its card, facets and texts."""

    card: tuple  # [url, name, kind, place, summary, year], as a result shows it
    facets: dict[str, tuple[int, ...]]  # facet -> positions of the record's values in the labels
    texts: tuple[tuple[str, str], ...]  # (field, plain text), fields as in WEIGHTS


@dataclass(frozen=True)
class IndexStats:
    records: int
    keys: int
    long_keys: int
    files: int
    bytes: int
    seconds: float


Term = tuple[str, str, int]  # (key, form as written, best weight of a field holding it)
_BY_WEIGHT = sorted(WEIGHTS, key=WEIGHTS.get)  # lightest first: a heavier field's weight overwrites


@functools.lru_cache(maxsize=1 << 18)
def fold_word(word: str) -> str:
    """fold_diacritics of one word or pair: Vietnamese has a few thousand syllables, so records repeat them."""
    return word if word.isascii() else fold_diacritics(word)


def record_terms(texts: Iterable[tuple[str, str]]) -> tuple[Term, ...]:
    """Every key of one record with each form it takes and the best weight of a field it is in.

    Keys are folded words and, in every field but the story, folded pairs of adjacent words. The one step
    of the index that looks at a record: its result depends only on the record's texts.
    """
    by_field = dict(texts)
    best: dict[str, int] = {}
    for field in _BY_WEIGHT:
        text = by_field.get(field)
        if not text:
            continue
        forms = search_words(text)
        weight = WEIGHTS[field]
        best.update(dict.fromkeys(forms, weight))
        if field in PAIRED_FIELDS and len(forms) > 1:
            best.update(dict.fromkeys(map(" ".join, zip(forms, forms[1:])), weight))
    return tuple(_SHARED_TERMS.setdefault(term, term) for term in
                 ((fold_word(form), form, weight) for form, weight in best.items()))


# Every distinct term, made once: records repeat the same few thousand syllables, and a tuple of three per
# word of every record held most of a build's memory (450 MiB of 710 at 10,000 records). Pickled into the build
# cache, shared terms stay shared when read back.
_SHARED_TERMS: dict[Term, Term] = {}


def sort_key(text: str) -> bytes:
    """The page compares keys as JavaScript strings, by UTF-16 code units: sort them the same way."""
    return text.encode("utf-16-be")


Forms = dict[str, dict[int, array]]  # form -> weight -> record numbers, ascending


class _Postings:
    """(key, form, weight) -> record numbers, in one compact array each, filled one record at a time (so
    in ascending order)."""

    def __init__(self) -> None:
        self.items: dict[Term, array] = {}

    def add(self, number: int, terms: tuple[Term, ...]) -> None:
        items = self.items
        get = items.get
        for term in terms:
            found = get(term)
            if found is None:
                found = items[term] = array("I")
            found.append(number)

    def by_key(self) -> Iterator[tuple[str, Forms]]:
        """Each key with its forms, words first then pairs, each in sorted order, emptying the postings."""
        ordered = sorted(self.items, key=lambda t: (" " in t[0], sort_key(t[0]), sort_key(t[1]), -t[2]))
        at = 0
        while at < len(ordered):
            key = ordered[at][0]
            forms: Forms = {}
            while at < len(ordered) and ordered[at][0] == key:
                term = ordered[at]
                forms.setdefault(term[1], {})[term[2]] = self.items.pop(term)
                at += 1
            yield key, forms


def _gaps(numbers: Iterable[int]) -> str:
    """Ascending record numbers as base-36 gaps: "0,3,a" is records 0, 3 and 13."""
    out, previous = [], 0
    for n in numbers:
        gap = n - previous
        out.append(_BASE36[gap] if gap < 1296 else _base36(gap))
        previous = n
    return ",".join(out)


def _base36(n: int) -> str:
    text = ""
    while True:
        n, r = divmod(n, 36)
        text = _DIGITS[r] + text
        if not n:
            return text


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script(call: str, *args: object) -> str:
    return f"GSIndex.{call}({','.join(_json(a) for a in args)});\n"


def short_entry(forms: Forms) -> list:
    """A short list: per form (sorted), its records grouped by weight, heaviest first."""
    return [[form, *[[w, _gaps(numbers)] for w, numbers in by_weight.items()]] for form, by_weight in forms.items()]


def name_counts(forms: Forms) -> dict[str, int]:
    """How many records hold each form in a name-like field (the suggestions' dictionary counts them)."""
    return {form: sum(len(ns) for w, ns in by_weight.items() if w >= NAME_WEIGHT) for form, by_weight in forms.items()}


class _Bits:
    """Bitsets of record numbers as Python integers (bit n is record n), for long lists and facets."""

    def __init__(self, records: int) -> None:
        self.size = (records + 7) // 8

    def of(self, numbers: Iterable[int]) -> int:
        data = bytearray(self.size)
        for n in numbers:
            data[n >> 3] |= 1 << (n & 7)
        return int.from_bytes(data, "little")

    def text(self, bits: int) -> str:
        return base64.b64encode(bits.to_bytes(self.size, "little")).decode("ascii")


def _first(bits: int, count: int) -> list[int]:
    """The `count` lowest record numbers in `bits`."""
    out = []
    while bits and len(out) < count:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


def _ranked(tiers: list[tuple[int, int]], count: int, first: int = 0) -> list[int]:
    """The first `count` records by (in `first`, heavier tier, lower number)."""
    out: list[int] = []
    for preferred in ((first, ~first) if first else (-1,)):
        for _, bits in tiers:
            out += _first(bits & preferred, count - len(out))
            if len(out) >= count:
                return out
    return out


def long_entry(forms: Forms, bits: _Bits, facet_bits: dict[str, list[int]],
               name: str, top_length: int = TOP) -> tuple[dict, str]:
    """A long list's summary for its chunk, and the text of its bitset file."""
    by_weight: dict[int, int] = {}
    form_bits: dict[str, int] = {}
    for form, grouped in forms.items():
        every = 0
        for weight, group in grouped.items():
            part = bits.of(group)
            by_weight[weight] = by_weight.get(weight, 0) | part
            every |= part
        form_bits[form] = every
    tiers, seen = [], 0
    for weight in sorted(by_weight, reverse=True):  # each record in the tier of its best weight
        tier = by_weight[weight] & ~seen
        seen |= tier
        if tier:
            tiers.append((weight, tier))
    top = {"": _ranked(tiers, top_length)}
    for form, every in form_bits.items():
        ranked = _ranked(tiers, top_length, every)
        if ranked != top[""]:
            top[form] = ranked
    counts = {facet: [(seen & value).bit_count() for value in values] for facet, values in facet_bits.items()}
    summary = {"n": seen.bit_count(), "b": name, "top": top, "c": counts}
    # The records of each accented form, so that those holding the word as typed rank first on every page and
    # with filters; a form without accents never matches a word typed with them. A lone form is every record's.
    accented = [[form, "" if len(form_bits) == 1 else bits.text(every)]
                for form, every in form_bits.items() if form != fold_word(form)]
    return summary, _script("bits", name, [[w, bits.text(t)] for w, t in tiers], accented)


def term_chunk(name: str, entries: list[tuple[str, str]]) -> str:
    """A chunk's file: its keys with their entries (as JSON text), in order. Depends on nothing else."""
    return f"GSIndex.terms({_json(name)},{{{','.join(f'{_json(k)}:{e}' for k, e in entries)}}});\n"


def card_chunk(number: int, cards: list[tuple]) -> str:
    return _script("cards", number, [list(c) for c in cards])


def _file_name(first_key: str, taken: set[str]) -> str:
    """A chunk's (or a long list's) file name, from its first key: it keeps its name when others change."""
    digest = hashlib.sha256(first_key.encode("utf-8")).hexdigest()
    length = 8
    while digest[:length] in taken:
        length += 1
    taken.add(digest[:length])
    return digest[:length]


def _marked(key: str) -> bool:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=2).digest()[0] % CHUNK_MARK == 0


def _column(values: list[tuple[int, ...]], count: int) -> list:
    """A facet's values for every record as [width, separated, text]: each value in `width` base-36 digits;
    where a record may have several values (or none), records `separated` by commas in the text."""
    width = 1 if count <= len(_DIGITS) else 2

    def code(value: int) -> str:
        return _DIGITS[value] if width == 1 else _DIGITS[value // 36] + _DIGITS[value % 36]

    if all(len(v) == 1 for v in values):
        return [width, False, "".join(code(v[0]) for v in values)]
    return [width, True, ",".join("".join(code(v) for v in vs) for vs in values)]


def index_files(entries: list[IndexEntry], labels: dict[str, list[list[str]]],
                terms: Iterable[tuple[Term, ...]] | None = None, long_list: int | None = None,
                top: int = TOP) -> Iterator[tuple[str, str]]:
    """Every file of the index, as (path inside the index folder, text), for `entries` in record order.

    `labels` are the facets' values (search.facet_labels), which the entries' facet positions index;
    `terms` may give each entry's `record_terms` (a cache has them); `long_list` overrides the length from
    which a list is long, and `top` the length of its first page (tests make them small).
    """
    records = len(entries)
    long_list = long_list if long_list is not None else max(LONG_MIN, records // LONG_SHARE)
    postings = _Postings()
    dictionary: dict[str, dict[str, int]] = {}  # name word -> form -> records
    for number, found in enumerate(terms if terms is not None else (record_terms(e.texts) for e in entries)):
        postings.add(number, found)

    for start in range(0, records, CARDS_PER_FILE):
        yield f"d/{start // CARDS_PER_FILE}.js", card_chunk(start // CARDS_PER_FILE, [
            (*e.card, [e.facets[f] for f in labels]) for e in entries[start:start + CARDS_PER_FILE]])

    columns = {facet: _column([e.facets[facet] for e in entries], len(values)) for facet, values in labels.items()}
    yield "facets.js", _script("facets", columns)

    bits = _Bits(records)
    by_value: dict[str, list[list[int]]] = {f: [[] for _ in values] for f, values in labels.items()}
    for number, entry in enumerate(entries):
        for facet, positions in entry.facets.items():
            for position in positions:
                by_value[facet][position].append(number)
    facet_bits = {facet: [bits.of(ns) for ns in values] for facet, values in by_value.items()}
    totals = {facet: [len(ns) for ns in values] for facet, values in by_value.items()}
    del by_value

    # [first key, file name] of each chunk: words' and pairs' apart, so that the words a typed word begins
    # are together, not among the pairs that start with them
    chunks: dict[bool, list[list[str]]] = {False: [], True: []}
    taken: set[str] = set()
    long_names: set[str] = set()
    current: list[tuple[str, str]] = []
    size = long_keys = keys = 0

    def cut() -> Iterator[tuple[str, str]]:
        nonlocal current, size
        name = _file_name(current[0][0], taken)
        chunks[" " in current[0][0]].append([current[0][0], name])
        yield f"t/{name}.js", term_chunk(name, current)
        current, size = [], 0

    for key, forms in postings.by_key():
        if current and " " in key and " " not in current[0][0]:
            yield from cut()
        keys += 1
        if " " not in key:
            named = {form: n for form, n in name_counts(forms).items() if n}
            if named:
                dictionary[key] = named
        count = sum(len(ns) for by_weight in forms.values() for ns in by_weight.values())
        # a record holds a form at one weight, but it may hold several forms
        if count > long_list and (len(forms) == 1 or
                                  len(set().union(*(ns for w in forms.values() for ns in w.values()))) > long_list):
            entry, bitset = long_entry(forms, bits, facet_bits, _file_name(key, long_names), top)
            yield f"b/{entry['b']}.js", bitset
            long_keys += 1
        else:
            entry = short_entry(forms)
        text = _json(entry)
        current.append((key, text))
        size += len(key) + len(text)
        if (size >= CHUNK_MIN and _marked(key)) or size >= CHUNK_MAX:
            yield from cut()
    if current:
        yield from cut()

    words = [[key, sum(forms.values()), max(forms, key=lambda f: (forms[f], sort_key(f)))]
             for key, forms in sorted(dictionary.items(), key=lambda kv: sort_key(kv[0]))]
    yield "words.js", _script("words", words)
    yield "index.js", _script("manifest", {  # addresses.SEARCH_MANIFEST
        "format": FORMAT, "records": records, "cardsPerFile": CARDS_PER_FILE, "long": long_list,
        "keys": keys, "longKeys": long_keys, "chunks": chunks[False],
        "pairChunks": chunks[True], "values": {facet: [v for v, _ in values] for facet, values in labels.items()},
        "totals": totals,
    })


def write_index(files: Iterable[tuple[str, str]], folder, started: float | None = None,
                write: Callable[[str, bytes], None] | None = None) -> IndexStats:
    """Write `files` (from index_files) into `folder`, or hand each to `write` (path inside the index, bytes:
    the build cache links the files it has); what was written."""
    started = time.monotonic() if started is None else started
    count = written = 0
    manifest: dict = {}
    for rel, text in files:
        data = text.encode("utf-8")
        if write is not None:
            write(rel, data)
        else:
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        count += 1
        written += len(data)
        if rel == "index.js":
            manifest = json.loads(text[len("GSIndex.manifest("):-3])
    return IndexStats(manifest.get("records", 0), manifest.get("keys", 0), manifest.get("longKeys", 0), count,
                      written, time.monotonic() - started)
