"""Record Markdown to safe HTML: python-markdown renders, nh3 keeps only an allowlist.

Records may be written carelessly or maliciously, so whatever HTML the Markdown holds (or produces) is
cleaned: no scripts, styles, frames, embeds, forms or event handlers, and links only to http(s), mailto
or relative addresses. The result goes into pages as a raw HTML block that MkDocs passes through as is.
"""
from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark", "abbr", "cite", "q",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h3", "h4", "h5", "h6", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}
PAGE_TAGS = ALLOWED_TAGS | {"h1", "h2"}  # pages in content/ have their own title and sections
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# One converter each, reset between texts: making a Markdown instance costs more than converting a story.
# In records, headings start at h3 so a story's "# …" never competes with the page's title and sections.
_record_converter = markdown.Markdown(extensions=["sane_lists", "tables", "toc"],
                                      extension_configs={"toc": {"baselevel": 3}})
_page_converter = markdown.Markdown(extensions=["sane_lists", "tables", "toc", "fenced_code"])  # guides show commands


def markdown_to_html(text: str) -> str:
    """Render a record's Markdown field (story, retelling) and keep only safe HTML."""
    return _clean(_record_converter.reset().convert(text), ALLOWED_TAGS)


def page_to_html(text: str) -> str:
    """Render a Markdown page from content/ and keep only safe HTML."""
    return _clean(_page_converter.reset().convert(text), PAGE_TAGS)


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)
