"""Fingerprints of source articles, and the runs of words a text copies from them.

A fingerprint is the set of hashes of every run of ``RUN_WORDS`` consecutive words in a text, after
normalising the words so that a change of case, punctuation, spacing, accents, tone-mark placement
("hoà"/"hòa"), i/y spelling ("kĩ"/"kỹ") or a usual abbreviation ("BTV"/"Ban Thường vụ", which count
as one word) gives the same hash. Only the hashes are kept, so a
project can check its own prose against articles whose text it must not carry.

Text inside quotation marks (“…”, ‘…’, «…», "…") is a quotation, not prose, and a name is a name:
both are left out, and a run of words never continues across them.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .text import fold_diacritics, nfc

log = logging.getLogger(__name__)

RUN_WORDS = 12
DIGEST_CHARS = 16  # 64 bits: tens of thousands of runs on each side never collide by chance
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits; everything else separates words
_OPENING = {"“": "”", "‘": "’", "«": "»"}
_STRAIGHT = '"'
# Abbreviations the press writes for the names of bodies: the full name is read as its abbreviation.
ABBREVIATIONS = {
    "BTV": "Ban Thường vụ", "BCH": "Ban Chấp hành", "TW": "Trung ương", "TP": "thành phố",
    "MTTQ": "Mặt trận Tổ quốc", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân",
    "LHPN": "Liên hiệp Phụ nữ", "TCCS": "tổ chức cơ sở", "DLXH": "dư luận xã hội",
    "KHKT": "khoa học kỹ thuật", "TTHC": "thủ tục hành chính", "CCHC": "cải cách hành chính",
    "PTNT": "phát triển nông thôn",
}


@dataclass(frozen=True)
class Word:
    key: str  # the normalised form that is hashed
    start: int  # offsets in the text it was read from
    end: int


@dataclass(frozen=True)
class CopiedRun:
    words: int
    text: str  # the run as written
    start: int  # offset in the text that was checked


def _split_joined(token: str, start: int) -> Iterator[tuple[str, int]]:
    """Split words that lost the space between them, as in damaged text: 'BanThường' → 'Ban', 'Thường'."""
    begin = 0
    for i in range(1, len(token)):
        if token[i - 1].islower() and token[i].isupper():
            yield token[begin:i], start + begin
            begin = i
    yield token[begin:], start + begin


def normalise_word(word: str) -> str:
    """The form a word is compared in: no accents (đ → d), lower case, i for y."""
    return fold_diacritics(word).lower().replace("y", "i")


_SHORT_FORMS = {tuple(normalise_word(w) for w in long.split()): normalise_word(short)
                for short, long in ABBREVIATIONS.items()}
_LONGEST_NAME = max(len(name) for name in _SHORT_FORMS)


def words(text: str) -> list[Word]:
    """The words of a text (NFC), each with its normalised form and where it is."""
    plain = [
        Word(normalise_word(part), start, start + len(part))
        for match in _TOKEN.finditer(text)
        for part, start in _split_joined(match.group(), match.start())
    ]
    found, i = [], 0
    while i < len(plain):
        for size in range(min(_LONGEST_NAME, len(plain) - i), 1, -1):
            short = _SHORT_FORMS.get(tuple(w.key for w in plain[i:i + size]))
            if short:
                found.append(Word(short, plain[i].start, plain[i + size - 1].end))
                i += size
                break
        else:
            found.append(plain[i])
            i += 1
    return found


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each outermost quotation; a mark left unclosed quotes nothing."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (closing mark expected, where the quotation opened)
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch in _OPENING:
            stack.append((_OPENING[ch], i))
        elif stack and ch == stack[-1][0]:
            _, opened = stack.pop()
            if not stack:
                spans.append((opened, i + 1))
        elif ch == _STRAIGHT and not stack:
            if straight is None:
                straight = i
            else:
                spans.append((straight, i + 1))
                straight = None
    return sorted(spans)


def unquoted_parts(text: str) -> Iterator[tuple[int, str]]:
    """The stretches of `text` outside quotation marks, each with its offset."""
    begin = 0
    for start, end in quoted_spans(text):
        if start >= begin:
            yield begin, text[begin:start]
            begin = end
    yield begin, text[begin:]


def digest(keys: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(keys).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def run_digests(text: str) -> set[str]:
    """The hashes of every run of RUN_WORDS words in a source text (quotations included)."""
    keys = [w.key for w in words(nfc(text))]
    return {digest(keys[i:i + RUN_WORDS]) for i in range(len(keys) - RUN_WORDS + 1)}


def copied_runs(text: str, fingerprints: set[str], names: Iterable[str] = ()) -> list[CopiedRun]:
    """Each longest run of at least RUN_WORDS words that hashes into `fingerprints`.

    Quotations are left out, and so is each of `names` (names of people, units and practices, which a
    retelling has to use as they are); a run does not continue across either.
    """
    text = nfc(text)
    name_keys = [keys for keys in ([w.key for w in words(nfc(n))] for n in names) if keys]
    runs = []
    for offset, part in unquoted_parts(text):
        found = words(part)
        for segment in _outside_names(found, name_keys):
            runs += _runs_in(segment, part, offset, fingerprints)
    return runs


def _outside_names(found: list[Word], name_keys: list[list[str]]) -> Iterator[list[Word]]:
    """The stretches of `found` between occurrences of any of the names."""
    keys = [w.key for w in found]
    named = [False] * len(found)
    for name in name_keys:
        for i in range(len(keys) - len(name) + 1):
            if keys[i:i + len(name)] == name:
                named[i:i + len(name)] = [True] * len(name)
    segment: list[Word] = []
    for word, is_name in zip(found, named):
        if is_name:
            if segment:
                yield segment
            segment = []
        else:
            segment.append(word)
    if segment:
        yield segment


def _runs_in(found: list[Word], part: str, offset: int, fingerprints: set[str]) -> list[CopiedRun]:
    keys = [w.key for w in found]
    copied = [False] * len(found)
    for i in range(len(found) - RUN_WORDS + 1):
        if digest(keys[i:i + RUN_WORDS]) in fingerprints:
            copied[i:i + RUN_WORDS] = [True] * RUN_WORDS
    runs = []
    i = 0
    while i < len(found):
        if not copied[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(found) and copied[j + 1]:
            j += 1
        start, end = found[i].start, found[j].end
        runs.append(CopiedRun(j - i + 1, part[start:end], offset + start))
        i = j + 1
    return runs


def read_fingerprints(path: Path) -> set[str]:
    """A fingerprint file: one hex digest a line; lines starting with '#' are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def write_fingerprints(sources: list[Path], out: Path) -> int:
    """Fingerprint the source texts into `out` (sorted digests, nothing of the text); return the count."""
    digests: set[str] = set()
    for path in sources:
        digests |= run_digests(path.read_text(encoding="utf-8"))
    header = (
        f"# Fingerprints of {len(sources)} source articles: the first {DIGEST_CHARS} hex digits of SHA-256\n"
        f"# over each run of {RUN_WORDS} words, normalised by generator/originality.py.\n"
        "# Made by scripts/fingerprint_sources.py; the articles' text is not kept.\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header + "".join(d + "\n" for d in sorted(digests)), encoding="utf-8")
    log.info("%s: %d fingerprints from %d files", out, len(digests), len(sources))
    return len(digests)
