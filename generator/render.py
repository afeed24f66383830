"""The renderer: MkDocs + Material turn the docs tree into HTML pages, with our theme settings.

Everything the site shows is decided before this step (pages.py); MkDocs adds the theme, navigation and
assets. No hooks or plugins: the generated mkdocs.yml is plain, so another renderer that reads it can
take MkDocs' place.
"""
from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .catalog import Catalog
from .pages import CSS_FILE, NavEntry

log = logging.getLogger(__name__)

# The theme as readers see it: Vietnamese, system fonts (no request to any other host), light and dark.
THEME = {
    "name": "material",
    "language": "vi",
    "font": False,
    "features": ["navigation.tabs", "navigation.top"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "red", "accent": "amber",
         "toggle": {"icon": "material/weather-night", "name": "Chuyển sang nền tối"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "red", "accent": "amber",
         "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang nền sáng"}},
    ],
}
# Pages are generated and link to each other by relative paths MkDocs need not check; record pages
# are deliberately left out of the navigation.
VALIDATION = {
    "nav": {"omitted_files": "ignore", "not_found": "warn", "absolute_links": "ignore"},
    "links": {"not_found": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore", "anchors": "ignore"},
}


def mkdocs_config(catalog: Catalog, docs: Path, theme: Path, site: Path, nav: list[NavEntry]) -> dict:
    config = catalog.project.config
    return {
        "site_name": config.name,
        "site_description": config.description,
        "site_url": config.url,
        "site_author": config.publisher or None,
        "copyright": config.publisher or None,
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "nav": [{entry.title: entry.path} for entry in nav],
        "theme": THEME | {"custom_dir": str(theme)},
        "extra_css": [CSS_FILE],
        # Material's search plugin is off: the site gets its own search after rendering.
        "plugins": [],
        "markdown_extensions": [],
        "extra": {"generator": False},
        "validation": VALIDATION,
    }


def render_site(catalog: Catalog, docs: Path, theme: Path, site: Path, nav: list[NavEntry], work: Path) -> None:
    """Render `docs` into `site` with MkDocs + Material, `theme` holding the template overrides and bodies."""
    config_file = work / "mkdocs.yml"
    settings = mkdocs_config(catalog, docs, theme, site, nav)
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # MkDocs' progress lines are in English and say nothing new
    try:
        build(load_config(config_file=str(config_file)))
    finally:
        mkdocs_log.setLevel(level)
