"""Vietnamese text: diacritic folding, alphabetical order and ASCII slugs."""
from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

from . import messages as msg

# Combining marks that change the letter itself (ă â ê ô ơ ư) versus the five tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SPACE = re.compile(r"\s")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# Letters and digits, as the search page's /[\p{L}\p{N}]+/u: Python's \w less the underscore is exactly
# Unicode's categories L and N (str.isalnum); a browser test compares the two over tricky strings.
_SEARCH_WORD = re.compile(r"[^\W_]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # what slugify() gives: record ids, field keys

# Characters that do not show but change what is shown or found. Never allowed: control characters (but tab
# and line breaks), Unicode line separators, and the bidirectional embeddings, overrides and isolates, which
# can make text read in another order than it is stored. In a name or other one-line text, also the
# invisible ones: zero-width spaces and joiners, direction marks, the word joiner, a byte order mark.
# Unicode's noncharacters (U+FDD0-U+FDEF and the last two of each plane) are no text at all, and YAML
# refuses them: one in a title would break the page's metadata.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xfffe) + chr(plane + 0xffff)
                                            for plane in range(0, 0x110000, 0x10000))
_HIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS
_HIDDEN_IN_PROSE = re.compile(f"[{_HIDDEN}]")
_HIDDEN_IN_LINE = re.compile(f"[{_HIDDEN}\r\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
NONCHARACTERS = re.compile(f"[{_NONCHARACTERS}]")
BIDI_CHARACTERS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host and no spaces: the only links records and config may hold."""
    if _SPACE.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # such as a broken IPv6 host, "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def hidden_character(text: str, prose: bool = False) -> tuple[int, str] | None:
    """The first character of `text` that must not be there, and its position (from 0), or None.

    `prose` is text of several paragraphs (a story, a page), where zero-width joiners have their use.
    """
    found = (_HIDDEN_IN_PROSE if prose else _HIDDEN_IN_LINE).search(text)
    return (found.start(), found.group()) if found else None


def hidden_character_line(text: str, prose: bool = True) -> tuple[int, str] | None:
    """The line (from 1) of the first hidden character in a file's `text`, and the message for it, or None."""
    found = hidden_character(text, prose)
    if found is None:
        return None
    start = text.rfind("\n", 0, found[0]) + 1
    column = found[0] - start + 1
    return text.count("\n", 0, found[0]) + 1, msg.HIDDEN_CHAR_LINE.format(what=describe_character(found[1]),
                                                                         column=column)


def describe_character(char: str) -> str:
    """A hidden character as a user can look it up: 'ký tự đổi chiều chữ U+202E'."""
    kind = ("control" if CONTROL_CHARACTERS.match(char) else "bidi" if BIDI_CHARACTERS.match(char)
            else "line" if char in "\u2028\u2029" else "none" if NONCHARACTERS.match(char) else "invisible")
    return f"{msg.HIDDEN_KINDS[kind]} U+{ord(char):04X}"


def hidden_character_problem(key: str, text: str, prose: bool = False) -> str | None:
    """The message for the first hidden character in the value of `key`, or None when there is none."""
    found = hidden_character(text, prose)
    if found is None:
        return None
    return msg.HIDDEN_CHAR.format(key=key, what=describe_character(found[1]), pos=found[0] + 1)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Remove every diacritic, including the stroke of đ: 'Nguyễn Hưng Đạo' -> 'Nguyen Hung Dao'.

    Exactly what the search page's `fold` does (assets/search/search.js): decompose, drop every mark
    (Unicode category M, as /\\p{M}/u), đ → d, recompose. A test runs both over the same strings.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def search_words(text: str) -> list[str]:
    """The words of `text` as search sees them, lower case NFC: the page splits a query the same way."""
    return _SEARCH_WORD.findall(unicodedata.normalize("NFC", text).lower())


def slugify(text: str) -> str:
    """An ASCII URL slug: 'Nguyễn Hưng Đạo' -> 'nguyen-hung-dao'."""
    return _SLUG_JUNK.sub("-", fold_diacritics(text).lower()).strip("-")


@functools.lru_cache(maxsize=200_000)  # names sorted again on every rebuild of the preview
def vi_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese alphabetical order: a ă â b c d đ e ê …, tones after the base letter.

    Letters compare first over the whole string; tones break ties, as in a dictionary.
    """
    letters, tones = [], []
    for ch in text.lower():  # each character's part, as _sort_key makes it, looked up (a third of the time)
        part = _CHAR_KEYS.get(ch)
        if part is None:
            part = _CHAR_KEYS[ch] = _char_key(ch)
        if part is _WHOLE:
            return _sort_key(text)
        letters.append(part[0])
        tones.append(part[1])
    return tuple(letters), tuple(tones), text


_WHOLE = ()  # a character whose part depends on its neighbours (a combining mark): the whole text is walked
_CHAR_KEYS: dict[str, tuple] = {}


def _char_key(ch: str) -> tuple:
    """A lower-case character's part of the sort key, alone: (its letter's rank, its tone), or _WHOLE."""
    if unicodedata.combining(ch):
        return _WHOLE
    primary, tones, _ = _sort_key(ch)
    return (primary[0], tones[0]) if len(primary) == 1 and len(tones) == 1 else _WHOLE


def _sort_key(text: str) -> tuple:
    """vi_sort_key, walking the decomposed text: tone marks go to the letter before them."""
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


def with_details(main: str, *details: object) -> str:
    """'main (detail, detail)', leaving out the details not given: an award with who gave it and when."""
    given = [str(d) for d in details if d not in (None, "")]
    return f"{main} ({', '.join(given)})" if given else main
