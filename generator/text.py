"""Vietnamese text: diacritic folding, alphabetical order and ASCII slugs."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Combining marks that change the letter itself (ă â ê ô ơ ư) versus the five tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SPACE = re.compile(r"\s")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # what slugify() gives: record ids, field keys


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host and no spaces: the only links records and config may hold."""
    if _SPACE.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # such as a broken IPv6 host, "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Remove every diacritic, including the stroke of đ: 'Nguyễn Hưng Đạo' -> 'Nguyen Hung Dao'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def slugify(text: str) -> str:
    """An ASCII URL slug: 'Nguyễn Hưng Đạo' -> 'nguyen-hung-dao'."""
    return _SLUG_JUNK.sub("-", fold_diacritics(text).lower()).strip("-")


def vi_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese alphabetical order: a ă â b c d đ e ê …, tones after the base letter.

    Letters compare first over the whole string; tones break ties, as in a dictionary.
    """
    letters: list[tuple[int, int | str]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _TONE_MARKS:
            if tones:
                tones[-1] = _TONE_MARKS[ch]
            continue
        if ch in _LETTER_MARKS and letters:
            base = letters[-1][1]
            combined = unicodedata.normalize("NFC", str(base) + ch) if isinstance(base, str) else None
            if combined in _LETTER_RANK:
                letters[-1] = (0, combined)
            continue
        if unicodedata.combining(ch):
            continue
        letters.append((0, ch))
        tones.append(0)
    primary = tuple(
        (0, _LETTER_RANK[ch]) if ch in _LETTER_RANK else (1, ord(ch)) if ch.isalnum() else (-1, ord(ch))
        for _, ch in letters
    )
    return primary, tuple(tones), text
