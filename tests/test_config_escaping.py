"""Values of site_config.yml reach pages, feeds and the sitemap as text: whatever they hold, they inject nothing.

One project whose name, tagline, description, publisher, a field label, a mirror and the title of a page in
the navigation each carry an attribute breakout, a script, quotes and an ampersand. Every built page is
parsed: no element or attribute comes from those values, and each shows exactly as written.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml

from generator import messages as msg
from generator.build import build_site

from conftest import REPO, write_record
from htmlpage import Element, page, parse
from test_config import config_problems

ATTACK = '"><script>alert(1)</script>'
NAME = f"Gương {ATTACK} 'x' & y"
TAGLINE = f"Khẩu hiệu {ATTACK} 't' & z"
DESCRIPTION = f"Mô tả {ATTACK} 'd' & <b>đậm</b>"
PUBLISHER = f"Ban {ATTACK} 'p' & <img src=x onerror=alert(3)>"
FIELD = f"Giáo dục {ATTACK} 'f' &"
MIRROR = f"Bản sao {ATTACK} 'm' &"
MIRROR_URL = "https://ban-sao.example/guong-sang/?a=1&b='2'"
PAGE_TITLE = f"Giới thiệu {ATTACK} 'g' &"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-config")
    config = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    config["site"] |= {"name": NAME, "tagline": TAGLINE, "description": DESCRIPTION, "publisher": PUBLISHER}
    config["fields"]["giao-duc"] = FIELD
    config["featured"] = []
    config["mirrors"] = [{"name": MIRROR, "url": MIRROR_URL}]
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "models").mkdir()
    write_record(root, "nguyen-van-an")  # a teacher: field giao-duc
    (root / "content").mkdir()
    (root / "content/gioi-thieu.md").write_text(f"# {PAGE_TITLE}\n\nNội dung.\n", encoding="utf-8")
    out = root / "site"
    build_site(root, out)
    return out


def injected(doc: Element) -> list[str]:
    """What in a parsed page can only have come from markup inside a config value."""
    found = []
    for e in doc.iter():
        if e.tag == "script" and "alert" in e.text and e.attrs.get("type") != "application/json":
            found.append(f"<script> {e.text[:60]}")
        found.extend(f"<{e.tag} {name}>" for name in e.attrs if name.startswith("on") or "<" in name or '"' in name)
        if e.tag == "img" and e.attrs.get("src") == "x" or e.tag == "b" and "đậm" in e.text:
            found.append(f"<{e.tag}>")
    return found


def test_no_page_carries_markup_from_the_config(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    assert {str(p.relative_to(site)): found for p in pages if (found := injected(parse(p)))} == {}


def test_the_theme_shows_each_value_as_written(site: Path):
    home = page(site, "")
    assert home.find("title").text == f"{NAME} - {NAME}"
    logo = home.find("a", "md-logo")
    assert logo.attrs["title"] == NAME and logo.attrs["aria-label"] == NAME  # escaped once, not twice
    assert NAME in [e.text for e in home.find_all("span", "md-ellipsis")]
    feeds = {e.attrs["type"]: e.attrs["title"] for e in home.find_all("link") if e.attrs.get("rel") == "alternate feed"}
    assert feeds == {"application/atom+xml": f"{NAME}: cập nhật (Atom)", "application/rss+xml": f"{NAME}: cập nhật (RSS)",
                     "application/feed+json": f"{NAME}: cập nhật (JSON Feed)"}
    assert home.find("div", "md-copyright__highlight").text == PUBLISHER
    assert PAGE_TITLE in [a.text for a in home.find("nav", "md-tabs").find_all("a")]
    record = page(site, "ca-nhan/nguyen-van-an/")
    assert record.find("title").text == f"Nguyễn Văn An - {NAME}"
    missing = parse(site / "404.html")  # a page with no description of its own: the site's, from the theme
    metas = {e.attrs.get("name"): e.attrs.get("content") for e in missing.find_all("meta")}
    assert metas["description"] == DESCRIPTION and metas["author"] == PUBLISHER


def test_our_pages_show_each_value_as_written(site: Path):
    mirrors = page(site, "ban-sao/")
    link = next(a for a in mirrors.find_all("a") if a.text == MIRROR)
    assert link.attrs["href"] == MIRROR_URL
    assert FIELD in page(site, "linh-vuc/giao-duc/").find("h1").text
    search = page(site, "tim-kiem/")
    settings = json.loads(next(e for e in search.find_all("script") if e.attrs.get("id") == "gs-search-config").text)
    assert ["giao-duc", FIELD] in settings["facets"]["linh-vuc"]


def test_feeds_and_sitemap_still_parse_and_carry_the_values_as_text(site: Path):
    title = msg.FEED_TITLE.format(site=NAME)
    atom = feedparser.parse((site / "cap-nhat/atom.xml").read_bytes())
    assert not atom.bozo and atom.feed.title == title and atom.feed.subtitle == DESCRIPTION
    assert atom.feed.author == PUBLISHER
    rss = feedparser.parse((site / "cap-nhat/rss.xml").read_bytes())
    # RSS readers take a description for HTML: it must come out as text, with its markup escaped.
    assert not rss.bozo and rss.feed.title == title and rss.feed.subtitle_detail.type == "text/html"
    assert parse(rss.feed.subtitle).children == [] and "alert(1)" in rss.feed.subtitle
    assert [e.title for e in rss.entries] == [e.title for e in atom.entries] == ["Nguyễn Văn An"]
    feed = json.loads((site / "cap-nhat/feed.json").read_text(encoding="utf-8"))
    assert feed["title"] == title and feed["description"] == DESCRIPTION and feed["authors"] == [{"name": PUBLISHER}]
    ET.parse(site / "sitemap.xml")


@pytest.mark.parametrize("url", ['https://guongsang.example.vn/a"><script>alert(1)</script>/',
                                 "https://guongsang.example.vn/'$(id)'/", "https://guongsang.example.vn/a|b/",
                                 "https://guongsang.example.vn/?trang=1", "https://gương-sáng.vn/"])
def test_a_site_address_that_html_or_a_shell_would_read_is_refused(project: Path, url: str):
    text = (project / "site_config.yml").read_text(encoding="utf-8").replace("https://guongsang.example.vn/", url)
    line = text.splitlines().index(f"  url: {url}") + 1
    assert ("site_config.yml", line, msg.SITE_URL_NOT_PLAIN.format(value=url)) in config_problems(project, text)


@pytest.mark.parametrize("url", ["https://guongsang.example.vn/", "http://127.0.0.1:8000/guong-sang/",
                                 "http://[::1]:8000/", "https://xn--gng-sng-9za3e.vn/thu_muc/~ban-sao/%C4%91/"])
def test_plain_site_addresses_are_accepted(project: Path, url: str):
    text = (project / "site_config.yml").read_text(encoding="utf-8").replace("https://guongsang.example.vn/", url)
    assert config_problems(project, text) == []
