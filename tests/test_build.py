"""`guongsang build` on the example records: every kind of page, read as HTML."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from generator.config import load_config
from generator.text import vi_sort_key

from conftest import REPO
from htmlpage import content, page, parse

PAGE_SIZE = load_config(REPO).page_size


@pytest.fixture(scope="session")
def site(example_site) -> Path:
    return example_site


def card_names(doc) -> list[str]:
    return [c.find(cls="gs-card__name").text for c in content(doc).find_all("li", "gs-card")]


def test_home_shows_intro_featured_latest_and_ways_to_browse(site):
    doc = page(site, "")
    assert doc.find("html").attrs["lang"] == "vi"
    body = content(doc)
    assert "Chỉ thị số 05-CT/TW" not in body.text  # only the lead of the introduction, not all of it
    assert "Gương sáng" in body.find("h1").text
    assert any(a.attrs["href"] == "./gioi-thieu/" for a in body.find_all("a"))
    featured = body.find("section", "gs-featured")
    names = [c.find(cls="gs-card__name").text for c in featured.find_all("li", "gs-card")]
    assert names[:2] == ["Nguyễn Hưng Đạo", "Trần Thị Nga"]  # site_config.yml `featured`, in its order
    latest = body.find("section", "gs-latest")
    assert latest.find_all("li", "gs-card")
    browse = {a.attrs["href"] for a in body.find("ul", "gs-browse__list").find_all("a")}
    assert {"./ca-nhan/", "./tap-the/", "./mo-hinh/", "./dia-phuong/", "./linh-vuc/", "./nam/", "./nguon/"} <= browse


def test_listings_are_in_vietnamese_order_and_only_of_their_kind(site):
    for section, kind_label in (("ca-nhan", "Cá nhân"), ("tap-the", "Tập thể"), ("mo-hinh", "Mô hình")):
        doc = page(site, f"{section}/")
        names = card_names(doc)
        assert names and len(names) <= PAGE_SIZE
        assert names == sorted(names, key=vi_sort_key)
        for card in content(doc).find_all("li", "gs-card"):
            assert card.find("p", "gs-card__kind").text.startswith(kind_label)
            assert card.find("a").attrs["href"].startswith("../" + section + "/")
            assert card.find("p", "gs-card__place").text and card.find("p", "gs-card__summary").text
            # under the name: the role, type of unit or other names; never the kind the first line gave
            assert all(kind_label not in p.text for p in card.find_all("p", "gs-card__role")), card.text


def test_a_practice_card_names_its_other_names(site):
    card = next(c for c in content(page(site, "")).find_all("li", "gs-card--practice")
                if c.find(cls="gs-card__name").text == "Mô hình 3 nên, 3 không")
    assert card.find("p", "gs-card__role").text == "Còn gọi là 3 nên, 3 không"


def test_home_has_a_search_box_of_its_own(site):
    form = next(f for f in content(page(site, "")).find_all("form") if f.attrs.get("role") == "search")
    assert form.attrs["action"] == "./tim-kiem/" and form.attrs["method"] == "get"
    box = form.find("input")
    label = form.find("label")
    assert box.attrs["name"] == "q" and label.attrs["for"] == box.attrs["id"] and "gs-visually-hidden" not in label.classes


def test_individual_page_has_profile_story_sources_and_organisation_link(site):
    body = content(page(site, "ca-nhan/pham-dinh-thang/"))
    assert body.find("h1").text == "Phạm Đình Thắng"
    profile = body.find("dl", "gs-profile")
    terms = [dt.text for dt in profile.find_all("dt")]
    assert terms[:2] == ["Loại", "Chức vụ, nghề nghiệp"] and {"Đơn vị", "Địa phương", "Lĩnh vực", "Năm"} <= set(terms)
    organisation = [a for a in profile.find_all("a") if "hop-tac-xa" in a.attrs["href"]]
    assert organisation[0].attrs["href"] == "../../tap-the/hop-tac-xa-mien-dong-thang-loi/"
    assert organisation[0].text == "Hợp tác xã Miến dong Thắng Lợi"
    assert "xã Lực Hành, huyện Yên Sơn, Tuyên Quang" in profile.text
    headings = [h.text for h in body.find_all("h2")]
    assert {"Câu chuyện", "Nguồn", "Xem thêm"} <= set(headings)
    assert body.find("section", "gs-story").find("p").text.startswith("Anh Phạm Đình Thắng")


def test_collective_page(site):
    body = content(page(site, "tap-the/hop-tac-xa-mien-dong-thang-loi/"))
    assert body.find("h1").text == "Hợp tác xã Miến dong Thắng Lợi"
    assert body.find("p", "gs-record__kind").text == "Tập thể"
    assert body.find("section", "gs-record__sources").find_all("li")


def test_practice_page_groups_components_under_their_labels(site):
    body = content(page(site, "mo-hinh/mo-hinh-4-dung-5-phai-3-sat/"))
    components = body.find("section", "gs-components")
    labels = [h.text for h in components.find_all("h3")]
    assert labels[:3] == ["4 đúng", "05 phải", "03 sát"]
    lists = components.find_all("ol")
    assert [len(ol.find_all("li")) for ol in lists[:3]] == [4, 5, 3]
    assert lists[1].find("li").text == "Phải cụ thể"
    origin = components.find_all("ul")[-1].find("a")
    assert origin.attrs["href"] == "../../tap-the/dang-bo-tinh-bac-lieu/"


def test_former_province_is_filed_under_the_current_one_and_shown_as_written(site):
    doc = page(site, "dia-phuong/ca-mau/")
    assert content(doc).find("h1").text == "Cà Mau"
    places = [p.text for p in content(doc).find_all("p", "gs-card__place")]
    assert "Bạc Liêu (nay thuộc Cà Mau)" in places
    record = content(page(site, "mo-hinh/mo-hinh-4-dung-5-phai-3-sat/"))
    link = [a for a in record.find("dl", "gs-profile").find_all("a") if "dia-phuong" in a.attrs["href"]][0]
    assert link.text == "Bạc Liêu (nay thuộc Cà Mau)" and link.attrs["href"] == "../../dia-phuong/ca-mau/"


def test_province_index_lists_the_34_current_units_with_counts(site):
    items = content(page(site, "dia-phuong/")).find("ul", "gs-groups").find_all("li")
    assert len(items) == 34
    counts = {li.find("a").text: int(li.find("span", "gs-groups__count").text) for li in items}
    assert counts["Cà Mau"] >= 1 and counts["Lâm Đồng"] == 0
    assert sum(counts.values()) == len(list((REPO / "models").rglob("*.yml")))


def test_field_year_and_source_pages(site):
    fields = content(page(site, "linh-vuc/")).find("ul", "gs-groups").find_all("a")
    assert fields[0].text == "Xây dựng Đảng" and fields[0].attrs["href"] == "../linh-vuc/xay-dung-dang/"
    assert card_names(page(site, "linh-vuc/y-te/")) == ["Nguyễn Hưng Đạo", "Trung tâm Y tế huyện Chiêm Hóa"]
    years = [a.text for a in content(page(site, "nam/")).find_all("a")]
    assert years == sorted(years, reverse=True)
    for card in content(page(site, f"nam/{years[0]}/")).find_all("li", "gs-card"):
        assert card.find("p", "gs-card__kind").text.endswith(years[0])
    sources = content(page(site, "nguon/")).find("ol", "gs-sources").find_all("li", None)
    supported = [a.attrs["href"] for a in sources[0].find("p", "gs-source__records").find_all("a")]
    assert supported and all(h.startswith("../") for h in supported)


def test_content_pages_become_pages(site):
    body = content(page(site, "gioi-thieu/"))
    assert body.find("h1").text == "Giới thiệu"
    assert "Chỉ thị số 05-CT/TW" in body.text


def test_navigation_holds_sections_only(site):
    nav = page(site, "ca-nhan/nguyen-hung-dao/").find("nav", "md-tabs")
    titles = [a.text for a in nav.find_all("a")]
    assert titles == ["Trang chủ", "Cá nhân", "Tập thể", "Mô hình", "Địa phương", "Lĩnh vực", "Năm", "Nguồn",
                      "Cập nhật", "Giáo viên", "Giới thiệu", "Tải về"]


def test_nothing_is_loaded_from_another_host(site):
    for path in [site / "index.html", *site.glob("*/*/index.html")]:
        doc = parse(path)
        for element in doc.iter():
            for attr in ("src", "srcset", "data", "poster"):
                assert not re.match(r"^(https?:)?//", element.attrs.get(attr, "")), (path, element.attrs)
            if element.tag == "link" and element.attrs.get("rel") not in ("canonical", "alternate"):
                assert not re.match(r"^(https?:)?//", element.attrs.get("href", "")), (path, element.attrs)
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text) and "@import" not in text, css


def test_only_the_generated_pages_and_copied_assets_are_written(site):
    assert not list(site.glob("**/*.md"))
    assert (site / "css" / "guongsang.css").is_file()
    assert [p.name for p in site.parent.glob(".site.*") if ".spare-" not in p.name] == [], "staging folders are cleaned up"


def test_every_page_is_whole_and_in_the_sitemap_but_the_editors_guide(site):
    pages = sorted(site.rglob("index.html"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(\d{4}-\d\d-\d\d)</lastmod>", sitemap))
    base = load_config(REPO).url
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('<div class="gs-page">') == 1 and "gs:body" not in html and "gs:head" not in html, path
        assert "md-header" in html and "css/guongsang.css" in html, path  # the theme is around every page
        url = path.parent.relative_to(site).as_posix()
        assert (base + ("" if url == "." else url + "/") in entries) == (url != "huong-dan"), path
    assert len(entries) == len(pages) - 1 == sitemap.count("<loc>")
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_not_found_page_is_in_vietnamese(site):
    doc = parse(site / "404.html")
    assert doc.find("h1").text == "Không tìm thấy trang"
    assert doc.find("html").attrs["lang"] == "vi"


def test_home_shows_no_record_twice(site):
    body = content(page(site, ""))
    featured = [c.find("h3").text for c in body.find("section", "gs-featured").find_all("li", "gs-card")]
    latest = [c.find("h3").text for c in body.find("section", "gs-latest").find_all("li", "gs-card")]
    assert featured and latest and not set(featured) & set(latest)
    assert len(latest) == load_config(REPO).home_latest  # the newest others fill the place of the featured


def test_keyword_chips_lead_to_a_page_per_keyword(site):
    chips = content(page(site, "ca-nhan/nguyen-hung-dao/")).find("p", "gs-tags").find_all("a", "gs-tag")
    assert [c.text for c in chips] == ["bác sĩ", "người đứng đầu", "dám nghĩ, dám làm", "kỹ thuật mới", "mạng xã hội"]
    assert chips[0].attrs["href"] == "../../tu-khoa/bac-si/"
    listing = page(site, "tu-khoa/nguoi-dung-dau/")
    assert content(listing).find("h1").text == "Từ khóa: người đứng đầu"
    names = card_names(listing)
    assert "Nguyễn Hưng Đạo" in names and names == sorted(names, key=vi_sort_key)
    assert "../../tu-khoa/" in {a.attrs["href"] for a in content(listing).find_all("a")}  # back to every keyword
    index = content(page(site, "tu-khoa/"))
    links = {a.text: a.attrs["href"] for a in index.find("ul", "gs-groups").find_all("a")}
    assert links["người đứng đầu"] == "../tu-khoa/nguoi-dung-dau/" and len(links) == len(list(site.glob("tu-khoa/*/")))


def test_keywords_written_two_ways_are_one_page(project: Path):
    from conftest import write_record
    from generator.build import build_site

    write_record(project, "an", name="An", tags=["Chủ nhật xanh"])
    write_record(project, "binh", name="Bình", tags=["chủ nhật xanh", "!!!"])
    build_site(project, project / "site")
    assert card_names(page(project / "site", "tu-khoa/chu-nhat-xanh/")) == ["An", "Bình"]
    chips = content(page(project / "site", "ca-nhan/binh/")).find("p", "gs-tags")
    assert [a.text for a in chips.find_all("a")] == ["chủ nhật xanh"]  # "!!!" makes no address: a plain chip
    assert [s.text for s in chips.find_all("span", "gs-tag")] == ["!!!"]
