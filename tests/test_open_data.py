"""Open data at /du-lieu/: the published records as JSON and CSV, their schemas, the data package, the licence."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package, validate

from generator import opendata
from generator.build import build_site, load_catalog
from generator.config import load_config

from conftest import REPO, write_record
from htmlpage import content, page, parse

CONFIG = load_config(REPO)
BASE = CONFIG.url


@pytest.fixture(scope="module")
def data(example_site: Path) -> Path:
    return example_site / "du-lieu"


def rows(folder: Path) -> list[dict[str, str]]:
    raw = (folder / "ban-ghi.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark that tells Excel it is UTF-8
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def records(folder: Path) -> list[dict]:
    return json.loads((folder / "ban-ghi.json").read_text(encoding="utf-8"))["records"]


def test_every_published_record_is_in_the_json_and_the_csv(data: Path):
    catalog = load_catalog(REPO)
    ids = [r.id for r in catalog.records]
    assert [r["id"] for r in records(data)] == ids == [r["id"] for r in rows(data)]
    full = json.loads((data / "ban-ghi.json").read_text(encoding="utf-8"))
    assert full["count"] == len(ids) and full["url"] == BASE and full["site"] == "Gương sáng"
    assert full["licence"] == {"id": "CC-BY-4.0", "title": CONFIG.licence.title,
                               "url": "https://creativecommons.org/licenses/by/4.0/"}


def test_a_record_with_its_address_provinces_fields_and_dates(data: Path):
    by_id = {r["id"]: r for r in records(data)}
    row = {r["id"]: r for r in rows(data)}["ban-chi-dao-giai-quyet-khieu-nai-to-cao-tinh-bac-lieu"]
    record = by_id["ban-chi-dao-giai-quyet-khieu-nai-to-cao-tinh-bac-lieu"]
    assert record["url"] == row["url"] == BASE + "tap-the/ban-chi-dao-giai-quyet-khieu-nai-to-cao-tinh-bac-lieu/"
    assert (record["province"], record["current_province"], record["former_province"]) == \
        ("Bạc Liêu", "Cà Mau", "Bạc Liêu")
    assert (row["province"], row["current_province"], row["former_province"]) == ("Bạc Liêu", "Cà Mau", "Bạc Liêu")
    assert record["fields"] == ["xay-dung-dang", "cai-cach-hanh-chinh"]
    assert row["fields"] == "xay-dung-dang | cai-cach-hanh-chinh"  # a list in one cell: joined by " | "
    assert row["field_labels"] == "Xây dựng Đảng | Cải cách hành chính"
    assert record["published"] == row["published"] and record["updated"] == row["updated"]
    assert row["tags"] == "khiếu nại, tố cáo | tiếp công dân | đối thoại với dân"  # commas inside a tag stay
    person = by_id["nguyen-hung-dao"]
    assert person["role"] and person["organization_id"] == "trung-tam-y-te-huyen-chiem-hoa"
    assert person["former_province"] is None and person["story"].startswith("Bác sĩ Nguyễn Hưng Đạo")
    practice = by_id["mo-hinh-4-dung-5-phai-3-sat"]
    assert [c["label"] for c in practice["components"]] == ["4 đúng", "05 phải", "03 sát"]
    assert practice["role"] is None and practice["honorifics"] == []


def test_the_json_follows_its_schema_and_the_schema_explains_every_field(data: Path):
    schema = json.loads((data / "luoc-do-ban-ghi.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads((data / "ban-ghi.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    fields = schema["properties"]["records"]["items"]["properties"]
    assert list(fields) == list(document["records"][0]) == [f.name for f in opendata.FIELDS]
    assert all(f["title"] and f["description"] for f in fields.values())
    broken = dict(document, records=[dict(document["records"][0], year="2019")])
    with pytest.raises(jsonschema.ValidationError):  # the schema is strict enough to catch a wrong type
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_the_data_package_is_valid_frictionless_and_matches_the_files(data: Path, tmp_path: Path):
    report = validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": CONFIG.licence.title}]
    assert {r["path"] for r in package["resources"]} == {"ban-ghi.csv", "ban-ghi.json", "luoc-do-ban-ghi.json"}
    for resource in package["resources"]:
        raw = (data / resource["path"]).read_bytes()
        assert resource["bytes"] == len(raw) and resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    table = Package(str(data / "datapackage.json")).get_resource("ban-ghi")
    assert [f.name for f in table.schema.fields] == [f.name for f in opendata.CSV_FIELDS]
    # A row that breaks the Table Schema is caught: the package describes the table, not just its name.
    for name in ("ban-ghi.csv", "ban-ghi.json", "luoc-do-ban-ghi.json"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    text = (tmp_path / "ban-ghi.csv").read_text(encoding="utf-8-sig").replace(",2021,", ",năm 2021,", 1)
    (tmp_path / "ban-ghi.csv").write_text(text, encoding="utf-8-sig")
    package["resources"][0].pop("hash"), package["resources"][0].pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_the_data_page_lists_the_files_the_licence_and_every_field(example_site: Path):
    body = content(page(example_site, "du-lieu/"))
    links = {a.attrs["href"] for a in body.find_all("a")}
    assert {f"../du-lieu/{name}" for name in ("ban-ghi.csv", "ban-ghi.json", "luoc-do-ban-ghi.json",
                                               "datapackage.json")} <= links
    assert "https://creativecommons.org/licenses/by/4.0/" in links and CONFIG.licence.title in body.text
    rows = body.find("table", "gs-data-fields").find_all("tr")[1:]
    assert [row.find("code").text for row in rows] == [f.name for f in opendata.FIELDS]
    only_json = [row.find("code").text for row in rows if "chỉ trong JSON" in row.text]
    assert only_json == [f.name for f in opendata.FIELDS if f.csv_type is None] == ["story", "quotes", "images", "teaching"]
    assert "37 bản ghi" in body.text


def test_the_footer_names_publisher_contact_and_licence_on_every_page(example_site: Path):
    for path in sorted(example_site.rglob("index.html")):
        footer = parse(path).find("div", "gs-footer")
        assert "Ban biên tập Gương sáng" in footer.text, path
        hrefs = [a.attrs["href"] for a in footer.find_all("a")]
        assert "mailto:bientap@guongsang.example.vn" in hrefs and "https://creativecommons.org/licenses/by/4.0/" in hrefs
        folder = path.parent.relative_to(example_site).as_posix()
        assert posixpath.normpath(posixpath.join(folder, hrefs[-1])) == "du-lieu", path  # the open data


def test_the_offline_copy_carries_the_data_too(tmp_path: Path):
    build_site(REPO, tmp_path / "ngoai-tuyen", offline=True)
    folder = tmp_path / "ngoai-tuyen" / "du-lieu"
    assert [r["id"] for r in rows(folder)] == [r["id"] for r in records(folder)] and validate(
        str(folder / "datapackage.json")).valid
    body = content(page(tmp_path / "ngoai-tuyen", "du-lieu/"))
    assert "../du-lieu/ban-ghi.csv" in {a.attrs["href"] for a in body.find_all("a")}
    assert not list((tmp_path / "ngoai-tuyen" / "anh").glob("*/chia-se.png"))  # nobody shares a file:// link


def test_a_site_without_a_licence_says_so(project: Path):
    config = (project / "site_config.yml").read_text(encoding="utf-8")
    (project / "site_config.yml").write_text(config.replace("  licence: CC-BY-4.0\n", ""), encoding="utf-8")
    write_record(project, "an", name="An")
    build_site(project, project / "site")
    assert "chưa ghi giấy phép" in content(page(project / "site", "du-lieu/")).text
    package = json.loads((project / "site" / "du-lieu" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and validate(str(project / "site" / "du-lieu" / "datapackage.json")).valid
