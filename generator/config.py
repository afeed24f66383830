"""``site_config.yml``: the site's identity, the fields taxonomy and the options users may set."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import messages as msg
from . import formats
from .formats import CONFIG, SITE
from .inputs import CONFIG_LIMIT
from .problems import InputError, Problem
from .shapes import Checker, read_checked

CONFIG_FILE = "site_config.yml"
_SITE_KEYS = tuple(SITE.by_name)


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
    language: str = SITE.key("language").default
    publisher: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # key -> Vietnamese label, in file order
    featured: tuple[str, ...] = ()
    page_size: int = CONFIG.table.key("page_size").default
    home_latest: int = CONFIG.table.key("home_latest").default
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
    if not path.exists() and not path.is_symlink():
        return None, [Problem(CONFIG_FILE, 1, msg.CONFIG_MISSING)]
    checker = Checker(CONFIG_FILE)
    top = read_checked(root, path, CONFIG_LIMIT, formats.CONFIG, checker)
    if top is None:
        return None, checker.problems
    site = top.get("site") or {}
    values = {key: site[key] for key in _SITE_KEYS if key in site}
    if "url" in values:
        values["url"] = values["url"].rstrip("/") + "/"
    labels = top.get("fields")
    if not labels:
        return None, checker.problems
    featured = top.get("featured", ())
    numbers = {key: top.get(key, formats.CONFIG.table.key(key).default) for key in ("page_size", "home_latest")}
    return SiteConfig(
        name=values.pop("name", ""), url=values.pop("url", ""), fields=dict(labels), featured=tuple(featured),
        featured_lines=tuple(getattr(featured, "item_lines", ())),
        mirrors=tuple(Mirror(m["name"], m["url"]) for m in top.get("mirrors", ())), **numbers, **values,
    ), checker.problems
