"""Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the site's updates: absolute links to the primary host, newest first.

The output depends only on the updates given: no generation time, a fixed order and fixed serialisation,
so the same repository gives byte-identical feeds.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from . import addresses
from . import messages as msg
from .config import SiteConfig
from .dates import VIETNAM
from .output import inside, write_new
from .updates import Update

log = logging.getLogger(__name__)

FEED_ENTRIES = 50


@dataclass(frozen=True)
class FeedFile:
    path: str  # in the site, beside the updates page
    media_type: str
    title: str


ATOM = FeedFile(addresses.ATOM_FEED, "application/atom+xml", "Atom")
RSS = FeedFile(addresses.RSS_FEED, "application/rss+xml", "RSS")
JSON_FEED = FeedFile(addresses.JSON_FEED, "application/feed+json", "JSON Feed")


def write_feeds(config: SiteConfig, updates: list[Update], site: Path) -> None:
    """Write the three feeds of the newest updates into `site`, beside the updates page."""
    entries = updates[:FEED_ENTRIES]
    for feed, write in ((ATOM, atom), (RSS, rss), (JSON_FEED, json_feed)):
        path = inside(site, site / feed.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new(path, write(config, entries))


def _moment(day: dt.date) -> dt.datetime:
    """A feed needs a time: the start of the day in Vietnam."""
    return dt.datetime.combine(day, dt.time(0), VIETNAM)


def _title(config: SiteConfig) -> str:
    return msg.FEED_TITLE.format(site=config.name)


def _newest(entries: list[Update]) -> dt.date:
    return max((u.date for u in entries), default=dt.date(2000, 1, 1))


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(config: SiteConfig, entries: list[Update]) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", {"xmlns": ns, "xml:lang": config.language})
    ET.SubElement(feed, "id").text = config.url + addresses.UPDATES
    ET.SubElement(feed, "title").text = _title(config)
    if config.description:
        ET.SubElement(feed, "subtitle").text = config.description
    ET.SubElement(feed, "updated").text = _moment(_newest(entries)).isoformat()
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": config.url + addresses.UPDATES})
    ET.SubElement(feed, "link", {"rel": "self", "type": ATOM.media_type, "href": config.url + ATOM.path})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = config.publisher or config.name
    for u in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = config.url + u.url
        ET.SubElement(entry, "title").text = u.title
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": config.url + u.url})
        ET.SubElement(entry, "published").text = _moment(u.dates.published).isoformat()
        ET.SubElement(entry, "updated").text = _moment(u.date).isoformat()
        ET.SubElement(entry, "category", {"term": u.label})
        if u.summary:
            ET.SubElement(entry, "summary").text = u.summary
    return _xml(feed)


def rss(config: SiteConfig, entries: list[Update]) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = _title(config)
    ET.SubElement(channel, "link").text = config.url + addresses.UPDATES
    # Readers take an RSS description for HTML (the channel's as an item's): escaped, it shows as written.
    ET.SubElement(channel, "description").text = html.escape(config.description or _title(config), quote=False)
    ET.SubElement(channel, "language").text = config.language
    ET.SubElement(channel, "lastBuildDate").text = email.utils.format_datetime(_moment(_newest(entries)))
    ET.SubElement(channel, "atom:link", {"href": config.url + RSS.path, "rel": "self", "type": RSS.media_type})
    for u in entries:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = f"{u.what}: {u.title}" if u.dates.is_update else u.title
        ET.SubElement(item, "link").text = config.url + u.url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = config.url + u.url
        ET.SubElement(item, "pubDate").text = email.utils.format_datetime(_moment(u.date))
        ET.SubElement(item, "category").text = u.label
        if u.summary:
            ET.SubElement(item, "description").text = html.escape(u.summary, quote=False)  # RSS holds HTML
    return _xml(root)


def json_feed(config: SiteConfig, entries: list[Update]) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _title(config),
        "home_page_url": config.url,
        "feed_url": config.url + JSON_FEED.path,
        "description": config.description,
        "language": config.language,
        "authors": [{"name": config.publisher or config.name}],
        "items": [
            {
                "id": config.url + u.url,
                "url": config.url + u.url,
                "title": u.title,
                "summary": u.summary,
                "content_text": u.summary or u.title,
                "date_published": _moment(u.dates.published).isoformat(),
                "date_modified": _moment(u.date).isoformat(),
                "tags": [u.label],
            }
            for u in entries
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
