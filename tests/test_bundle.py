"""The offline downloads on a small hand-made site: the illustration, the ZIP and the ZIM, each reproducible."""
from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.illustration import illustration_png
from generator.zim import ZimMetadata, write_zim
from generator.ziparchive import write_zip

PAGES = {
    "index.html": "<html><head><title>Trang chủ - Gương sáng</title></head><body>Học tập và làm theo Bác</body></html>",
    "ca-nhan/nguyen-hung-dao/index.html": ("<html><head><title>Nguyễn Hưng Đạo - Gương sáng</title></head>"
                                           "<body><h1>Nguyễn Hưng Đạo</h1>Đưa kỹ thuật mới vào khám chữa bệnh.</body></html>"),
    "mo-hinh/ba-nen-ba-khong/index.html": ("<html><head><title>3 nên, 3 không - Gương sáng</title></head>"
                                           "<body>Rừng ngập mặn được bảo vệ.</body></html>"),
    "assets/site.css": "body{margin:0}",
}
META = ZimMetadata(name="guongsang_vi_all", title="Gương sáng", description="Những tấm gương",
                          long_description="Những tấm gương sáng", creator="Ban biên tập",
                          publisher="Ban biên tập", date=dt.date(2026, 3, 5), source="https://guongsang.example.vn/")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for path, text in PAGES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_illustration_is_a_48px_rgba_png_drawn_the_same_every_time():
    png = illustration_png()
    assert png == illustration_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (width, height, depth, colour) == (48, 48, 8, 6)
    length = struct.unpack(">I", png[33:37])[0]
    pixels = zlib.decompress(png[41:41 + length])
    assert len(pixels) == 48 * (1 + 48 * 4)


def test_zip_is_reproducible_and_unpacks_under_one_folder(site: Path, tmp_path: Path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    write_zip(site, first, "guong-sang-2026-03-05", dt.date(2026, 3, 5))
    write_zip(site, second, "guong-sang-2026-03-05", dt.date(2026, 3, 5))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {n.split("/", 1)[0] for n in names} == {"guong-sang-2026-03-05"}
        assert {i.date_time for i in archive.infolist()} == {(2026, 3, 5, 0, 0, 0)}
        assert archive.read("guong-sang-2026-03-05/index.html").decode() == PAGES["index.html"]


@pytest.fixture(scope="module")
def zim(site: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zim") / "guong-sang.zim"
    write_zim(site, out, META)
    return out


def test_zim_is_byte_identical_when_written_again(site: Path, zim: Path, tmp_path: Path):
    again = tmp_path / "again.zim"
    write_zim(site, again, META)
    assert again.read_bytes() == zim.read_bytes()


def test_zim_reads_back_with_libzim(zim: Path):
    from libzim.reader import Archive
    from libzim.search import Query, Searcher
    from libzim.suggestion import SuggestionSearcher

    archive = Archive(zim)
    assert archive.check()  # the recomputed MD5 matches
    assert archive.main_entry.get_item().path == "index.html"
    assert archive.get_metadata("Language").decode() == "vie"
    assert archive.get_metadata("Date").decode() == "2026-03-05"
    assert archive.get_metadata("Title").decode() == "Gương sáng"
    assert archive.has_illustration(48)
    assert bytes(archive.get_illustration_item(48).content) == illustration_png()
    assert archive.get_entry_by_path("mo-hinh/ba-nen-ba-khong/index.html").title == "3 nên, 3 không"
    assert archive.get_entry_by_path("index.html").title == "Trang chủ"
    for typed in ("Nguyễn Hưng Đạo", "nguyen hung dao"):
        suggested = list(SuggestionSearcher(archive).suggest(typed).getResults(0, 5))
        assert [resolve(archive, path) for path in suggested] == ["ca-nhan/nguyen-hung-dao/index.html"], typed
    for typed in ("rừng ngập mặn", "rung ngap man"):
        assert list(Searcher(archive).search(Query().set_query(typed)).getResults(0, 5)) == [
            "mo-hinh/ba-nen-ba-khong/index.html"]
    for typed in ("đưa kỹ thuật", "dua ky thuat"):
        assert list(Searcher(archive).search(Query().set_query(typed)).getResults(0, 5)) == [
            "ca-nhan/nguyen-hung-dao/index.html"]


def resolve(archive, path: str) -> str:
    entry = archive.get_entry_by_path(path)
    return entry.get_redirect_entry().path if entry.is_redirect else entry.path
