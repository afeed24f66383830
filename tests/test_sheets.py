"""PDF sheets as a teacher gets them: the built PDFs read back with poppler (pdftotext, pdffonts), their QR
codes decoded with zbarimg, two builds compared byte for byte, and the cache that spares unchanged sheets."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from generator import addresses
from generator.build import build_site, load_catalog
from generator.cache import CACHE_FOLDER, ContentCache
from generator.downloads import size_text
from generator.project import load_project
from generator.sheets import html_to_pdf, make_sheets, pdf_fonts

from conftest import REPO, requires, write_record
from htmlpage import content, page

pytestmark = requires("pdftotext", "zbarimg")  # poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm), zbar-tools
CONFIG_URL = load_project(REPO).config.url


def pdf_text(path: Path) -> str:
    """The PDF's text, its white space run together (lines wrap where the layout chose)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert unicodedata.is_normalized("NFC", text), path.name
    return " ".join(text.split())


def qr_codes(path: Path, tmp_path: Path) -> list[str]:
    """Every QR code on every page of the PDF, as zbarimg reads it from a 150 dpi rendering."""
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(prefix)], check=True)
    found = []
    for image in sorted(tmp_path.glob(f"{path.stem}-*.png")):
        done = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        found += done.stdout.split()
    return found


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


def test_every_record_with_teaching_notes_and_every_lesson_pack_has_a_sheet(example_site, catalog):
    sheets = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*.pdf"))
    expected = [addresses.record_sheet_url(r) for r in catalog.teaching]
    expected += [addresses.lesson_sheet_url(p.id) for p in catalog.lessons]
    assert sheets == sorted(expected) and len(catalog.teaching) >= 14 and len(catalog.lessons) >= 5


def test_record_sheets_give_back_every_name_and_question_exactly(example_site, catalog):
    for record in catalog.teaching:
        text = pdf_text(example_site / addresses.record_sheet_url(record))
        assert plain(record.name) in text, record.id
        for question in record.teaching.questions:
            assert plain(question) in text, (record.id, question)
        for activity in record.teaching.activities:
            assert plain(activity) in text, (record.id, activity)
        assert addresses.canonical_url(CONFIG_URL, addresses.record_url(record)) in text


def test_lesson_sheets_give_back_the_title_records_steps_and_questions(example_site, catalog):
    for lesson in catalog.lessons:
        text = pdf_text(example_site / addresses.lesson_sheet_url(lesson.id))
        assert plain(lesson.title) in text
        for record_id in lesson.records:
            assert plain(catalog.by_id[record_id].name) in text, (lesson.id, record_id)
        for step in lesson.steps:
            assert plain(step.title) in text and f"{step.minutes} phút" in text, (lesson.id, step.title)
        for question in lesson.worksheet:
            assert plain(question.text) in text, (lesson.id, question.text)
        assert lesson.duration in text


def test_every_qr_code_opens_the_page_the_sheet_comes_from(example_site, catalog, tmp_path):
    sheets = [(addresses.record_sheet_url(r), addresses.record_url(r)) for r in catalog.teaching]
    sheets += [(addresses.lesson_sheet_url(p.id), addresses.lesson_url(p.id)) for p in catalog.lessons]
    for sheet, url in sheets:
        codes = qr_codes(example_site / sheet, tmp_path)
        assert codes and set(codes) == {addresses.canonical_url(CONFIG_URL, url)}, sheet
        if sheet.endswith(tuple(f"/{p.id}.pdf" for p in catalog.lessons)):
            assert len(codes) == 2, sheet  # the cover's, and the worksheet's, which is photocopied on its own


def test_fonts_are_embedded_and_the_pages_are_a4(example_site):
    for sheet in sorted(example_site.rglob("*.pdf")):
        fonts = subprocess.run(["pdffonts", str(sheet)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), (sheet.name, fonts)  # the "emb" column
        info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Page size: +595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M), sheet.name


def test_pages_link_their_sheet_with_its_size(example_site, catalog):
    record = catalog.by_id["tran-thi-nga"]
    link = content(page(example_site, addresses.record_url(record))).find("p", "gs-sheet")
    anchor = link.find("a")
    assert anchor.text == "Tải phiếu học tập (PDF)"
    assert anchor.attrs["href"] == "../../" + addresses.record_sheet_url(record)
    assert size_text((example_site / addresses.record_sheet_url(record)).stat().st_size) in link.text
    lesson = catalog.lessons[0]
    link = content(page(example_site, addresses.lesson_url(lesson.id))).find("p", "gs-sheet")
    assert link.find("a").attrs["href"] == "../../../" + addresses.lesson_sheet_url(lesson.id)
    assert size_text((example_site / addresses.lesson_sheet_url(lesson.id)).stat().st_size) in link.text


SHEET_RECORD = dict(teaching={"levels": ["thcs"], "retelling": "Thầy An dạy học ở bản Nậm Đét, xã Hưng Đạo.",
                              "questions": ["Vì sao thầy Nguyễn Văn An ở lại bản Nậm Đét?"]})


@pytest.fixture
def sheet_project(project: Path) -> Path:
    write_record(project, "nguyen-van-an", **SHEET_RECORD)
    write_record(project, "le-thi-binh", name="Lê Thị Bình", **SHEET_RECORD)
    return project


def pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


def test_two_builds_give_byte_identical_sheets_with_or_without_the_cache(sheet_project, tmp_path):
    build_site(sheet_project, tmp_path / "one")
    shutil.rmtree(sheet_project / CACHE_FOLDER)
    build_site(sheet_project, tmp_path / "two")  # made again, from nothing
    build_site(sheet_project, tmp_path / "three")  # from the cache
    first = pdfs(tmp_path / "one")
    assert len(first) == 2 and first == pdfs(tmp_path / "two") == pdfs(tmp_path / "three")


def test_only_sheets_whose_inputs_changed_are_made_and_a_damaged_entry_is_a_miss(sheet_project):
    cache = ContentCache(sheet_project, "sheets")
    sheets, stats = make_sheets(load_catalog(sheet_project), cache)
    assert stats.made == 2
    _, stats = make_sheets(load_catalog(sheet_project), cache)
    assert stats.made == 0
    write_record(sheet_project, "le-thi-binh", name="Lê Thị Bình", summary="Một cô giáo khác.",
                 teaching=SHEET_RECORD["teaching"] | {"questions": ["Cô Bình dạy môn gì?"]})
    changed, stats = make_sheets(load_catalog(sheet_project), cache)
    assert stats.made == 1
    assert [s.key for s in changed if "nguyen-van-an" in s.url] == [s.key for s in sheets if "nguyen-van-an" in s.url]
    entry = cache.path(changed[0].key)
    good = cache.get(changed[0].key)
    entry.write_bytes(entry.read_bytes()[:-100])  # a truncated entry, as a full disk might leave
    again, stats = make_sheets(load_catalog(sheet_project), cache)
    assert stats.made == 1 and cache.get(again[0].key) == good


def test_a_sheet_reads_no_file_the_record_points_to(sheet_project, tmp_path):
    secret = tmp_path / "bi-mat.png"
    shutil.copy(REPO / "generator" / "assets" / "search" / "search.css", tmp_path / "x.css")
    secret.write_bytes(b"not an image")
    write_record(sheet_project, "nguyen-van-an", teaching={
        "levels": ["thcs"], "questions": ["Câu hỏi?"],
        "retelling": f"![ảnh]({secret.as_uri()}) <img src=\"{secret.as_uri()}\"> [liên kết]({(tmp_path / 'x.css').as_uri()})"})
    build_site(sheet_project, tmp_path / "site")
    data = (tmp_path / "site" / addresses.SHEETS / "nguyen-van-an.pdf").read_bytes()
    assert b"not an image" not in data and b"/Subtype /Image" not in data


def test_weasyprint_fetches_nothing_but_the_fonts(tmp_path):
    from generator.illustration import illustration_png

    image = tmp_path / "anh.png"
    image.write_bytes(illustration_png())
    with pdf_fonts(tmp_path / "work"):
        assert b"/Subtype /Image" not in html_to_pdf(f'<img src="{image.as_uri()}"><p>Chữ</p>')


def test_weasyprint_leaves_pillow_refusing_truncated_photos(tmp_path):
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on when imported; the photo checks need it off,
    also in a preview that has made sheets before it reads photos again."""
    from PIL import ImageFile

    with pdf_fonts(tmp_path):
        assert html_to_pdf("<p>Chữ</p>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_making_sheets_writes_nothing_outside_the_project_and_leaves_nothing_behind(sheet_project, tmp_path,
                                                                                    monkeypatch):
    """WeasyPrint copies the fonts into a folder for fontconfig: in the system's temporary folder, and a forked
    process never removed its last one (megabytes a build). The copies go under the project's cache, and are
    gone once the build ends; the same holds for the swap of a second build into place."""
    for n in range(4):  # enough sheets for the processes that make them
        write_record(sheet_project, f"giao-vien-{n}", name=f"Giáo viên {n}", **SHEET_RECORD)
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    build_site(sheet_project, tmp_path / "site")
    write_record(sheet_project, "giao-vien-0", name="Giáo viên Không", **SHEET_RECORD)
    build_site(sheet_project, tmp_path / "site")
    assert len(pdfs(tmp_path / "site")) == 6
    assert list(system_tmp.iterdir()) == []
    work = sheet_project / CACHE_FOLDER / "work"
    assert work.is_dir() and list(work.iterdir()) == []
