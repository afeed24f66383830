"""Share images: the 1200×630 PNG a link to a record shows on Zalo, Facebook and the like, drawn with Pillow.

Each card shows the record's kind, name, role (or type of unit) and place and the site's name, set in Noto Sans from Debian's
fonts-noto-core (every Vietnamese letter and tone). A card's bytes depend only on its text, the font files
and the pinned Pillow (its bundled FreeType and zlib): no date, no metadata chunk, the basic layout engine
(not Raqm, which a system may or may not have), so a build gives the same PNG every time. A card is kept in
the build cache (cache.py, its file store) under the hash of those inputs: a build draws only the cards whose text changed,
in as many processes as the machine has cores. Without the fonts (a press officer's own computer, say) the
site has no share images and its pages name none: the build says so once and goes on.
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from . import addresses
from . import messages as msg
from .cache import FileStore, content_key
from .catalog import Catalog
from .fonts import FONT_FOLDER, NOTO_SANS, digests
from .output import inside
from .records import Record

log = logging.getLogger(__name__)

SIZE = (1200, 630)  # what Open Graph readers show uncropped (1.91:1)
BOLD, REGULAR = NOTO_SANS[("bold", "normal")], NOTO_SANS[("normal", "normal")]
SHARE_FORMAT = "1"  # bump to draw every card again after a change of layout the cache key does not show

# Colours: dark red and gold of the campaign's banners, on a warm white; every text pair is above 7:1.
PAPER = (255, 252, 245)
RED = (150, 20, 20)
GOLD = (214, 170, 60)
INK = (33, 33, 33)
MUTED = (70, 70, 70)
WHITE = (255, 255, 255)
# Text is drawn antialiased in full colour, then each pixel is mapped to the nearest of these blends of the
# colours that meet (text on paper, white on red): a PNG of one byte a pixel, a third of the size, made in
# a third of the time, that looks the same.
_BLENDS = ((PAPER, INK), (PAPER, RED), (PAPER, MUTED), (PAPER, GOLD), (RED, WHITE))
_STEPS = 16

MARGIN = 72
BAND = 104  # the red band at the top, with the site's name
KIND_SIZE, SUBTITLE_SIZE, PLACE_SIZE = 34, 34, 36
NAME_SIZES = (76, 66, 58, 50)  # the largest that fits the name in NAME_LINES lines, with room for the rest
NAME_LINES = 3
LINE_GAP = 1.2


@dataclass(frozen=True)
class ShareCard:
    """What one share image says."""

    site: str  # the site's name, in the band
    kind: str  # "Cá nhân", "Tập thể", "Mô hình"; for the site's own card, its tagline
    name: str
    subtitle: str = ""  # a person's role, a collective's type of unit; left out when there is no room
    place: str = ""


@lru_cache(maxsize=1)
def fonts_installed() -> bool:
    """Whether the share images can be drawn here: Noto Sans (fonts-noto-core) is installed."""
    return all((FONT_FOLDER / name).is_file() for name in (BOLD, REGULAR))


@lru_cache(maxsize=16)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FOLDER / name), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    colours = dict.fromkeys(tuple(round(b + (f - b) * i / _STEPS) for b, f in zip(back, fore))
                            for back, fore in _BLENDS for i in range(_STEPS + 1))
    flat = [value for colour in colours for value in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette


@lru_cache(maxsize=4)
def _background(site: str) -> Image.Image:
    """What every card of a site shares: the band with the site's name."""
    image = Image.new("RGB", SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, SIZE[0], BAND), fill=RED)
    pen.rectangle((0, BAND, SIZE[0], BAND + 8), fill=GOLD)
    font = _font(BOLD, 44)
    pen.text((MARGIN, BAND // 2), _fit(site, font, SIZE[0] - 2 * MARGIN, 1)[0], font=font, fill=WHITE, anchor="lm")
    return image


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` in lines no wider than `width` (a word longer than a line is cut where it overflows)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # one very long word: cut it
            cut = max(1, next((i for i in range(len(word) - 1, 0, -1) if font.getlength(word[:i]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """`text` wrapped into at most `lines` lines, the last one ending in "…" when the text goes on."""
    wrapped = _wrap(text, font, width)
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    kept[-1] = last + "…"
    return kept


def _height(lines: int, size: int) -> int:
    return round(lines * size * LINE_GAP)


def draw(card: ShareCard) -> bytes:
    """The PNG of `card`."""
    image = _background(card.site).copy()
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN

    y = BAND + 60
    kind_font = _font(BOLD, KIND_SIZE)
    for line in _fit(card.kind.upper(), kind_font, width, 1):
        pen.text((MARGIN, y), line, font=kind_font, fill=RED, anchor="lt")
    y += _height(1, KIND_SIZE) + 16

    bottom = SIZE[1] - MARGIN  # the place's baseline
    room = bottom - PLACE_SIZE - 56 - y  # down to the gold dash above the place
    subtitle_lines = 1 if card.subtitle else 0
    for size in NAME_SIZES:  # the largest size that fits the name, with a line of the subtitle below
        name_font = _font(BOLD, size)
        name = _wrap(card.name, name_font, width)
        if len(name) <= NAME_LINES and _height(len(name), size) + 12 + _height(subtitle_lines, SUBTITLE_SIZE) <= room:
            break
    else:
        name = _fit(card.name, name_font, width, NAME_LINES)
    for line in name:
        pen.text((MARGIN, y), line, font=name_font, fill=INK, anchor="lt")
        y += _height(1, size)
    y += 12
    room = bottom - PLACE_SIZE - 56 - y
    subtitle_font = _font(REGULAR, SUBTITLE_SIZE)
    lines = min(2, room // _height(1, SUBTITLE_SIZE)) if card.subtitle else 0
    for line in _fit(card.subtitle, subtitle_font, width, lines) if lines > 0 else []:
        pen.text((MARGIN, y), line, font=subtitle_font, fill=MUTED, anchor="lt")
        y += _height(1, SUBTITLE_SIZE)

    if card.place:
        place_font = _font(REGULAR, PLACE_SIZE)
        pen.rectangle((MARGIN, bottom - PLACE_SIZE - 22, MARGIN + 64, bottom - PLACE_SIZE - 16), fill=GOLD)
        pen.text((MARGIN, bottom), _fit(card.place, place_font, width, 1)[0], font=place_font, fill=MUTED, anchor="ls")

    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, "PNG", compress_level=6)
    return out.getvalue()


def record_card(catalog: Catalog, record: Record) -> ShareCard:
    place = record.place
    where = ", ".join(p for p in (place.commune, place.district, place.province) if p)
    if place.former:
        where = msg.SEARCH_PLACE_NOW.format(place=where, current=place.current.name)
    subtitle = getattr(record, "role", None) or getattr(record, "unit_type", None) or ""
    return ShareCard(catalog.project.config.name, record.kind.label.capitalize(), record.name, subtitle, where)


def site_card(catalog: Catalog) -> ShareCard:
    config = catalog.project.config
    return ShareCard(config.name, msg.SHARE_SITE_KIND, config.tagline or config.name, config.description)


def write_share_images(catalog: Catalog, site: Path, store: FileStore) -> None:
    """Build stage: the site's share image and each record's. A card already drawn is linked from the build
    cache (cache.py), under the hash of its text, the fonts and the drawing's version; the others are drawn in
    as many processes as there are cores.

    A preview (`guongsang serve`) goes without: nobody shares a link to it, and it is rebuilt on every save."""
    if catalog.preview:
        return
    if not fonts_installed():
        log.warning(msg.SHARE_FONT_MISSING.format(folder=FONT_FOLDER))
        return
    started = time.monotonic()
    jobs = [(addresses.SITE_SHARE_IMAGE, site_card(catalog))]
    jobs += [(addresses.share_image_url(r), record_card(catalog, r)) for r in catalog.records]
    missing = []
    for address, card in jobs:
        inside(site, site / address)
        key = content_key(card_key(card), address)  # the store places a file where it was first kept
        if not store.place(CACHE_KIND, key, site):
            missing.append((address, key, card))
    processes = processes_for(len(missing))
    if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            drawn = pool.map(draw, [card for _, _, card in missing], chunksize=64)
    else:
        drawn = [draw(card) for _, _, card in missing]
    for (address, key, _), data in zip(missing, drawn):
        store.keep(CACHE_KIND, key, site, {address: data})
    seconds = time.monotonic() - started
    log.debug("share images: %d, %d of them drawn (%d processes), in %.1f s", len(jobs), len(missing), processes,
              seconds)


CACHE_KIND = "share-images"  # the cache's folder for them


def processes_for(cards: int) -> int:
    """How many processes draw `cards` cards: one per core, but none for fewer than 50 cards (starting a
    process costs about what drawing 50 does)."""
    return min(os.cpu_count() or 1, max(1, cards // 50))


@lru_cache(maxsize=1)
def drawer_identity() -> str:
    """What, besides its text, a card's bytes depend on: the drawing's version, Pillow's, the fonts' bytes."""
    return " ".join([SHARE_FORMAT, PIL.__version__, *digests(FONT_FOLDER, (BOLD, REGULAR))])


def card_key(card: ShareCard) -> str:
    """The card's entry in the build cache."""
    return content_key(drawer_identity(), card.site, card.kind, card.name, card.subtitle, card.place)
