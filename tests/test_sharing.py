"""Shared links: Open Graph and Twitter card metadata on every page, and each record's 1200×630 share image."""
from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from generator.cache import CACHE_FOLDER
from generator import shareimage
from generator.build import build_site
from generator.config import load_config
from generator.shareimage import ShareCard, draw

from conftest import REPO, write_record
from htmlpage import content, page, parse

BASE = load_config(REPO).url
# Every letter of Vietnamese with every tone, lower and upper case.
VIETNAMESE_LETTERS = "".join(c + c.upper() for c in
                             "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")


def meta(doc) -> dict[str, str]:
    """The page's <meta property|name=… content=…>, by property or name."""
    return {m.attrs.get("property") or m.attrs.get("name"): m.attrs["content"]
            for m in doc.find_all("meta") if "content" in m.attrs}


def image_at(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return site / url.removeprefix(BASE)


def test_the_font_of_the_share_images_is_installed():
    """Every test below needs it; without it they fail, this one saying what to install."""
    assert shareimage.fonts_installed(), ("Thiếu phông Noto Sans: sudo apt-get install fonts-noto-core (hoặc chạy .ci/run). "
                                          "Missing Noto Sans: install fonts-noto-core.")


def test_every_page_has_open_graph_and_twitter_card_metadata(example_site: Path):
    pages = sorted(example_site.rglob("index.html"))
    assert len(pages) > 100
    for path in pages:
        doc = parse(path)
        tags = meta(doc)
        address = path.parent.relative_to(example_site).as_posix()
        address = "" if address == "." else address + "/"
        canonical = next(link.attrs["href"] for link in doc.find_all("link") if link.attrs.get("rel") == "canonical")
        assert tags["og:url"] == canonical == BASE + address, path
        assert tags["og:site_name"] == "Gương sáng" and tags["og:locale"] == "vi_VN", path
        assert tags["og:title"] == tags["twitter:title"] and tags["og:title"], path
        assert tags["og:description"] == tags["twitter:description"] == tags["description"], path
        assert tags["twitter:card"] == "summary_large_image", path
        assert tags["og:image"] == tags["twitter:image"] and tags["og:image:alt"], path
        with Image.open(image_at(example_site, tags["og:image"])) as image:
            assert image.format == "PNG" and image.size == (1200, 630), path
            assert (int(tags["og:image:width"]), int(tags["og:image:height"])) == image.size


def test_a_record_shares_its_own_image_and_title(example_site: Path):
    doc = page(example_site, "ca-nhan/nguyen-hung-dao/")
    tags = meta(doc)
    assert tags["og:title"] == content(doc).find("h1").text == "Nguyễn Hưng Đạo"
    assert tags["og:type"] == "article"
    assert tags["og:image"] == BASE + "anh/nguyen-hung-dao/chia-se.png"
    home = meta(page(example_site, ""))
    assert home["og:type"] == "website" and home["og:image"] == BASE + "anh/chia-se.png"
    # each record has its own picture; the other pages share the site's
    pictures = {meta(parse(p))["og:image"] for p in example_site.glob("*/*/index.html")
                if p.parts[-3] in ("ca-nhan", "tap-the", "mo-hinh")}
    assert len(pictures) == len(list(example_site.glob("anh/*/chia-se.png")))


def test_the_home_page_title_is_the_site_and_its_tagline(example_site: Path):
    config = load_config(REPO)
    assert parse(example_site / "index.html").find("title").text == f"{config.name}: {config.tagline}"
    assert page(example_site, "ca-nhan/nguyen-hung-dao/").find("title").text == "Nguyễn Hưng Đạo - Gương sáng"


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    mask = font.getmask(char)
    return bytes(mask) + bytes(str(mask.size), "ascii")


def test_the_font_has_every_letter_of_every_name_and_place():
    """A letter the font lacks would be drawn as an empty box: Noto Sans must cover them all."""
    from generator.build import load_catalog

    catalog = load_catalog(REPO)
    cards = [shareimage.record_card(catalog, r) for r in catalog.records] + [shareimage.site_card(catalog)]
    letters = {c for card in cards for text in (card.name, card.place, card.kind.upper(), card.subtitle)
               for c in text if not c.isspace()} | set(VIETNAMESE_LETTERS)
    for name in (shareimage.BOLD, shareimage.REGULAR):
        font = ImageFont.truetype(str(shareimage.FONT_FOLDER / name), 40)
        missing = _glyph(font, "\uffff")  # a noncharacter, which no font has: the empty box
        assert [c for c in sorted(letters) if _glyph(font, c) == missing] == [], name


def test_a_card_is_the_same_bytes_every_time_and_differs_when_its_text_does():
    card = ShareCard("Gương sáng", "Cá nhân", "Nguyễn Hưng Đạo", "Bác sĩ", "huyện Chiêm Hóa, Tuyên Quang")
    first = draw(card)
    assert draw(card) == first
    assert draw(ShareCard("Gương sáng", "Cá nhân", "Nguyen Hung Dao", "Bác sĩ", "huyện Chiêm Hóa, Tuyên Quang")) != first
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (1200, 630) and image.mode == "P"
        assert not image.info.get("dpi") and not getattr(image, "text", {})  # no metadata to vary


def test_a_very_long_name_still_fits_the_card():
    long = ShareCard("Gương sáng", "Tập thể", "Hợp tác xã " * 40, "Đơn vị " * 30, "xã Rất Xa, " * 20)
    with Image.open(io.BytesIO(draw(long))) as image:
        assert image.size == (1200, 630)
    assert draw(ShareCard("Gương sáng", "Mô hình", "A" * 300)) != b""


def test_share_images_drawn_in_parallel_equal_those_drawn_one_by_one(project: Path, tmp_path: Path):
    from generator.build import load_catalog

    for i in range(120):
        write_record(project, f"nguoi-{i:03d}", name=f"Người thứ {i}")
    assert shareimage.processes_for(121) == min(os.cpu_count() or 1, 2)  # more than one, with two cores
    build_site(project, project / "site")
    catalog = load_catalog(project)
    for record in catalog.records:
        drawn = draw(shareimage.record_card(catalog, record))
        written = (project / "site" / "anh" / record.id / "chia-se.png").read_bytes()
        assert hashlib.sha256(written).digest() == hashlib.sha256(drawn).digest(), record.id


def test_without_the_fonts_the_site_is_built_without_share_images(project: Path, monkeypatch, caplog):
    write_record(project, "an", name="An")
    monkeypatch.setattr(shareimage, "FONT_FOLDER", project / "khong-co-phong")
    shareimage.fonts_installed.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            build_site(project, project / "site")
    finally:
        shareimage.fonts_installed.cache_clear()
    assert not list((project / "site" / "anh").rglob("*.png"))
    tags = meta(page(project / "site", "ca-nhan/an/"))
    assert "og:image" not in tags and tags["twitter:card"] == "summary" and tags["og:title"] == "An"
    assert [r.message for r in caplog.records if "fonts-noto-core" in r.message]


@pytest.mark.parametrize("url", ["tim-kiem/", "du-lieu/", "tu-khoa/bac-si/", "nguon/"])
def test_pages_without_a_picture_of_their_own_share_the_sites(example_site: Path, url: str):
    tags = meta(page(example_site, url))
    assert tags["og:image"] == BASE + "anh/chia-se.png" and tags["og:type"] == "website"


def test_cards_come_from_the_build_cache_and_only_a_changed_one_is_drawn_again(project: Path, monkeypatch):
    write_record(project, "an", name="An")
    write_record(project, "binh", name="Bình")
    build_site(project, project / "site")
    first = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site" / "anh").rglob("*.png")}
    assert len(first) == 3  # the site's and one per record
    drawn = []
    real = shareimage.draw
    monkeypatch.setattr(shareimage, "draw", lambda card: drawn.append(card.name) or real(card))
    build_site(project, project / "site")
    again = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site" / "anh").rglob("*.png")}
    assert drawn == [] and again == first
    write_record(project, "binh", name="Bình Minh")
    for entry in (project / CACHE_FOLDER).rglob("*"):
        if entry.is_file() and entry.read_bytes().endswith(first[Path("anh/an/chia-se.png")]):
            entry.write_bytes(entry.read_bytes()[:-10])  # a damaged entry is drawn again, never used
    build_site(project, project / "site")
    assert sorted(drawn) == ["An", "Bình Minh"]
    assert (project / "site" / "anh" / "an" / "chia-se.png").read_bytes() == first[Path("anh/an/chia-se.png")]
