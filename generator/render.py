"""The renderer: MkDocs + Material turn the docs tree into HTML pages, with our theme settings.

Everything the site shows is decided before this step (pages.py); MkDocs adds the theme, navigation and
assets. No hooks or plugins: the generated mkdocs.yml is plain, so another renderer that reads it can
take MkDocs' place.
"""
from __future__ import annotations

import calendar
import logging
import os
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .catalog import Catalog
from .pages import CSS_FILE, NavEntry
from .search import SEARCH_CSS

log = logging.getLogger(__name__)

OVERRIDES = Path(__file__).parent / "templates" / "overrides"


def mkdocs_config(catalog: Catalog, docs: Path, site: Path, nav: list[NavEntry]) -> dict:
    config = catalog.project.config
    return {
        "site_name": config.name,
        "site_description": config.description,
        "site_url": config.url,
        "site_author": config.publisher or None,
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "nav": [{entry.title: entry.path} for entry in nav],
        "theme": {
            "name": "material",
            "custom_dir": str(OVERRIDES),
            "language": "vi",
            "font": False,  # system fonts: no request to any other host
            "features": ["navigation.tabs", "navigation.top"],
            "palette": [
                {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "red", "accent": "amber",
                 "toggle": {"icon": "material/weather-night", "name": "Chuyển sang nền tối"}},
                {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "red", "accent": "amber",
                 "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang nền sáng"}},
            ],
        },
        "extra_css": [CSS_FILE, SEARCH_CSS],
        # Material's search plugin is off: the site has its own search, built after rendering.
        "plugins": [],
        "markdown_extensions": [],
        "copyright": config.publisher or None,
        "extra": {"generator": False},
        "validation": {
            "nav": {"omitted_files": "ignore", "not_found": "warn", "absolute_links": "ignore"},
            "links": {"not_found": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore",
                      "anchors": "ignore"},
        },
    }


def render_site(catalog: Catalog, docs: Path, site: Path, nav: list[NavEntry], work: Path) -> None:
    """Render `docs` into `site` with MkDocs + Material."""
    config_file = work / "mkdocs.yml"
    settings = mkdocs_config(catalog, docs, site, nav)
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # MkDocs' progress lines are in English and say nothing new
    # MkDocs dates the sitemap and stamps sitemap.xml.gz with the clock unless SOURCE_DATE_EPOCH is set.
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(catalog.date.timetuple()))
    try:
        build(load_config(config_file=str(config_file)))
    finally:
        mkdocs_log.setLevel(level)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
