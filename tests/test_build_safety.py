"""`guongsang build` on small made-up projects: hostile text, drafts, paging, and builds that fail."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

import generator.build
import generator.render
from generator.build import build_site
from generator.problems import InputError

from conftest import write_record
from htmlpage import content, page, parse


@pytest.fixture
def project(project: Path) -> Path:
    """The empty project, without the example site's featured records (they are not in it)."""
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("featured:")
    end = text.index("\n\n", start)
    config.write_text(text[:start] + "featured: []" + text[end:], encoding="utf-8")
    return project


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


HOSTILE = """Câu chuyện <script>alert('x')</script> có <img src=x onerror="alert(1)"> ảnh.

<iframe src="https://evil.example/"></iframe><embed src="x.swf"><object data="x"></object>
<form action="https://evil.example/"><input name="q"><button>Gửi</button></form>
<style>body { display: none }</style><div onclick="alert(2)" style="position:fixed">bấm</div>

[liên kết](javascript:alert(3)) <a href="JaVaScRiPt:alert(4)">hai</a> <a href="data:text/html,x">ba</a>
<a href="https://nguon.example/bai" onmouseover="alert(5)">nguồn thật</a>
<svg onload="alert(6)"></svg><math><mi xlink:href="javascript:alert(7)">x</mi></math>

    <script>alert('trong khối mã')</script>

`<script>alert(8)</script>` và **chữ đậm**
"""


def test_hostile_markdown_comes_out_inert(project):
    write_record(project, "nguoi-xau", name="<script>alert('tên')</script> An", story=HOSTILE,
                 summary="Tóm tắt <img src=x onerror=alert(9)> [bấm](javascript:alert(11)) *nghiêng*",
                 teaching={"retelling": HOSTILE, "questions": ["<b onclick=x>Hỏi</b>?"]},
                 sources=[{"title": "</title><script>alert(10)</script>", "url": "https://nguon.example/"}])
    out = project / "site"
    build_site(project, out)
    for path in [out / "ca-nhan" / "nguoi-xau" / "index.html", out / "ca-nhan" / "index.html",
                 out / "nguon" / "index.html", out / "index.html"]:
        doc = parse(path)
        for element in doc.iter():
            assert not any(name.startswith("on") for name in element.attrs), (path, element.tag, element.attrs)
            for name in ("href", "src", "action", "data", "xlink:href"):
                value = element.attrs.get(name, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, element.attrs)
        body = content(doc)
        tags = {e.tag for e in body.iter()}
        assert not tags & {"script", "iframe", "embed", "object", "form", "input", "button", "style", "svg", "math"}
        assert not any("style" in e.attrs for e in body.iter())
        # The theme's own scripts are the only ones, and none of them carries record text.
        for script in doc.find_all("script"):
            assert "alert" not in script.text
        assert not doc.find("title").children  # the title is text, whatever the record's name holds
    record = content(page(out, "ca-nhan/nguoi-xau/"))
    assert record.find("h1").text == "<script>alert('tên')</script> An"  # shown as text, not run
    assert "chữ đậm" in record.find("strong").text  # ordinary Markdown in the story still works
    # Plain-text fields stay plain text: MkDocs' Markdown does not turn them into links or emphasis.
    assert record.find("p", "gs-record__summary").text == "Tóm tắt <img src=x onerror=alert(9)> [bấm](javascript:alert(11)) *nghiêng*"
    assert not record.find("p", "gs-record__summary").children
    kept = [a for a in record.find("section", "gs-story").find_all("a") if a.attrs.get("href")]
    assert [a.attrs["href"] for a in kept] == ["https://nguon.example/bai"]
    assert "noopener" in kept[0].attrs["rel"]
    raw = (out / "ca-nhan" / "nguoi-xau" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "</title><script>" not in raw


def test_text_is_nfc_on_the_site(project):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    write_record(project, "nhung", name=decomposed, story=unicodedata.normalize("NFD", "Cô giáo Hồng Nhung."))
    build_site(project, project / "site")
    raw = (project / "site" / "ca-nhan" / "nhung" / "index.html").read_text(encoding="utf-8")
    assert raw == unicodedata.normalize("NFC", raw)
    assert "Nguyễn Thị Hồng Nhung" in content(parse(raw)).find("h1").text


def test_drafts_and_embargoed_records_stay_off_the_site(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    write_record(project, "da-dang", name="Đã đăng")
    write_record(project, "ban-nhap", name="Bản nháp", draft=True)
    write_record(project, "chua-den-ngay", name="Chưa đến ngày", publish_after="2026-01-02")
    write_record(project, "den-ngay", name="Đến ngày", publish_after="2026-01-01")
    out = project / "site"
    build_site(project, out)
    assert (out / "ca-nhan" / "da-dang").is_dir() and (out / "ca-nhan" / "den-ngay").is_dir()
    assert not (out / "ca-nhan" / "ban-nhap").exists() and not (out / "ca-nhan" / "chua-den-ngay").exists()
    listed = [c.find(cls="gs-card__name").text for c in content(page(out, "ca-nhan/")).find_all("li", "gs-card")]
    assert listed == ["Đã đăng", "Đến ngày"]


def test_listings_are_paginated(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("page_size: 24", "page_size: 2"), encoding="utf-8")
    names = ["Ánh", "Anh", "Bình", "Đào", "Dũng"]
    for i, name in enumerate(names):
        write_record(project, f"nguoi-{i}", name=name)
    out = project / "site"
    build_site(project, out)
    pages = [page(out, "ca-nhan/"), page(out, "ca-nhan/trang/2/"), page(out, "ca-nhan/trang/3/")]
    listed = [c.find(cls="gs-card__name").text for p in pages for c in content(p).find_all("li", "gs-card")]
    assert listed == ["Anh", "Ánh", "Bình", "Dũng", "Đào"]  # a before á, d before đ
    assert not (out / "ca-nhan" / "trang" / "4").exists()
    nav = content(pages[1]).find("nav", "gs-pages")
    assert nav.find("a", "gs-pages__prev").attrs["href"] == "../../../ca-nhan/"
    assert nav.find("a", "gs-pages__next").attrs["href"] == "../../../ca-nhan/trang/3/"
    # The province page of Cà Mau pages the same way.
    assert (out / "dia-phuong" / "ca-mau" / "trang" / "3" / "index.html").is_file()


def test_related_records_are_given_then_computed(project):
    write_record(project, "mot", name="Một", related=["ba"])
    write_record(project, "hai", name="Hai")
    write_record(project, "ba", name="Ba", place={"province": "Hà Nội"}, fields=["y-te"])
    build_site(project, project / "site")
    related = content(page(project / "site", "ca-nhan/mot/")).find("section", "gs-related").find_all("a")
    assert [a.text for a in related] == ["Ba", "Hai"]  # the one named first, then one from the same place


def png_bytes(size: tuple[int, int] = (3, 2)) -> bytes:
    image = Image.new("RGBA", size)
    image.putdata([(255, 0, 0, 255), (0, 255, 0, 128), (0, 0, 255, 0)] * (size[0] * size[1] // 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


PNG = png_bytes()


def test_images_are_copied_with_alt_caption_and_credit(project):
    (project / "models" / "anh").mkdir()
    (project / "models" / "anh" / "Ảnh Chân dung.PNG").write_bytes(PNG)
    (project / "models" / "anh" / "lop-hoc.png").write_bytes(PNG)
    write_record(project, "co-giao", name="Cô giáo", images=[
        {"file": "anh/Ảnh Chân dung.PNG", "alt": "Cô giáo đứng trên bục giảng", "caption": "Giờ học", "credit": "Báo X"},
        {"file": "anh/lop-hoc.png", "alt": "Lớp học"}])
    out = project / "site"
    build_site(project, out)
    record = content(page(out, "ca-nhan/co-giao/"))
    images = record.find_all("img")
    assert [i.attrs["alt"] for i in images] == ["Cô giáo đứng trên bục giảng", "Lớp học"]
    for image in images:
        src = image.attrs["src"]
        assert src.startswith("../../anh/co-giao/") and src.isascii()
        assert (image.attrs["width"], image.attrs["height"]) == ("3", "2")
        published = Image.open(out / "ca-nhan" / "co-giao" / src)  # a copy, re-encoded: the same pixels
        assert published.format == "PNG" and published.tobytes() == Image.open(io.BytesIO(PNG)).tobytes()
    caption = record.find("figcaption")
    assert "Giờ học" in caption.text and "Ảnh: Báo X" in caption.text
    card = content(page(out, "ca-nhan/")).find("li", "gs-card")
    assert card.find("img").attrs["src"] == "../" + images[0].attrs["src"][len("../../"):]


def test_input_problems_leave_the_previous_site_byte_for_byte(project):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    before = tree_digest(out)
    write_record(project, "loi", name="Lỗi", fields=["khong-co"])
    with pytest.raises(InputError):
        build_site(project, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["models", "site", "site_config.yml"]


def test_a_crash_while_rendering_leaves_the_previous_site_byte_for_byte(project, monkeypatch):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    before = tree_digest(out)
    write_record(project, "binh", name="Bình")

    def crash(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(generator.build, "render_site", crash)
    with pytest.raises(RuntimeError):
        build_site(project, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["models", "site", "site_config.yml"]


def test_a_crash_in_the_second_renderer_process_leaves_the_previous_site(project, monkeypatch):
    for i in range(4):
        write_record(project, f"nguoi-{i}", name=f"Người {i}")
    out = project / "site"
    build_site(project, out)
    before = tree_digest(out)
    write_record(project, "moi", name="Mới")
    parent = os.getpid()
    fill = generator.render.fill_bodies

    def crash_in_child(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("renderer failed in the other process")
        return fill(*args, **kwargs)

    monkeypatch.setattr(generator.render, "fill_bodies", crash_in_child)
    with pytest.raises(generator.render.BackgroundError, match="renderer failed in the other process"):
        build_site(project, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["models", "site", "site_config.yml"]


def test_a_successful_rebuild_replaces_the_old_site(project):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    (project / "models" / "an.yml").unlink()
    write_record(project, "binh", name="Bình")
    build_site(project, out)
    assert (out / "ca-nhan" / "binh").is_dir() and not (out / "ca-nhan" / "an").exists()
    assert sorted(p.name for p in project.iterdir()) == ["models", "site", "site_config.yml"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ | {"PYTHONPATH": str(Path(generator.build.__file__).parent.parent)})


def test_cli_build_reports_problems_in_vietnamese_and_writes_nothing(project):
    write_record(project, "loi", name="Lỗi", year=1990)
    done = run_cli("build", cwd=project)
    assert done.returncode == 1
    assert "models/loi.yml:" in done.stderr and "năm 1990" in done.stderr
    assert "lỗi khi dựng trang" not in done.stderr  # an input problem is not reported as a crash
    assert not (project / "site").exists()


def test_cli_build_says_where_the_site_is_and_how_to_preview_it(project):
    write_record(project, "an", name="An")
    done = run_cli("build", "--out", "ban-dung", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "ban-dung/" in done.stdout and "guongsang serve" in done.stdout
    assert (project / "ban-dung" / "index.html").is_file()


def test_cli_refuses_to_replace_a_folder_that_is_not_a_site(project):
    write_record(project, "an", name="An")
    done = run_cli("build", "--out", "models", cwd=project)
    assert done.returncode == 2 and "không ghi đè" in done.stderr
    assert (project / "models" / "an.yml").is_file()
