"""Provinces: the 34 current units, the 63 former ones, and matching a name as written to both.

Data: ``generator/data/provinces-34.csv`` and ``provinces-63.csv`` (see the README there for sources).
"""
from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .text import fold_diacritics, nfc, slugify


@dataclass(frozen=True)
class Province:
    """A current (post-2025) provincial-level unit."""

    name: str
    code: str
    unit_type: str  # "tỉnh" or "thành phố"
    former: tuple[str, ...]  # names of the former units merged into it

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class PlaceMatch:
    """What a written province name refers to."""

    current: Province
    former: str | None  # the former unit's name when the record names one that no longer exists as such


# Tone placement: older spelling puts the tone on the second vowel of oa/oe/uy ("Hoà", "Thuỵ").
# The reference data uses the other placement ("Hòa"), so move it before matching.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_])")
_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s*", re.IGNORECASE)
# Other names in use, written as match_key() leaves them (lower case, hyphens as spaces).
_ALIASES = {
    "thừa thiên huế": "huế",
    "hcm": "hồ chí minh",
    "tphcm": "hồ chí minh",
    "sài gòn": "hồ chí minh",
    "đăk lăk": "đắk lắk",
    "đắc lắc": "đắk lắk",
    "đăk nông": "đắk nông",
    "đắc nông": "đắk nông",
}


def _normal_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", decomposed))


def match_key(name: str) -> str:
    """The form two spellings of one province share: NFC, one tone placement, no prefix, lower case."""
    key = _normal_tones(nfc(name)).strip().lower()
    key = re.sub(r"[\s\-–]+", " ", key)
    if key.replace(" ", "").replace(".", "") in ("tphcm", "hcm"):
        return "hồ chí minh"
    key = _PREFIX.sub("", key).strip()
    return _ALIASES.get(key, key)


@dataclass
class PlaceIndex:
    """All units, and every accepted spelling of each."""

    provinces: list[Province]
    by_key: dict[str, PlaceMatch] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict, repr=False)  # every name without diacritics
    _suggestions: dict[str, str | None] = field(default_factory=dict, repr=False)  # misspelling -> name

    def resolve(self, written: str) -> PlaceMatch | None:
        return self.by_key.get(match_key(written))

    def suggest(self, written: str) -> str | None:
        """The unit name a misspelling most likely meant (compared without diacritics)."""
        if written not in self._suggestions:
            if not self._folded:
                for p in self.provinces:
                    self._folded.setdefault(fold_diacritics(p.name).lower(), p.name)
                for p in self.provinces:
                    for former in p.former:
                        self._folded.setdefault(fold_diacritics(former).lower(), former)
            wanted = fold_diacritics(_PREFIX.sub("", nfc(written).strip())).lower()
            close = difflib.get_close_matches(wanted, list(self._folded), n=1, cutoff=0.6)
            self._suggestions[written] = self._folded[close[0]] if close else None
        return self._suggestions[written]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("generator").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def load_places() -> PlaceIndex:
    provinces = [
        Province(
            name=nfc(row["new_name"]),
            code=row["new_code"],
            unit_type=nfc(row["unit_type"]),
            former=tuple(nfc(n) for n in row["former_units"].split(";")),
        )
        for row in _read_csv("provinces-34.csv")
    ]
    current = {p.name: p for p in provinces}
    index = PlaceIndex(provinces)
    for row in _read_csv("provinces-63.csv"):
        former, unit = nfc(row["former_name"]), current[nfc(row["new_name"])]
        index.by_key[match_key(former)] = PlaceMatch(unit, None if former == unit.name else former)
    for p in provinces:
        index.by_key[match_key(p.name)] = PlaceMatch(p, None)
    return index
