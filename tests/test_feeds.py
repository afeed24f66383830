"""News posts, the timeline and the three feeds: valid, absolute, newest first, byte-for-byte stable."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import jsonschema
import pytest

from generator.config import SiteConfig
from generator.feeds import atom, json_feed, rss
from generator.history import Dates
from generator.news import read_news
from generator.problems import InputError
from generator.publishing import post_status
from generator.updates import Update

CONFIG = SiteConfig(name="Gương sáng", url="https://guongsang.example.vn/", description="Mô tả & <thử>",
                    publisher="Ban biên tập")
D = dt.date


def updates() -> list[Update]:
    return [
        Update("Tin: Tuyên Quang biểu dương", "tin-tuc/bieu-duong/", "Năm mươi tấm gương.", "Tin tức",
               Dates(D(2025, 5, 19), D(2025, 5, 19)), "tin-tuc/bieu-duong"),
        Update("Nguyễn Hưng Đạo", "ca-nhan/nguyen-hung-dao/", "Bác sĩ & <người> đứng đầu.", "Cá nhân",
               Dates(D(2024, 1, 10), D(2025, 3, 5)), "nguyen-hung-dao"),
        Update("3 nên, 3 không", "mo-hinh/3-nen-3-khong/", "", "Mô hình",
               Dates(D(2023, 2, 1), D(2023, 2, 1)), "3-nen-3-khong"),
    ]


LINKS = ["https://guongsang.example.vn/tin-tuc/bieu-duong/", "https://guongsang.example.vn/ca-nhan/nguyen-hung-dao/",
         "https://guongsang.example.vn/mo-hinh/3-nen-3-khong/"]

# JSON Feed 1.1 (jsonfeed.org/version/1.1): what the specification requires, as a schema.
JSON_FEED_SCHEMA = {
    "type": "object", "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"}, "title": {"type": "string"},
        "home_page_url": {"type": "string", "pattern": "^https?://"}, "feed_url": {"type": "string", "pattern": "^https?://"},
        "authors": {"type": "array", "items": {"type": "object", "anyOf": [{"required": ["name"]}, {"required": ["url"]}]}},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"], "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
            "properties": {"id": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"},
                           "date_published": {"type": "string", "format": "date-time"},
                           "date_modified": {"type": "string", "format": "date-time"},
                           "tags": {"type": "array", "items": {"type": "string"}}}}},
    },
}


@pytest.mark.parametrize("make", [atom, rss])
def test_xml_feeds_parse_with_absolute_links_newest_first(make):
    raw = make(CONFIG, updates())
    assert make(CONFIG, updates()) == raw  # no clock, no randomness
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Gương sáng: cập nhật mới"
    assert [e.link for e in parsed.entries] == LINKS
    stamps = [e.published_parsed if make is rss else e.updated_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert parsed.entries[1].summary in ("Bác sĩ & <người> đứng đầu.", "Bác sĩ &amp; &lt;người&gt; đứng đầu.")


def test_json_feed_is_valid_json_feed_1_1():
    raw = json_feed(CONFIG, updates())
    assert json_feed(CONFIG, updates()) == raw
    data = json.loads(raw)
    jsonschema.validate(data, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [i["url"] for i in data["items"]] == LINKS
    modified = [dt.datetime.fromisoformat(i["date_modified"]) for i in data["items"]]
    assert modified == sorted(modified, reverse=True)


def test_atom_keeps_first_publication_and_json_feed_version():
    entry = feedparser.parse(atom(CONFIG, updates())).entries[1]
    assert entry.published.startswith("2024-01-10") and entry.updated.startswith("2025-03-05")
    data = json.loads(json_feed(CONFIG, updates()))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["items"][1]["date_published"] == "2024-01-10T00:00:00+07:00"
    assert feedparser.parse(rss(CONFIG, updates())).entries[1].title == "Cập nhật: Nguyễn Hưng Đạo"


def write_post(root: Path, name: str, text: str) -> None:
    folder = root / "content" / "tin-tuc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_news_posts_are_read_newest_first(tmp_path: Path):
    write_post(tmp_path, "cu.md", "---\ntitle: Tin cũ\ndate: 2024-01-02\n---\nNội dung.\n")
    write_post(tmp_path, "moi.md", "---\ntitle: Tin mới\ndate: 2025-05-19\nsummary: Tóm tắt.\n"
                                   "updated: 2025-05-20\n---\n\n# Không phải tiêu đề\n")
    old, new = read_news(tmp_path)[::-1]
    assert (new.title, new.date, new.updated, new.summary, new.url) == (
        "Tin mới", D(2025, 5, 19), D(2025, 5, 20), "Tóm tắt.", "tin-tuc/moi/")
    assert old.body == "Nội dung.\n"
    assert post_status(old, D(2024, 1, 2)) is None and post_status(old, D(2024, 1, 1)) == "embargo"


def test_news_problems_name_file_and_line(tmp_path: Path):
    write_post(tmp_path, "a.md", "Không có phần đầu.\n")
    write_post(tmp_path, "b.md", "---\ntitle: B\ndate: 19/5/2025\ntac-gia: X\n---\n")
    write_post(tmp_path, "Tin Mới.md", "---\ntitle: C\ndate: 2/1/2025\n---\n")
    with pytest.raises(InputError) as err:
        read_news(tmp_path)
    found = [(p.path, p.line) for p in err.value.problems]
    assert found == [("content/tin-tuc/Tin Mới.md", 1), ("content/tin-tuc/Tin Mới.md", 3), ("content/tin-tuc/a.md", 1),
                     ("content/tin-tuc/b.md", 3), ("content/tin-tuc/b.md", 4)]
    assert "tin-moi.md" in err.value.problems[0].message
