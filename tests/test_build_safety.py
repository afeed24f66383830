"""`guongsang build` on small made-up projects: hostile text, drafts, paging, and builds that fail."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

import generator.build
import generator.render
import generator.project
from generator import addresses, mirror
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
        # The print block's QR code is the one SVG, drawn by segno from the page's address, not record text; the
        # home page's search box is the template's own form; a JSON-LD script is data (checked below).
        ours = {id(e) for block in [*body.find_all("aside", "gs-print"), *body.find_all("form", "gs-home-search")]
                for e in block.iter()}
        tags = {e.tag for e in body.iter() if id(e) not in ours
                and (e.tag != "script" or e.attrs.get("type") != "application/ld+json")}
        assert not tags & {"script", "iframe", "embed", "object", "form", "input", "button", "style", "svg", "math"}
        assert not any("style" in e.attrs for e in body.iter())
        # The theme's own scripts are the only ones that run, and none of them carries record text; the
        # structured data (JSON-LD) is data, which a browser never runs, with no "<" to end it early.
        for script in doc.find_all("script"):
            if script.attrs.get("type") == "application/ld+json":
                assert json.loads(script.text) and "<" not in script.text
            else:
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
    assert project_entries(project) == ["models", "site", "site_config.yml"]


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
    assert project_entries(project) == ["models", "site", "site_config.yml"]


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
    monkeypatch.setattr(generator.render, "IN_TWO_FROM", 1)  # the few pages left to render go in two processes too
    with pytest.raises(generator.render.BackgroundError, match="renderer failed in the other process"):
        build_site(project, out)
    assert tree_digest(out) == before
    assert project_entries(project) == ["models", "site", "site_config.yml"]


def test_a_successful_rebuild_replaces_the_old_site(project):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    (project / "models" / "an.yml").unlink()
    write_record(project, "binh", name="Bình")
    build_site(project, out)
    assert (out / "ca-nhan" / "binh").is_dir() and not (out / "ca-nhan" / "an").exists()
    assert project_entries(project) == ["models", "site", "site_config.yml"]


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


@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o027, 0o750)])
def test_the_site_folder_is_readable_as_any_folder_made_under_the_umask(project, umask, mode):
    """A web server running as another user must be able to read a site built into place: the site folder
    gets the mode a plain mkdir gives, like the folders in it (it was 0700, from a temporary folder)."""
    write_record(project, "an", name="An")
    project.chmod(project.stat().st_mode | stat.S_ISGID)  # a shared folder: what is made in it takes its group
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True, text=True,
                          env=os.environ | {"PYTHONPATH": str(Path(generator.build.__file__).parent.parent)},
                          preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stderr
    for folder in (project / "site", project / "site" / "ca-nhan"):
        assert folder.stat().st_mode & 0o777 == mode
        assert folder.stat().st_mode & stat.S_ISGID


def test_cli_refuses_to_replace_a_folder_that_is_not_a_site(project):
    write_record(project, "an", name="An")
    done = run_cli("build", "--out", "models", cwd=project)
    assert done.returncode == 2 and "không dựng trang vào đó" in done.stderr
    assert (project / "models" / "an.yml").is_file()


# --- the output folder: nothing lost, nothing written outside (what the build may delete or replace) -------

def files_under(folder: Path) -> dict[str, str]:
    """Every file and link under `folder` (links by target), to show that nothing was lost or added; the build
    cache (.cache/, which reading the records fills by design) left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if ".cache" in rel.split("/"):
            continue
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def project_entries(root: Path) -> list[str]:
    """What the project folder holds, but the build cache (.cache/, git-ignored) and the site a build replaced
    (`.<name>.spare-*`, git-ignored, built in by the next build): builds keep them by design."""
    return sorted(p.name for p in root.iterdir() if p.name != ".cache" and not re.fullmatch(r"\..+\.spare-[0-9a-f]{8}", p.name))


def leftovers(folder: Path) -> list[str]:
    """Staging and work folders of builds left in `folder`."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and any(kind in p.name for kind in (".new-", ".work-", ".old-")))


@pytest.fixture
def nested(project: Path) -> Path:
    """The project one folder down (in <tmp>/cha/du-an), with content/ and a record: `--out ..` stays inside <tmp>."""
    root = project / "cha" / "du-an"
    root.mkdir(parents=True)
    for name in ("site_config.yml", "models"):
        (project / name).rename(root / name)
    write_record(root, "an", name="An")
    (root / "content").mkdir()
    (root / "content" / "gioi-thieu.md").write_text("# Giới thiệu\n\nTrang giới thiệu.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("out", [".", "..", "content", "models", "models/con"])
def test_the_project_its_parents_and_its_input_folders_are_never_replaced(nested: Path, out: str):
    # Each folder is made to look like a site built before: an index.html is all the old check asked for.
    (nested / "models" / "con").mkdir()
    for folder in (nested, nested.parent, nested / "content", nested / "models", nested / "models" / "con"):
        (folder / "index.html").write_text("<p>x</p>\n", encoding="utf-8")
    before = files_under(nested.parent)
    done = run_cli("build", "--out", out, cwd=nested)
    assert done.returncode == 2, done.stderr
    assert "không dựng trang vào đó" in done.stderr and "Traceback" not in done.stderr
    assert files_under(nested.parent) == before  # nothing deleted, nothing added, not even a staging folder


def test_a_folder_holding_an_index_html_is_not_taken_for_a_site(project: Path):
    write_record(project, "an", name="An")
    other = project / "trang-khac"
    other.mkdir()
    (other / "index.html").write_text("<p>trang của người khác</p>\n", encoding="utf-8")
    (other / "anh.jpg").write_bytes(b"\xff\xd8")
    done = run_cli("build", "--out", "trang-khac", cwd=project)
    assert done.returncode == 2 and "không phải trang do Gương sáng dựng" in done.stderr
    assert ".guongsang-site" in done.stderr  # says what a site of ours has
    assert sorted(p.name for p in other.iterdir()) == ["anh.jpg", "index.html"]
    assert leftovers(project) == []


def test_every_site_carries_our_marker_and_two_builds_stay_byte_identical(project: Path, tmp_path: Path):
    from generator import mirror

    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    first = tree_digest(out)
    marker = out / ".guongsang-site"
    assert marker.is_file() and "guongsang build" in marker.read_text(encoding="utf-8")
    build_site(project, out)  # replaces the site it built: the marker proves it
    assert tree_digest(out) == first
    # The marker is about this folder, not the published site: mirrors neither copy nor miss it.
    assert ".guongsang-site" not in (out / "SHA256SUMS").read_text(encoding="utf-8")
    assert mirror.verify(out).identical
    empty = tmp_path / "trong"
    empty.mkdir()
    build_site(project, empty)  # an empty folder is filled
    assert tree_digest(empty) == first


def test_a_site_built_before_the_marker_is_replaced_only_if_its_manifest_lists_every_file(project: Path):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    (out / ".guongsang-site").unlink()  # as sites were built before the marker
    build_site(project, out)
    assert (out / ".guongsang-site").is_file()

    (out / ".guongsang-site").unlink()
    (out / "ghi-chu.txt").write_text("tệp của người dùng\n", encoding="utf-8")  # not one of ours
    done = run_cli("build", cwd=project)
    assert done.returncode == 2 and "không phải trang do Gương sáng dựng" in done.stderr
    assert (out / "ghi-chu.txt").is_file() and (out / "index.html").is_file()


@pytest.mark.parametrize("added", [".git/config", "CNAME", "ca-nhan/ghi-chu.txt"])
def test_a_site_of_ours_holding_a_file_put_there_since_is_not_replaced(project: Path, added: str):
    # A site folder made a git repository to publish from, or given a CNAME: a rebuild would delete them.
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    (out / added).parent.mkdir(exist_ok=True)
    (out / added).write_text("của người dùng\n", encoding="utf-8")
    before = files_under(out)
    done = run_cli("build", cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"có thêm '{added}' không do Gương sáng tạo ra" in done.stderr
    assert files_under(out) == before and leftovers(project) == []
    (out / added).unlink()  # once it is moved away, the site is ours again
    assert run_cli("build", cwd=project).returncode == 0


def test_what_file_managers_leave_in_a_site_does_not_stop_its_rebuild(project: Path):
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    for litter in (".DS_Store", "ca-nhan/Thumbs.db", "ca-nhan/._index.html"):  # Finder, Explorer, macOS copies
        (out / litter).write_bytes(b"\0")
    assert run_cli("build", cwd=project).returncode == 0
    assert not (out / ".DS_Store").exists()


@pytest.mark.parametrize("out", ["tep/site", "tep/con/site"])
def test_an_output_folder_that_cannot_be_made_is_refused_in_words(project: Path, out: str):
    write_record(project, "an", name="An")
    (project / "tep").write_text("một tệp, không phải thư mục\n", encoding="utf-8")
    done = run_cli("build", "--out", out, cwd=project)
    assert done.returncode == 2, done.stderr
    assert "không tạo được thư mục" in done.stderr and "là tệp, không phải thư mục" in done.stderr
    assert "lỗi trong chương trình" not in done.stderr and "Errno" not in done.stderr
    assert (project / "tep").read_text(encoding="utf-8") == "một tệp, không phải thư mục\n"


def test_a_symlinked_output_folder_is_built_into_its_target(project: Path):
    write_record(project, "an", name="An")
    build_site(project, project / "site")
    (project / "site").rename(project / "real")
    (project / "site").symlink_to("real", target_is_directory=True)
    write_record(project, "binh", name="Bình")
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "Đã dựng 2 bản ghi" in done.stdout and "giữ nguyên" not in done.stderr
    assert (project / "site").is_symlink() and os.readlink(project / "site") == "real"
    assert (project / "real" / "ca-nhan" / "binh" / "index.html").is_file()
    assert project_entries(project) == ["models", "real", "site", "site_config.yml"]


def test_a_broken_symlink_as_output_folder_is_refused(project: Path):
    write_record(project, "an", name="An")
    (project / "site").symlink_to("khong-co", target_is_directory=True)
    done = run_cli("build", cwd=project)
    assert done.returncode == 2 and "liên kết" in done.stderr and "Traceback" not in done.stderr
    assert project_entries(project) == ["models", "site", "site_config.yml"]


@pytest.mark.parametrize("slug", ["../../ra-ngoai", ""])
def test_no_page_is_written_outside_the_build_folders(project: Path, monkeypatch, slug: str):
    from generator.content import ContentPage
    from generator.output import OutsideOutput

    write_record(project, "an", name="An")
    page = ContentPage("content/x.md", "Ra ngoài", "<p>x</p>", "<p>x</p>")
    monkeypatch.setattr(generator.project, "read_content_pages", lambda root: {slug: page})
    with pytest.raises(OutsideOutput, match="ngoài thư mục đang dựng"):
        build_site(project, project / "site")
    assert project_entries(project) == ["models", "site_config.yml"]
    assert not Path("/index.md").exists() and not (project.parent / "ra-ngoai.md").exists()


# --- leftovers of builds that were killed --------------------------------------------------------------

def test_a_killed_build_leaves_nothing_the_next_build_does_not_clean(project: Path):
    import signal
    import time

    for i in range(3):
        write_record(project, f"nguoi-{i}", name=f"Người {i}")
    killed = 0
    for _ in range(3):
        build = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env=os.environ | {"PYTHONPATH": str(Path(generator.build.__file__).parent.parent)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(project.glob(".site.work-*/docs")):
            time.sleep(0.02)
        os.killpg(build.pid, signal.SIGKILL)  # the build and the renderer it forked
        build.wait()
        killed += bool(leftovers(project))
    # Each kill left its folders behind, and each build removed those of the build killed before it.
    assert killed == 3 and len(leftovers(project)) <= 2
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert leftovers(project) == []
    assert project_entries(project) == ["models", "site", "site_config.yml"]


def test_leftover_cleaning_spares_running_builds_and_folders_that_are_not_ours(project: Path):
    from generator.output import claim_folder

    write_record(project, "an", name="An")
    out = project / "site"
    unproved = project / ".site.new-chet"
    unproved.mkdir()
    (unproved / ".guongsang-site").write_bytes(b"")  # a marker without our words proves nothing
    lookalike = project / ".site.work-cua-ai-do"
    lookalike.mkdir()
    (lookalike / "ghi-chu.txt").write_text("không phải của Gương sáng\n", encoding="utf-8")
    with claim_folder(out, "new") as running:  # as another build still running would hold it
        build_site(project, out)
        assert running.is_dir()
    assert not running.exists()  # removed by its own build when it ends
    assert unproved.is_dir() and lookalike.is_dir()
    # A folder marked as ours that no build holds any more is removed by the next build.
    shutil.copytree(out, project / ".site.new-cu")  # as a build killed just before its swap leaves it
    build_site(project, out)
    assert not (project / ".site.new-cu").exists()
    assert unproved.is_dir() and lookalike.is_dir()


def test_staging_folders_are_git_ignored():
    from conftest import REPO

    for name in (".site.new-abc123/", ".site.work-abc123/", ".site.old-abc123/", ".khac.new-x1/"):
        done = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=REPO)
        assert done.returncode == 0, name


CRASHING_BUILD = """
import sys
import generator.build
def crash(*args, **kwargs):
    raise RuntimeError("renderer failed")
generator.build.render_site = crash
from generator.cli import main
sys.exit(main(["build"]))
"""


def test_a_crashed_build_says_truly_what_became_of_the_output_folder(project: Path):
    write_record(project, "an", name="An")
    env = os.environ | {"PYTHONPATH": str(Path(generator.build.__file__).parent.parent)}
    first = subprocess.run([sys.executable, "-c", CRASHING_BUILD], cwd=project, capture_output=True, text=True, env=env)
    assert first.returncode == 1 and "lỗi khi dựng trang: renderer failed" in first.stderr
    assert "Chưa ghi gì vào site/." in first.stderr and "giữ nguyên" not in first.stderr
    assert project_entries(project) == ["models", "site_config.yml"]
    build_site(project, project / "site")
    again = subprocess.run([sys.executable, "-c", CRASHING_BUILD], cwd=project, capture_output=True, text=True, env=env)
    assert "Trang cũ trong site/ được giữ nguyên." in again.stderr


def test_without_an_atomic_exchange_the_old_site_is_still_replaced_and_removed(project: Path, monkeypatch):
    import generator.output

    monkeypatch.setattr(generator.output, "_exchange", lambda a, b: False)  # as on systems without renameat2
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    write_record(project, "binh", name="Bình")
    build_site(project, out)
    assert (out / "ca-nhan" / "binh").is_dir() and (out / ".guongsang-site").is_file()
    assert project_entries(project) == ["models", "site", "site_config.yml"]


# --- the spare site: the one a build replaced, brought up to date by the next ---------------------------------

def spares(project: Path) -> list[Path]:
    return sorted(project.glob(".site.spare-*"))


def test_a_build_in_the_spare_site_keeps_nothing_of_it_and_writes_nothing_through_it(project: Path, tmp_path: Path):
    """The site a build replaced is kept, and the next build brings it up to date in place. What may have been put
    in it meanwhile goes, and nothing is written through it: a link to a folder or to a file elsewhere, a file of
    its own, a file linked from elsewhere."""
    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    write_record(project, "binh", name="Bình")
    build_site(project, out)
    (spare,) = spares(project)
    outside = tmp_path / "ben-ngoai"
    outside.mkdir()
    (outside / "giu.txt").write_text("của người khác", encoding="utf-8")
    os.link(outside / "giu.txt", spare / "lien-ket-cung.txt")
    (spare / "thu-muc-la").symlink_to(outside, target_is_directory=True)
    (spare / addresses.ATOM_FEED).unlink()
    os.link(outside / "giu.txt", spare / addresses.ATOM_FEED)  # linked from elsewhere, where the build writes a feed
    (outside / "trang.html").write_text("<p>của người khác</p>", encoding="utf-8")
    (spare / "index.html").unlink()
    os.link(outside / "trang.html", spare / "index.html")  # and where it places a page
    (spare / addresses.RSS_FEED).unlink()
    (spare / addresses.RSS_FEED).symlink_to(outside / "giu.txt")  # a link where it writes another
    shutil.rmtree(spare / "ca-nhan" / "an")
    (spare / "ca-nhan" / "an").symlink_to(outside, target_is_directory=True)  # where it places a page
    (spare / "la.html").write_text("<p>lạ</p>", encoding="utf-8")
    before = tree_digest(outside)
    write_record(project, "chi", name="Chi")
    build_site(project, out)
    assert tree_digest(outside) == before and sorted(p.name for p in outside.iterdir()) == ["giu.txt", "trang.html"]
    clean = project / "sach"
    shutil.copytree(project / "models", clean / "models")
    shutil.copy(project / "site_config.yml", clean)
    build_site(clean, clean / "site")
    assert tree_digest(out) == tree_digest(clean / "site")
    assert not any(p.is_symlink() for p in out.rglob("*"))
    (spare,) = spares(project)  # the site the last build replaced, as it was served
    sums = mirror.parse_sums((spare / addresses.SUMS_FILE).read_text(encoding="utf-8"))
    assert {rel: hashlib.sha256((spare / rel).read_bytes()).hexdigest() for rel in sums} == sums


def test_a_spare_site_another_build_holds_is_left_to_it(project: Path):
    import fcntl

    write_record(project, "an", name="An")
    out = project / "site"
    build_site(project, out)
    build_site(project, out)
    (held,) = spares(project)
    before = tree_digest(held)
    with open(held / addresses.SITE_MARKER, "rb") as marker:
        fcntl.flock(marker, fcntl.LOCK_EX)  # as a build still running in it would
        write_record(project, "binh", name="Bình")
        build_site(project, out)
        assert tree_digest(held) == before
        assert len(spares(project)) == 2  # the site just replaced is kept too
    build_site(project, out)
    assert len(spares(project)) == 1  # one spare is enough: the other is removed
    assert (out / "ca-nhan" / "binh" / "index.html").is_file()


def test_a_site_on_another_file_system_gets_copies_where_links_cannot_be_made(project: Path):
    """The build cache's files are hard-linked into the site; an output on another file system (a USB stick for
    an offline copy) gets copies instead, each time, a spare site included."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == project.stat().st_dev:
        pytest.skip("no other file system to build onto")
    write_record(project, "an", name="An")
    out = Path(tempfile.mkdtemp(dir=shm)) / "site"
    try:
        for name in ("An", "Ân", "Anh"):  # the third is built in the spare
            write_record(project, "an", name=name)
            build_site(project, out)
        sums = mirror.parse_sums((out / addresses.SUMS_FILE).read_text(encoding="utf-8"))
        assert {rel: hashlib.sha256((out / rel).read_bytes()).hexdigest() for rel in sums} == sums
        assert "Anh" in (out / "ca-nhan" / "an" / "index.html").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def test_a_write_that_fails_in_the_other_process_is_told_as_such_not_as_a_crash(project: Path, monkeypatch):
    """Open data, the search index and the sheets are written by another process while the pages render: a full
    disk there is the user's to fix, and is reported like one here (the command line names the file)."""
    write_record(project, "an", name="An")

    def full_disk(catalog, site, store):
        raise OSError(28, "No space left on device", str(site / "du-lieu" / "ban-ghi.csv"))

    monkeypatch.setattr(generator.build, "ALONGSIDE", [full_disk])
    with pytest.raises(OSError) as raised:
        build_site(project, project / "site")
    assert raised.value.errno == 28 and raised.value.filename.endswith("ban-ghi.csv")
    assert project_entries(project) == ["models", "site_config.yml"]
