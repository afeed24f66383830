"""``site_config.yml``: the site's identity, the fields taxonomy and the options users may set."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import messages as msg
from .inputs import CONFIG_LIMIT, FileProblem
from .problems import InputError, Problem
from .text import SLUG_PATTERN, hidden_character_problem, is_web_address, slugify
from .yamlfile import YList, YMap, load_file

CONFIG_FILE = "site_config.yml"
_SITE_KEYS = ("name", "tagline", "description", "url", "language", "publisher", "contact", "licence")
_TOP_KEYS = ("site", "fields", "featured", "page_size", "mirrors", "home_latest")
NUMBER_LIMIT = 1000  # the most page_size and home_latest may be


# The licences a site may give its content and open data, by SPDX identifier (what a data package names):
# the open ones fit for text and data. Their Vietnamese names are in messages.LICENCE_TITLES.
LICENCES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
}
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")
# Hosts no real site has: the example's own (guongsang.example.vn), RFC 2606's names and loopback.
_PLACEHOLDER_LABELS = {"example", "test", "invalid", "localhost"}


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, e.g. "CC-BY-4.0"
    title: str  # in Vietnamese
    url: str


@dataclass(frozen=True)
class Mirror:
    name: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    name: str
    url: str  # canonical address of the primary host, ending in "/"
    tagline: str = ""
    description: str = ""
    language: str = "vi"
    publisher: str = ""
    contact: str = ""  # an email or a web address, for readers who want to reach the publisher
    licence: Licence | None = None  # of the site's text and its open data
    fields: dict[str, str] = field(default_factory=dict)  # key -> Vietnamese label, in file order
    featured: tuple[str, ...] = ()
    page_size: int = 24
    home_latest: int = 6
    mirrors: tuple[Mirror, ...] = ()
    featured_lines: tuple[int, ...] = field(default=(), compare=False, repr=False)  # in site_config.yml


def load_config(root: Path) -> SiteConfig:
    """Read and check site_config.yml; raise InputError listing every problem."""
    config, problems = read_config(root)
    if problems or config is None:
        raise InputError(problems)
    return config


def read_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read site_config.yml and every problem in it.

    The config comes back despite problems when records can still be checked against it (its fields
    taxonomy is readable), so that one run reports the problems of both; otherwise it is None.
    """
    path = root / CONFIG_FILE
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(CONFIG_FILE, line, message))

    if not path.exists() and not path.is_symlink():
        return None, [Problem(CONFIG_FILE, 1, msg.CONFIG_MISSING)]
    try:
        top, duplicates = load_file(root, path, CONFIG_LIMIT)
    except FileProblem as err:
        return None, [Problem(CONFIG_FILE, err.line, err.message)]
    for dup in duplicates:
        problem(dup.line, msg.YAML_DUPLICATE_KEY.format(key=dup.key, first=dup.first))
    _unknown_keys(top, _TOP_KEYS, problem)
    site = top.get("site")
    if not isinstance(site, YMap):
        problem(top.line_of("site"), msg.MISSING_KEY.format(key="site", meaning="tên và địa chỉ của trang"))
        site = YMap()
        site.line, site.key_lines = 1, {}
    _unknown_keys(site, _SITE_KEYS, problem)
    values = {}
    for key in _SITE_KEYS:
        value = site.get(key)
        if value is not None and not isinstance(value, str):
            problem(site.line_of(key), msg.WRONG_TYPE.format(key=key, expected="chữ", found=msg.type_label(value)))
        elif value is not None and (hidden := hidden_character_problem(key, value.strip())):
            problem(site.line_of(key), hidden)
        elif value is not None:
            values[key] = value.strip()
    for key in ("name", "url"):
        if not values.get(key):
            problem(site.line, msg.MISSING_KEY.format(key=f"site.{key}", meaning=key))
    url = values.get("url", "")
    if url:
        if wrong := site_url_problem(url):
            problem(site.line_of("url"), wrong)
        values["url"] = normal_site_url(url)
    contact = values.get("contact", "")
    if contact and not (is_web_address(contact) or _EMAIL.match(contact)):
        problem(site.line_of("contact"), msg.BAD_CONTACT.format(value=contact))
    if "licence" in values:
        licence = values.pop("licence")
        if licence in LICENCES:
            values["licence"] = Licence(licence, msg.LICENCE_TITLES[licence], LICENCES[licence])
        else:
            by_upper = {k.upper(): k for k in LICENCES}
            close = difflib.get_close_matches(licence.upper(), list(by_upper), n=1, cutoff=0.6)
            template = msg.BAD_LICENCE_SUGGEST if close else msg.BAD_LICENCE
            problem(site.line_of("licence"), template.format(value=licence, choices=", ".join(LICENCES),
                                                             suggestion=by_upper[close[0]] if close else ""))

    fields = top.get("fields")
    if not isinstance(fields, dict) or not fields:
        problem(top.line_of("fields"), msg.MISSING_KEY.format(key="fields", meaning="danh mục lĩnh vực"))
        fields = {}
    for key, label in fields.items():
        if not isinstance(label, str) or not label.strip():
            problem(fields.line_of(key), msg.WRONG_TYPE.format(key=key, expected="chữ", found=msg.type_label(label)))
        elif hidden := hidden_character_problem(key, label.strip()):
            problem(fields.line_of(key), hidden)

    for key in fields:
        if not SLUG_PATTERN.match(key):
            problem(fields.line_of(key), msg.BAD_FIELD_KEY.format(key=key, suggestion=slugify(key) or "linh-vuc"))

    featured = top.get("featured") or YList()
    if not isinstance(featured, YList) or not all(isinstance(f, str) for f in featured):
        problem(top.line_of("featured"), msg.WRONG_TYPE.format(key="featured", expected="danh sách mã bản ghi",
                                                              found=msg.type_label(featured)))
        featured = YList()
    featured_lines = tuple(featured.line_of(i) for i in range(len(featured)))

    mirrors = []
    listed = top.get("mirrors") or YList()
    if not isinstance(listed, YList):
        problem(top.line_of("mirrors"), msg.WRONG_TYPE.format(key="mirrors", expected="danh sách {name, url}",
                                                             found=msg.type_label(listed)))
        listed = YList()
    for i, item in enumerate(listed):
        line = listed.line_of(i)
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not isinstance(item.get("name"), str):
            problem(line, msg.WRONG_TYPE.format(key="mirrors", expected="danh sách {name, url}",
                                                found=msg.type_label(item)))
            continue
        if not is_web_address(item["url"]):
            problem(line, msg.BAD_URL.format(value=item["url"]))
            continue
        if hidden := hidden_character_problem("name", item["name"]):
            problem(line, hidden)
            continue
        mirrors.append(Mirror(item["name"], item["url"]))

    numbers = {}
    for key, default in (("page_size", 24), ("home_latest", 6)):
        value = top.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            problem(top.line_of(key), msg.WRONG_TYPE.format(key=key, expected=f"số nguyên từ 1 đến {NUMBER_LIMIT}",
                                                            found=msg.type_label(value)))
            value = default
        elif not 1 <= value <= NUMBER_LIMIT:
            problem(top.line_of(key), msg.NUMBER_RANGE.format(key=key, value=value, low=1, high=NUMBER_LIMIT))
            value = default
        numbers[key] = value

    labels = {k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}
    if not labels:
        return None, problems
    values.setdefault("name", "")
    values.setdefault("url", "")
    return SiteConfig(fields=labels, featured=tuple(f.strip() for f in featured), featured_lines=featured_lines,
                      mirrors=tuple(mirrors), **numbers, **values), problems


def site_url_problem(url: str) -> str | None:
    """What is wrong with `url` as the site's address (site.url, or `--site-url`), or None: a full http(s)
    address of a folder, without a query, a fragment or a password, since every page's address is made from it."""
    if not is_web_address(url):
        return msg.BAD_URL.format(value=url)
    parts = urlsplit(url)
    if parts.query or parts.fragment or "?" in url or "#" in url or parts.username is not None:
        return msg.BAD_SITE_URL.format(value=url)
    return None


def normal_site_url(url: str) -> str:
    """The site's address as pages are joined to it: ending in one "/"."""
    return url.rstrip("/") + "/"


def is_placeholder_url(url: str) -> bool:
    """Whether `url` is on a host no real site has (the example's guongsang.example.vn, *.test, localhost…):
    a site published so links to nowhere from its canonical links, feeds, data and mirrors page."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(_PLACEHOLDER_LABELS & set(host.split("."))) or host.startswith("127.")


def _unknown_keys(m: YMap, allowed: tuple[str, ...], problem) -> None:
    for key in m:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            template = msg.UNKNOWN_KEY_SUGGEST if close else msg.UNKNOWN_KEY
            problem(m.line_of(key), template.format(key=key, suggestion=close[0] if close else ""))
