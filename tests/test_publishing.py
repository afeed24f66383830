"""The press officer's loop on a real git repository: dates from history, /cap-nhat/, feeds, drafts and embargo."""
from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import feedparser
import pytest

from generator.build import build_site
from generator.records import Kind
from generator.scaffold import new_record

from conftest import write_record
from htmlpage import content, page, parse
from test_new_record import fill_in

GIT_ENV = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn", "GIT_COMMITTER_NAME": "Biên tập",
           "GIT_COMMITTER_EMAIL": "bt@example.vn", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def commit(root: Path, when: str) -> None:
    env = os.environ | GIT_ENV | {"GIT_AUTHOR_DATE": f"{when} +0700", "GIT_COMMITTER_DATE": f"{when} +0700"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", when], check=True, env=env)


def write_post(root: Path, slug: str, front: str, body: str = "Nội dung tin.\n") -> None:
    folder = root / "content" / "tin-tuc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """A project whose records were added and edited on known days."""
    from conftest import REPO
    import re

    root = tmp_path_factory.mktemp("lich-su")
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(re.sub(r"^featured:\n(?:  - .*\n)*", "featured: []\n", config, flags=re.M),
                                          encoding="utf-8")
    (root / "models").mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=os.environ | GIT_ENV)
    write_record(root, "thay-an", name="Thầy An")
    write_record(root, "co-binh", name="Cô Bình", kind="individual")
    commit(root, "2025-01-10 09:00:00")
    write_record(root, "htx-tan-hoa", name="Hợp tác xã Tân Hòa", kind="collective", role=None)
    write_post(root, "bieu-duong", "title: Biểu dương 50 tấm gương\ndate: 2025-02-14\nsummary: Tin tóm tắt.\n")
    (root / "content" / "lien-he.md").write_text("# Liên hệ\n\nGọi ban biên tập.\n", encoding="utf-8")
    commit(root, "2025-02-01 10:00:00")
    write_record(root, "thay-an", name="Thầy An", summary="Một thầy giáo tận tụy, nay là hiệu trưởng.")
    write_record(root, "co-dao", name="Cô Đào", published="2024-12-01")
    # Kept off the site: a draft, an embargo after the build date, a draft post and a post dated later.
    write_record(root, "ban-nhap-bi-mat", name="Trương Văn Nháp", draft=True)
    write_record(root, "cho-den-ngay", name="Lâm Thị Hẹn", publish_after="2025-12-31")
    write_post(root, "tin-nhap", "title: Tin Nháp Kín\ndate: 2025-03-01\ndraft: true\n")
    write_post(root, "tin-tuong-lai", "title: Tin Tương Lai\ndate: 2026-01-01\n")
    commit(root, "2025-03-05 23:30:00")
    return root


@pytest.fixture(scope="module")
def site(history: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "site"
    build_site(history, out)
    return out


def test_record_pages_show_dates_from_git(site: Path):
    def dates(url: str) -> list[str]:
        return [t.attrs["datetime"] for t in content(page(site, url)).find("p", "gs-dates").find_all("time")]

    assert dates("ca-nhan/co-binh/") == ["2025-01-10"]  # never changed: no "updated" date
    assert dates("ca-nhan/thay-an/") == ["2025-01-10", "2025-03-05"]  # 23:30 in Vietnam is still 5 March
    assert dates("ca-nhan/co-dao/") == ["2024-12-01", "2025-03-05"]  # `published` overrides the first date


def test_updates_page_lists_records_and_news_newest_first(site: Path):
    items = content(page(site, "cap-nhat/")).find("ol", "gs-updates").find_all("li", "gs-update")
    seen = [(i.find("time").attrs["datetime"], i.find("a").text) for i in items]
    assert seen[:2] == [("2025-03-05", "Thầy An"), ("2025-03-05", "Cô Đào")]
    assert seen[2:] == [("2025-02-14", "Biểu dương 50 tấm gương"), ("2025-02-01", "Hợp tác xã Tân Hòa"),
                        ("2025-01-10", "Cô Bình")]
    assert "Cập nhật" in items[0].text and "Mới" in items[-1].text
    post = content(page(site, "tin-tuc/bieu-duong/"))
    assert post.find("h1").text == "Biểu dương 50 tấm gương" and "Nội dung tin." in post.text
    home = content(page(site, ""))
    assert [c.find(cls="gs-card__name").text for c in home.find("section", "gs-latest").find_all("li", "gs-card")][:2] == \
        ["Thầy An", "Cô Đào"]
    assert "Biểu dương 50 tấm gương" in home.find("section", "gs-latest").text


def test_feeds_in_the_built_site_and_linked_from_every_page(site: Path):
    for name in ("atom.xml", "rss.xml"):
        parsed = feedparser.parse((site / "cap-nhat" / name).read_bytes())
        assert not parsed.bozo
        assert [e.link for e in parsed.entries][:3] == [
            "https://guongsang.example.vn/ca-nhan/thay-an/", "https://guongsang.example.vn/ca-nhan/co-dao/",
            "https://guongsang.example.vn/tin-tuc/bieu-duong/"]
    for path in [site / "index.html", *site.glob("*/*/index.html")]:
        links = {(e.attrs["type"], e.attrs["href"]) for e in parse(path).find_all("link")
                 if "alternate" in e.attrs.get("rel", "").split()}
        depth = len(path.relative_to(site).parts) - 1
        prefix = "../" * depth
        assert links == {("application/atom+xml", f"{prefix}cap-nhat/atom.xml"),
                         ("application/rss+xml", f"{prefix}cap-nhat/rss.xml"),
                         ("application/feed+json", f"{prefix}cap-nhat/feed.json")}, path


def every_text(site: Path):
    """Each output file's text, looking inside gzip and zip files too."""
    def texts(name: str, raw: bytes):
        if raw[:2] == b"\x1f\x8b":
            yield from texts(name, gzip.decompress(raw))
        elif raw[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                for member in archive.namelist():
                    yield from texts(f"{name}!{member}", archive.read(member))
        else:
            yield name, raw.decode("utf-8", errors="replace")
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield from texts(path.relative_to(site).as_posix(), path.read_bytes())


def test_drafts_and_embargoed_records_and_posts_are_in_no_output(history: Path, site: Path, tmp_path: Path):
    secrets = ["ban-nhap-bi-mat", "Trương Văn Nháp", "cho-den-ngay", "Lâm Thị Hẹn", "tin-nhap", "Tin Nháp Kín",
               "tin-tuong-lai", "Tin Tương Lai"]
    build_site(history, tmp_path / "ngoai-tuyen", offline=True)  # the copy for file://, with its own index
    for out in (site, tmp_path / "ngoai-tuyen"):
        files = 0
        for name, text in every_text(out):
            files += 1
            assert not [s for s in secrets if s in text or s in name], name  # nor in a file's name (share images)
        assert files > 20 and (out / "sitemap.xml").is_file()
        # The open data is there, with every published record and only those.
        for data in ("ban-ghi.csv", "ban-ghi.json"):
            text = (out / "du-lieu" / data).read_text(encoding="utf-8-sig")
            assert all(name in text for name in ("thay-an", "co-binh", "co-dao", "htx-tan-hoa")), data
    assert (site / "anh" / "thay-an" / "chia-se.png").is_file()


def test_open_data_of_a_preview_still_holds_only_what_is_published(history: Path, tmp_path: Path):
    build_site(history, tmp_path / "xem-thu", preview=True)
    assert (tmp_path / "xem-thu" / "ca-nhan" / "ban-nhap-bi-mat" / "index.html").is_file()  # the preview shows it
    for data in ("ban-ghi.csv", "ban-ghi.json"):
        text = (tmp_path / "xem-thu" / "du-lieu" / data).read_text(encoding="utf-8-sig")
        assert "ban-nhap-bi-mat" not in text and "cho-den-ngay" not in text and "thay-an" in text
    assert not list((tmp_path / "xem-thu" / "anh").glob("*/chia-se.png"))  # nobody shares a preview


def test_the_sitemap_dates_each_page_by_git(site: Path):
    lastmod = dict(re.findall(r"<loc>https://guongsang\.example\.vn/(.*?)</loc>\s*<lastmod>(.*?)</lastmod>",
                              (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert lastmod["ca-nhan/co-binh/"] == "2025-01-10"  # never changed since it was added
    assert lastmod["ca-nhan/thay-an/"] == "2025-03-05"  # changed in the last commit
    assert lastmod["tap-the/htx-tan-hoa/"] == lastmod["tap-the/"] == "2025-02-01"  # a listing: its newest record
    assert lastmod["ca-nhan/"] == "2025-03-05" and lastmod[""] == "2025-03-05"
    assert lastmod["lien-he/"] == "2025-02-01"  # a page of content/, by its file
    assert lastmod["tin-tuc/bieu-duong/"] == "2025-02-14"  # a news post by its own date


def test_preview_shows_drafts_marked(history: Path, tmp_path: Path):
    build_site(history, tmp_path / "xem-thu", preview=True)
    banner = content(page(tmp_path / "xem-thu", "ca-nhan/ban-nhap-bi-mat/")).find("div", "gs-unpublished")
    assert "BẢN NHÁP" in banner.text
    assert "CHƯA ĐẾN NGÀY ĐĂNG" in content(page(tmp_path / "xem-thu", "ca-nhan/cho-den-ngay/")).text
    cards = {c.find(cls="gs-card__name").text: c.text for c in content(page(tmp_path / "xem-thu", "ca-nhan/")).find_all("li", "gs-card")}
    assert "Bản nháp" in cards["Trương Văn Nháp"] and "Chưa đến ngày đăng" in cards["Lâm Thị Hẹn"]
    assert not any(word in cards["Thầy An"] for word in ("Bản nháp", "Chưa đến"))


def test_new_record_round_trip_reaches_the_site(project: Path):
    path = new_record(project, Kind.PRACTICE, "Dân vận khéo", folder="ha-noi")
    build_site(project, project / "site")
    assert not (project / "site" / "mo-hinh" / "dan-van-kheo").exists()  # a draft
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    build_site(project, project / "site")
    assert content(page(project / "site", "mo-hinh/dan-van-kheo/")).find("h1").text == "Dân vận khéo"
