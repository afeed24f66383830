"""Structured data (JSON-LD, schema.org), read back from the built pages as a search engine reads it."""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.build import build_site
from generator.config import load_config

from conftest import REPO, write_record
from htmlpage import content, page

BASE = load_config(REPO).url


def json_ld(site: Path, url: str) -> list[dict]:
    """Every JSON-LD block of the page at `url`, parsed; a @graph is opened into its items."""
    blocks = [json.loads(script.text) for script in page(site, url).find_all("script")
              if script.attrs.get("type") == "application/ld+json"]
    items = []
    for block in blocks:
        assert block["@context"] == "https://schema.org"
        items += block.get("@graph", [block])
    return items


def of_type(items: list[dict], kind: str) -> dict:
    found = [item for item in items if item["@type"] == kind]
    assert len(found) == 1, [i["@type"] for i in items]
    return found[0]


def test_a_person_with_job_title_region_awards_and_employer(example_site: Path):
    person = of_type(json_ld(example_site, "ca-nhan/nguyen-hung-dao/"), "Person")
    assert person["name"] == "Nguyễn Hưng Đạo" and person["url"] == BASE + "ca-nhan/nguyen-hung-dao/"
    assert person["jobTitle"] == "Bí thư Đảng ủy, Giám đốc Trung tâm Y tế huyện Chiêm Hóa"
    assert person["address"]["@type"] == "PostalAddress" and person["address"]["addressRegion"] == "Tuyên Quang"
    assert person["address"]["addressCountry"] == "VN"
    assert person["honorificPrefix"] == "Thầy thuốc Ưu tú, Thạc sĩ"
    employer = person["worksFor"]  # a collective with a page of its own: named by its address
    assert employer["@type"] == "Organization" and employer["name"] == "Trung tâm Y tế huyện Chiêm Hóa"
    assert employer["url"] == BASE + "tap-the/trung-tam-y-te-huyen-chiem-hoa/"
    assert person["image"] == BASE + "anh/nguyen-hung-dao/chia-se.png"
    assert person["subjectOf"][0]["name"] == "Tuyên Quang: Học và làm theo Bác từ những người đứng đầu"


def test_awards_and_sources_with_publisher_and_date(project: Path):
    write_record(project, "thay-an", name="Thầy An", organization="Trường Tiểu học Số 1",
                 awards=[{"name": "Chiến sĩ thi đua cơ sở", "year": 2021, "by": "UBND tỉnh"}],
                 sources=[{"title": "Người thầy vùng cao", "publisher": "Báo Giáo dục", "date": "2021-04-07",
                           "url": "https://baogiaoduc.example.vn/nguoi-thay"}])
    build_site(project, project / "site")
    person = of_type(json_ld(project / "site", "ca-nhan/thay-an/"), "Person")
    assert person["award"] == ["Chiến sĩ thi đua cơ sở (UBND tỉnh, 2021)"]
    assert person["worksFor"] == {"@type": "Organization", "name": "Trường Tiểu học Số 1"}
    assert person["address"]["addressRegion"] == "Cà Mau"  # Bạc Liêu, as written, is now part of Cà Mau
    assert person["subjectOf"] == [{"@type": "CreativeWork", "name": "Người thầy vùng cao",
                                    "publisher": {"@type": "Organization", "name": "Báo Giáo dục"},
                                    "datePublished": "2021-04-07", "url": "https://baogiaoduc.example.vn/nguoi-thay"}]
    # the page shows the same: publisher, date and link of the source
    source = content(page(project / "site", "ca-nhan/thay-an/")).find("section", "gs-record__sources").find("li")
    assert source.find("a").attrs["href"] == "https://baogiaoduc.example.vn/nguoi-thay"
    assert "Báo Giáo dục" in source.text and "07/04/2021" in source.text


def test_a_collective_is_an_organization_with_its_members(example_site: Path):
    org = of_type(json_ld(example_site, "tap-the/hop-tac-xa-mien-dong-thang-loi/"), "Organization")
    assert org["name"] == "Hợp tác xã Miến dong Thắng Lợi"
    assert org["address"]["addressRegion"] == "Tuyên Quang"
    assert BASE + "ca-nhan/pham-dinh-thang/" in {m["url"] for m in org.get("member", [])}


def test_a_practice_is_a_how_to_whose_sections_are_its_groups(example_site: Path):
    howto = of_type(json_ld(example_site, "mo-hinh/mo-hinh-4-dung-5-phai-3-sat/"), "HowTo")
    sections = howto["step"]
    assert [s["@type"] for s in sections] == ["HowToSection"] * 3
    assert [s["name"] for s in sections] == ["4 đúng", "05 phải", "03 sát"]  # as the record writes them
    assert [len(s["itemListElement"]) for s in sections] == [4, 5, 3]
    assert sections[0]["itemListElement"][0] == {"@type": "HowToStep", "position": 1,
                                                 "text": sections[0]["itemListElement"][0]["text"]}
    assert howto["spatialCoverage"]["address"]["addressRegion"] == "Cà Mau"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", howto["datePublished"])


def test_each_record_page_has_its_breadcrumbs(example_site: Path):
    trail = of_type(json_ld(example_site, "mo-hinh/mo-hinh-3-nen-3-khong/"), "BreadcrumbList")["itemListElement"]
    assert [(i["position"], i["name"], i["item"]) for i in trail] == [
        (1, "Trang chủ", BASE), (2, "Mô hình", BASE + "mo-hinh/"), (3, "Mô hình 3 nên, 3 không",
                                                                    BASE + "mo-hinh/mo-hinh-3-nen-3-khong/")]
    for path in example_site.glob("*/*/index.html"):
        if path.parts[-3] in ("ca-nhan", "tap-the", "mo-hinh"):
            url = path.parent.relative_to(example_site).as_posix() + "/"
            assert {i["@type"] for i in json_ld(example_site, url)} >= {"BreadcrumbList"}, url


def test_the_home_page_describes_the_site_and_how_to_search_it(example_site: Path):
    site = of_type(json_ld(example_site, ""), "WebSite")
    assert site["url"] == BASE and site["name"] == "Gương sáng" and site["inLanguage"] == "vi"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction" and action["query-input"] == "required name=search_term_string"
    assert action["target"]["urlTemplate"] == BASE + "tim-kiem/?q={search_term_string}"
    assert site["publisher"]["name"] == "Ban biên tập Gương sáng"
    assert site["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_open_data_page_describes_its_dataset(example_site: Path):
    dataset = of_type(json_ld(example_site, "du-lieu/"), "Dataset")
    assert {d["contentUrl"] for d in dataset["distribution"]} == {BASE + "du-lieu/ban-ghi.json",
                                                                  BASE + "du-lieu/ban-ghi.csv"}
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_no_text_can_end_the_script_it_is_in(project: Path):
    name = "An </script><script>alert(1)</script> <!-- &"
    write_record(project, "an", name=name, summary="Tóm tắt </SCRIPT> & <b>đậm</b>")
    build_site(project, project / "site")
    html = (project / "site" / "ca-nhan" / "an" / "index.html").read_text(encoding="utf-8")
    block = html[html.index('<script type="application/ld+json">'):]
    block = block[:block.index("</script>")]
    assert "<" not in block[1:] and ">" not in block.split(">", 1)[1]
    person = of_type(json_ld(project / "site", "ca-nhan/an/"), "Person")
    assert person["name"] == name and person["description"] == "Tóm tắt </SCRIPT> & <b>đậm</b>"
