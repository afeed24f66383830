"""Every rule of the record loader, each with a bad record: the Vietnamese message and its line."""
from __future__ import annotations

import datetime as dt
import os
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from generator import messages as msg
from generator.problems import InputError
from generator.project import load_project
from generator.records import Collective, Individual, Kind, Practice, expected_count

INDIVIDUAL = """\
kind: individual
name: Nguyễn Hưng Đạo
role: Giám đốc Trung tâm Y tế huyện Chiêm Hóa
place: {province: Tuyên Quang, district: Chiêm Hóa}
fields: [y-te]
year: 2019
summary: Người đứng đầu trung tâm y tế huyện đưa kỹ thuật mới vào khám chữa bệnh.
story: |
  Anh đến từng xã, nghe người bệnh nói rồi mới bàn cách làm.
sources:
  - title: "Tuyên Quang: Học và làm theo Bác từ những người đứng đầu"
"""  # 11 lines: a key appended to it is on line 12
COLLECTIVE = """\
kind: collective
name: Hợp tác xã Miền Đông Thắng Lợi
unit_type: Hợp tác xã
place: {province: Tuyên Quang}
fields: [kinh-te]
year: 2021
summary: Hợp tác xã giúp nông dân bán nông sản qua sàn thương mại điện tử.
story: Câu chuyện của hợp tác xã.
sources: [{title: Bài báo}]
"""  # 9 lines
PRACTICE = """\
kind: practice
name: Mô hình 3 nên, 3 không
place: {province: Bạc Liêu}
fields: [cai-cach-hanh-chinh]
year: 2021
summary: Ba điều nên làm và ba điều không được làm của cán bộ khi phục vụ người dân.
components:
  - label: 3 nên
    items: [Nên vui vẻ, Nên xin lỗi, Nên cảm ơn]
  - label: 3 không
    items: [Không gây phiền hà, Không thờ ơ, Không nhận hối lộ]
sources: [{title: Bài báo}]
"""  # 12 lines
LAST_LINE = {"individual": 11, "collective": 9, "practice": 12}
TEXT = {"individual": INDIVIDUAL, "collective": COLLECTIVE, "practice": PRACTICE}


def write(project: Path, rel: str, text: str | bytes) -> Path:
    path = project / "models" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def problems(project: Path) -> list[tuple[str, int, str]]:
    try:
        load_project(project)
    except InputError as err:
        return [(p.path, p.line, p.message) for p in err.problems]
    return []


def only(project: Path) -> tuple[str, int, str]:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


def records(project: Path) -> dict:
    return load_project(project).records


def without(text: str, *keys: str) -> str:
    """The record text with these top-level keys (and their indented lines) removed."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if not line.startswith(" "):
            skipping = any(line.startswith(f"{key}:") for key in keys)
        if not skipping:
            out.append(line)
    return "".join(out)


def png(size: int = 2) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    rows = (b"\x00" + b"\xff\x00\x00" * size) * size
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- valid records ---------------------------------------------------------------------------------

def test_valid_records_of_each_kind_become_typed_records(project: Path):
    write(project, "tuyen-quang/nguyen-hung-dao.yml", INDIVIDUAL)
    write(project, "tuyen-quang/htx-mien-dong.yml", COLLECTIVE)
    write(project, "bac-lieu/mo-hinh-3-nen-3-khong.yml", PRACTICE)
    found = records(project)
    person, unit, practice = found["nguyen-hung-dao"], found["htx-mien-dong"], found["mo-hinh-3-nen-3-khong"]
    assert isinstance(person, Individual) and person.kind is Kind.INDIVIDUAL
    assert person.path == "models/tuyen-quang/nguyen-hung-dao.yml"
    assert person.role == "Giám đốc Trung tâm Y tế huyện Chiêm Hóa" and person.year == 2019
    assert person.place.district == "Chiêm Hóa" and person.fields == ("y-te",)
    assert person.story == "Anh đến từng xã, nghe người bệnh nói rồi mới bàn cách làm.\n".strip()
    assert person.sources[0].title == "Tuyên Quang: Học và làm theo Bác từ những người đứng đầu"
    assert isinstance(unit, Collective) and unit.unit_type == "Hợp tác xã"
    assert isinstance(practice, Practice) and [c.label for c in practice.components] == ["3 nên", "3 không"]
    assert practice.components[1].items == ("Không gây phiền hà", "Không thờ ơ", "Không nhận hối lộ")
    assert practice.story is None


def test_all_optional_keys(project: Path):
    write(project, "anh.png", png())
    write(project, "a.yml", INDIVIDUAL + """\
honorifics: [Thầy thuốc Ưu tú]
organization: Trung tâm Y tế huyện Chiêm Hóa
achievements: [Đưa 12 kỹ thuật mới vào điều trị]
awards: [{name: Bằng khen, year: 2020, by: UBND tỉnh}]
quotes: [{text: Việc gì có lợi cho dân thì làm., by: Anh Đạo}]
images: [{file: anh.png, alt: Anh Đạo khám bệnh, caption: Chú thích, credit: Ảnh của báo}]
tags: [y tế cơ sở]
teaching: {levels: [thcs, nguoi-lon], retelling: Kể lại., questions: [Vì sao?], activities: [Vẽ tranh.]}
draft: false
publish_after: 2020-01-02
""")
    person = records(project)["a"]
    assert person.honorifics == ("Thầy thuốc Ưu tú",) and person.organization_id is None
    assert person.awards[0].year == 2020 and person.quotes[0].by == "Anh Đạo"
    assert person.images[0].file == "models/anh.png" and person.images[0].credit == "Ảnh của báo"
    assert person.teaching.levels == ("thcs", "nguoi-lon") and person.teaching.questions == ("Vì sao?",)
    assert person.publish_after == dt.date(2020, 1, 2) and person.draft is False


def test_nfd_text_comes_out_nfc(project: Path):
    nfd = unicodedata.normalize("NFD", INDIVIDUAL)
    assert nfd != INDIVIDUAL
    write(project, "a.yml", nfd)
    person = records(project)["a"]
    assert person.name == "Nguyễn Hưng Đạo" and person.place.province == "Tuyên Quang"
    assert person.place.current.name == "Tuyên Quang"
    assert unicodedata.is_normalized("NFC", person.story)


# --- file level ------------------------------------------------------------------------------------

def test_file_level_problems_name_the_file(project: Path):
    write(project, "empty.yml", "")
    write(project, "comments.yml", "# chỉ có ghi chú\n")
    write(project, "list.yml", "- a\n")
    write(project, "two.yml", INDIVIDUAL + "---\n" + INDIVIDUAL)
    write(project, "latin.yml", INDIVIDUAL.encode() + "tags: [Hà Tây]\n".encode("cp1258"))
    assert problems(project) == [
        ("models/comments.yml", 1, msg.FILE_EMPTY),
        ("models/empty.yml", 1, msg.FILE_EMPTY),
        ("models/latin.yml", 12, msg.FILE_NOT_UTF8.format(pos=len(INDIVIDUAL.encode()) + 8)),
        ("models/list.yml", 1, msg.YAML_NOT_MAPPING.format(found="danh sách")),
        ("models/two.yml", 12, msg.YAML_MULTI_DOC),
    ]


def test_bom_is_accepted(project: Path):
    write(project, "a.yml", b"\xef\xbb\xbf" + INDIVIDUAL.encode())
    assert records(project)["a"].name == "Nguyễn Hưng Đạo"


def test_file_over_the_size_limit_is_not_parsed(project: Path):
    from generator.yamlfile import MAX_FILE_BYTES

    text = INDIVIDUAL + "tags:\n" + "  - thẻ\n" * (MAX_FILE_BYTES // 8)
    size = len(text.encode())
    write(project, "big.yml", text)
    assert only(project) == ("models/big.yml", 1, msg.FILE_TOO_BIG.format(size=size, limit=MAX_FILE_BYTES))


def test_yaml_problems_in_records_name_file_and_line(project: Path):
    write(project, "dup.yml", INDIVIDUAL + "name: Tên khác\n")
    write(project, "tag.yml", INDIVIDUAL + "tags: !!python/object/apply:os.system [echo]\n")
    write(project, "alias.yml", INDIVIDUAL.replace("name: Nguyễn", "name: &n Nguyễn") + "role2: *n\n")
    write(project, "deep.yml", INDIVIDUAL + "tags: " + "[" * 100_000 + "]" * 100_000 + "\n")
    write(project, "date.yml", INDIVIDUAL + "publish_after: 2021-02-30\n")
    from generator.yamlfile import MAX_DEPTH

    assert problems(project) == [
        ("models/alias.yml", 12, msg.YAML_ALIAS.format(anchor="n")),
        ("models/date.yml", 12, msg.YAML_BAD_DATE.format(value="2021-02-30")),
        ("models/deep.yml", 12, msg.YAML_TOO_DEEP.format(limit=MAX_DEPTH)),
        ("models/dup.yml", 12, msg.YAML_DUPLICATE_KEY.format(key="name", first=2)),
        ("models/tag.yml", 12, msg.YAML_TAG.format(tag="!!python/object/apply:os.system")),
    ]


# --- keys ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, typo, meant", [
    ("individual", "sumary", "summary"), ("individual", "honorific", "honorifics"),
    ("collective", "member", "members"), ("practice", "component", "components"),
    ("practice", "alias", "aliases"), ("individual", "Story", "story"), ("individual", "publish-after", "publish_after"),
])
def test_unknown_key_suggests_the_likely_key(project: Path, kind: str, typo: str, meant: str):
    write(project, "a.yml", TEXT[kind] + f"{typo}: x\n")
    problem = ("models/a.yml", LAST_LINE[kind] + 1, msg.UNKNOWN_KEY_SUGGEST.format(key=typo, suggestion=meant))
    assert problem in problems(project)


def test_unknown_key_without_a_likely_key(project: Path):
    write(project, "a.yml", INDIVIDUAL + "xyzzy: 1\n")
    assert only(project) == ("models/a.yml", 12, msg.UNKNOWN_KEY.format(key="xyzzy"))
    assert "khóa không hợp lệ" in msg.UNKNOWN_KEY


def test_unknown_nested_keys(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("district:", "distric:") + "sources2: x\n")
    found = problems(project)
    assert ("models/a.yml", 4, msg.UNKNOWN_KEY_SUGGEST.format(key="distric", suggestion="district")) in found
    write(project, "a.yml", INDIVIDUAL.replace('  - title: "', '  - titel: "'))
    assert ("models/a.yml", 11, msg.UNKNOWN_KEY_SUGGEST.format(key="titel", suggestion="title")) in problems(project)


@pytest.mark.parametrize("kind, key, owner", [
    ("individual", "members: [a]", "tập thể"), ("individual", "components: []", "mô hình"),
    ("collective", "role: Giám đốc", "cá nhân"), ("practice", "unit_type: Hợp tác xã", "tập thể"),
])
def test_key_of_another_kind(project: Path, kind: str, key: str, owner: str):
    write(project, "a.yml", TEXT[kind] + key + "\n")
    name = key.split(":")[0]
    expected = msg.KEY_OTHER_KIND.format(key=name, kinds=owner, kind=msg.KIND_LABELS[kind])
    assert only(project) == ("models/a.yml", LAST_LINE[kind] + 1, expected)


@pytest.mark.parametrize("kind, missing, meaning", [
    ("individual", "role", "chức vụ hoặc nghề nghiệp"), ("individual", "story", "câu chuyện"),
    ("collective", "story", "câu chuyện"), ("practice", "components", "các nhóm nội dung của mô hình"),
    ("practice", "name", "tên"), ("individual", "summary", "tóm tắt"), ("collective", "place", "địa phương"),
    ("practice", "fields", "lĩnh vực"), ("individual", "year", "năm"), ("collective", "sources", "nguồn"),
])
def test_required_keys_per_kind(project: Path, kind: str, missing: str, meaning: str):
    write(project, "a.yml", without(TEXT[kind], missing))
    assert only(project) == ("models/a.yml", 1, msg.MISSING_KEY.format(key=missing, meaning=meaning))


def test_missing_and_bad_kind(project: Path):
    write(project, "a.yml", without(INDIVIDUAL, "kind"))
    assert ("models/a.yml", 1, msg.MISSING_KEY.format(key="kind", meaning="loại: individual, collective hoặc practice")
            ) in problems(project)
    write(project, "a.yml", INDIVIDUAL.replace("kind: individual", "kind: person"))
    assert only(project) == ("models/a.yml", 1, msg.BAD_KIND.format(value="person"))


def test_a_null_value_counts_as_missing(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("role: Giám đốc Trung tâm Y tế huyện Chiêm Hóa", "role:"))
    assert only(project) == ("models/a.yml", 3, msg.MISSING_KEY.format(key="role", meaning="chức vụ hoặc nghề nghiệp"))


# --- types and values ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, key, expected, found", [
    ("name: Nguyễn Hưng Đạo", "name: [Nguyễn, Đạo]", 2, "name", "chữ", "danh sách"),
    ("year: 2019", "year: '2019'", 6, "year", "số nguyên (năm, ví dụ 2021)", "chữ"),
    ("year: 2019", "year: 2019.5", 6, "year", "số nguyên (năm, ví dụ 2021)", "số thập phân"),
    ("fields: [y-te]", "fields: y-te", 5, "fields", "danh sách", "chữ"),
    ("role: Giám đốc Trung tâm Y tế huyện Chiêm Hóa", "role: true", 3, "role", "chữ", "true/false"),
    ("place: {province: Tuyên Quang, district: Chiêm Hóa}", "place: Tuyên Quang", 4, "place",
     "bảng khóa (province, district, commune)", "chữ"),
    ("summary: Người", "summary: {a: b}\nx: Người", 7, "summary", "chữ", "bảng khóa: giá trị"),
])
def test_wrong_types(project: Path, old, new, line, key, expected, found):
    text = INDIVIDUAL.replace(old, new)
    if key == "summary":
        text = INDIVIDUAL.replace("summary: Người", "summary: {a: b}\n#")
    write(project, "a.yml", text)
    assert ("models/a.yml", line, msg.WRONG_TYPE.format(key=key, expected=expected, found=found)) in problems(project)


def test_wrong_type_of_optional_keys(project: Path):
    write(project, "a.yml", INDIVIDUAL + "draft: có\ntags: y tế\nsources2: 1\n")
    found = problems(project)
    assert ("models/a.yml", 12, msg.WRONG_TYPE.format(key="draft", expected="true hoặc false", found="chữ")) in found
    assert ("models/a.yml", 13, msg.WRONG_TYPE.format(key="tags", expected="danh sách", found="chữ")) in found


def test_list_items_are_checked_on_their_own_line(project: Path):
    write(project, "a.yml", INDIVIDUAL + "tags:\n  - một\n  - [hai]\n  - ''\n")
    assert problems(project) == [
        ("models/a.yml", 14, msg.WRONG_TYPE.format(key="tags", expected="chữ", found="danh sách")),
        ("models/a.yml", 15, msg.EMPTY_TEXT.format(key="tags")),
    ]


def test_text_limits(project: Path):
    long = "x" * 401
    write(project, "a.yml", INDIVIDUAL.replace("summary: Người đứng đầu trung tâm y tế huyện đưa kỹ thuật mới vào "
                                               "khám chữa bệnh.", f"summary: {long}"))
    assert only(project) == ("models/a.yml", 7, msg.TEXT_TOO_LONG.format(key="summary", length=401, limit=400))
    write(project, "a.yml", INDIVIDUAL.replace("name: Nguyễn Hưng Đạo", 'name: "Nguyễn\\x01"'))
    assert only(project) == ("models/a.yml", 2, msg.HIDDEN_CHAR.format(key="name", what="ký tự điều khiển U+0001",
                                                                       pos=7))
    write(project, "a.yml", INDIVIDUAL.replace("name: Nguyễn Hưng Đạo", 'name: "  "'))
    assert only(project) == ("models/a.yml", 2, msg.EMPTY_TEXT.format(key="name"))


def test_empty_required_lists(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("fields: [y-te]", "fields: []"))
    assert only(project) == ("models/a.yml", 5, msg.EMPTY_LIST.format(key="fields"))


BUILT_IN_2024 = str(int(dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc).timestamp()))  # a SOURCE_DATE_EPOCH


@pytest.mark.parametrize("year, ok", [(1999, False), (2000, True), (2024, True), (2025, True), (2026, False),
                                      (-5, False)])
def test_year_range_ends_a_year_after_the_build_date(project: Path, monkeypatch, year: int, ok: bool):
    # The build date, not the clock: a record of the build date's next year is allowed, since a check
    # run before that year's first commit still dates the build by the last commit of the year before.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT_IN_2024)
    write(project, "a.yml", INDIVIDUAL.replace("year: 2019", f"year: {year}"))
    if ok:
        assert records(project)["a"].year == year
    else:
        assert only(project) == ("models/a.yml", 6, msg.YEAR_RANGE.format(value=year, low=2000, high=2025))


def test_year_is_checked_as_of_the_given_build_date(project: Path):
    write(project, "a.yml", INDIVIDUAL)  # year: 2019
    assert load_project(project, today=dt.date(2018, 12, 31)).records["a"].year == 2019
    with pytest.raises(InputError) as err:
        load_project(project, today=dt.date(2017, 1, 1))
    assert [(p.line, p.message) for p in err.value.problems] == [
        (6, msg.YEAR_RANGE.format(value=2019, low=2000, high=2018))]


def test_without_a_build_date_years_are_bounded_generously(project: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # and the project is not in git
    write(project, "a.yml", INDIVIDUAL.replace("year: 2019", "year: 2100"))
    assert records(project)["a"].year == 2100
    write(project, "a.yml", INDIVIDUAL.replace("year: 2019", "year: 2101"))
    assert only(project) == ("models/a.yml", 6, msg.YEAR_RANGE.format(value=2101, low=2000, high=2100))


def test_award_year_range(project: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT_IN_2024)
    write(project, "a.yml", INDIVIDUAL + "awards:\n  - name: Bằng khen\n    year: 1990\n")
    assert only(project) == ("models/a.yml", 14, msg.YEAR_RANGE.format(value=1990, low=2000, high=2025))


@pytest.mark.parametrize("value", ["'2021-02-30'", '"2021-13-01"', "'30/04/2021'", "'hôm qua'"])
def test_invalid_dates_written_as_text(project: Path, value: str):
    write(project, "a.yml", INDIVIDUAL + f"publish_after: {value}\n")
    assert only(project) == ("models/a.yml", 12, msg.BAD_DATE_TEXT.format(key="publish_after", value=value[1:-1]))


def test_invalid_dates_in_sources(project: Path):
    write(project, "a.yml", INDIVIDUAL + '    date: "2021-02-29"\n')
    assert only(project) == ("models/a.yml", 12, msg.BAD_DATE_TEXT.format(key="date", value="2021-02-29"))
    write(project, "a.yml", INDIVIDUAL + "    date: 2021-02-29\n")
    assert only(project) == ("models/a.yml", 12, msg.YAML_BAD_DATE.format(value="2021-02-29"))


def test_valid_dates_as_date_or_text(project: Path):
    write(project, "a.yml", INDIVIDUAL + "    date: '2020-02-29'\npublish_after: 2024-02-29\n")
    person = records(project)["a"]
    assert person.sources[0].date == dt.date(2020, 2, 29) and person.publish_after == dt.date(2024, 2, 29)


def test_teaching_levels(project: Path):
    write(project, "a.yml", INDIVIDUAL + "teaching:\n  levels: [thcs, lop-5]\n")
    assert only(project) == ("models/a.yml", 13, msg.BAD_LEVEL.format(
        value="lop-5", choices="tieu-hoc, thcs, thpt, nguoi-lon"))


# --- ids and files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, suggestion", [
    ("Nguyen-Hung-Dao.yml", "nguyen-hung-dao"), ("nguyễn-hưng-đạo.yml", "nguyen-hung-dao"),
    ("nguyen_hung_dao.yml", "nguyen-hung-dao"), ("nguyen hung dao.yml", "nguyen-hung-dao"),
    ("-nguyen.yml", "nguyen"), ("nguyen--dao.yml", "nguyen-dao"),
])
def test_bad_ids_suggest_a_file_name(project: Path, name: str, suggestion: str):
    write(project, name, INDIVIDUAL)
    assert only(project) == (f"models/{name}", 1, msg.BAD_ID.format(name=name, suggestion=suggestion))


def test_duplicate_ids_in_two_folders(project: Path):
    write(project, "ha-noi/nguyen-hung-dao.yml", INDIVIDUAL)
    write(project, "tuyen-quang/nguyen-hung-dao.yml", INDIVIDUAL)
    assert only(project) == ("models/tuyen-quang/nguyen-hung-dao.yml", 1, msg.DUPLICATE_ID.format(
        id="nguyen-hung-dao", other="models/ha-noi/nguyen-hung-dao.yml"))


@pytest.mark.parametrize("name, suggestion", [("a.yaml", "a.yml"), ("a.YML", "a.yml"), ("b.Yaml", "b.yml")])
def test_yml_extension(project: Path, name: str, suggestion: str):
    write(project, name, INDIVIDUAL)
    assert only(project) == (f"models/{name}", 1, msg.WRONG_EXTENSION.format(extension="yml", suggestion=suggestion))


def test_other_files_and_hidden_files_are_ignored(project: Path):
    write(project, "README.md", "# ghi chú")
    write(project, "anh.jpg", b"\xff\xd8\xff")
    write(project, ".a.yml.swp", b"\x00\x01")
    write(project, ".nhap/a.yml", "rác: [")
    write(project, "a.yml", INDIVIDUAL)
    assert list(records(project)) == ["a"]


def test_symlinked_record_outside_the_project_is_not_read(project: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    outside.write_text("mật khẩu: [không đóng ngoặc\n", encoding="utf-8")
    os.symlink(outside, project / "models" / "secret.yml")
    assert only(project) == ("models/secret.yml", 1, msg.FILE_OUTSIDE)


def test_symlinked_folder_outside_the_project_is_not_read(project: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "a.yml").write_text("rác: [\n", encoding="utf-8")
    os.symlink(outside, project / "models" / "ngoai")
    os.symlink(project / "models", project / "models" / "vong")  # a loop, inside the project
    assert problems(project) == [("models/ngoai", 1, msg.FILE_OUTSIDE), ("models/vong", 1, msg.FOLDER_LINK)]


def test_models_folder_linked_outside(project: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "a.yml").write_text("rác: [\n", encoding="utf-8")
    (project / "models").rmdir()
    os.symlink(outside, project / "models")
    assert only(project) == ("models", 1, msg.FILE_OUTSIDE)


def test_symlinked_record_inside_the_project_is_read(project: Path):
    write(project, "a.yml", INDIVIDUAL)
    os.symlink(project / "models" / "a.yml", project / "models" / "b.yml")
    assert sorted(records(project)) == ["a", "b"]


# --- references ------------------------------------------------------------------------------------

def test_references_resolve(project: Path):
    write(project, "nguyen-hung-dao.yml", INDIVIDUAL + "organization: htx-mien-dong\nrelated: [mo-hinh]\n")
    write(project, "htx-mien-dong.yml", COLLECTIVE + "members: [nguyen-hung-dao]\n")
    write(project, "mo-hinh.yml", PRACTICE + "origin: [htx-mien-dong, Ủy ban nhân dân xã]\n")
    found = records(project)
    assert found["nguyen-hung-dao"].organization_id == "htx-mien-dong"
    assert found["htx-mien-dong"].members == ("nguyen-hung-dao",)
    assert found["mo-hinh"].origin == ("htx-mien-dong", "Ủy ban nhân dân xã")
    assert found["mo-hinh"].origin_ids == ("htx-mien-dong",)


def test_plain_text_organization_and_origin(project: Path):
    write(project, "a.yml", INDIVIDUAL + "organization: Trung tâm Y tế huyện Chiêm Hóa\n")
    write(project, "b.yml", PRACTICE + "origin: Đảng bộ tỉnh Bạc Liêu\n")
    found = records(project)
    assert found["a"].organization == "Trung tâm Y tế huyện Chiêm Hóa" and found["a"].organization_id is None
    assert found["b"].origin == ("Đảng bộ tỉnh Bạc Liêu",) and found["b"].origin_ids == ()


def test_missing_reference_with_suggestion(project: Path):
    write(project, "nguyen-hung-dao.yml", INDIVIDUAL)
    write(project, "b.yml", COLLECTIVE + "members:\n  - nguyen-hung-dau\n  - khong-co-ai\n")
    assert problems(project) == [
        ("models/b.yml", 11, msg.REF_MISSING_SUGGEST.format(key="members", value="nguyen-hung-dau",
                                                            suggestion="nguyen-hung-dao")),
        ("models/b.yml", 12, msg.REF_MISSING.format(key="members", value="khong-co-ai")),
    ]


def test_missing_id_like_organization_is_reported(project: Path):
    write(project, "htx-mien-dong.yml", COLLECTIVE)
    write(project, "a.yml", INDIVIDUAL + "organization: htx-mien-dongg\n")
    assert only(project) == ("models/a.yml", 12, msg.REF_MISSING_SUGGEST.format(
        key="organization", value="htx-mien-dongg", suggestion="htx-mien-dong"))


@pytest.mark.parametrize("rel, text, target, expected, found", [
    ("b.yml", COLLECTIVE + "members: [c]\n", "c", "bản ghi cá nhân", "bản ghi tập thể"),
    ("b.yml", INDIVIDUAL + "organization: c\n", "c", "bản ghi tập thể", "bản ghi mô hình"),
    ("b.yml", PRACTICE + "origin: [c]\n", "c", "bản ghi cá nhân hoặc bản ghi tập thể", "bản ghi mô hình"),
])
def test_reference_of_the_wrong_kind(project: Path, rel, text, target, expected, found):
    write(project, "c.yml", COLLECTIVE if "collective" in found or "tập thể" in found else PRACTICE)
    write(project, rel, text)
    key = text.splitlines()[-1].split(":")[0]
    line = len(text.splitlines())
    assert only(project) == (f"models/{rel}", line, msg.REF_WRONG_KIND.format(
        key=key, value=target, expected=expected, found=found))


def test_reference_to_itself(project: Path):
    write(project, "a.yml", INDIVIDUAL + "related: [a]\n")
    assert only(project) == ("models/a.yml", 12, msg.REF_SELF.format(key="related"))


def test_reference_to_a_record_with_its_own_problems_is_not_reported_twice(project: Path):
    write(project, "a.yml", INDIVIDUAL + "related: [b, c]\n")
    write(project, "b.yml", INDIVIDUAL.replace("year: 2019", "year: 1900"))
    write(project, "c.yml", "kind: [rác\n")
    assert [p[0] for p in problems(project)] == ["models/b.yml", "models/c.yml"]


# --- images ----------------------------------------------------------------------------------------

IMAGE = "images:\n  - file: {file}\n    alt: Anh Đạo khám bệnh cho người dân\n"


def test_valid_png_is_accepted(project: Path):
    (project / "anh").mkdir()
    (project / "anh" / "dao.png").write_bytes(png())
    write(project, "tuyen-quang/a.yml", INDIVIDUAL + IMAGE.format(file="../../anh/dao.png"))
    assert records(project)["a"].images[0].file == "anh/dao.png"


@pytest.mark.parametrize("file, template", [
    ("khong-co.png", msg.IMAGE_MISSING), ("../../../../../../etc/passwd", msg.IMAGE_OUTSIDE),
    ("/etc/passwd", msg.IMAGE_OUTSIDE), ("ghi-chu.png", msg.IMAGE_TYPE), ("thu-muc", msg.IMAGE_MISSING),
    ("x" * 280 + ".png", msg.IMAGE_MISSING),
])
def test_bad_images(project: Path, file: str, template: str):
    write(project, "ghi-chu.png", "không phải ảnh")
    (project / "models" / "thu-muc").mkdir()
    write(project, "a.yml", INDIVIDUAL + IMAGE.format(file=file).replace("'", '"'))
    assert only(project) == ("models/a.yml", 13, template.format(value=file))


def test_control_characters_in_text(project: Path):
    write(project, "a.yml", INDIVIDUAL + 'images:\n  - file: "a\\0b.png"\n    alt: "x\\e[31m"\n')
    assert problems(project) == [
        ("models/a.yml", 13, msg.HIDDEN_CHAR.format(key="file", what="ký tự điều khiển U+0000", pos=2)),
        ("models/a.yml", 14, msg.HIDDEN_CHAR.format(key="alt", what="ký tự điều khiển U+001B", pos=2))]


def test_image_symlinked_outside_the_project(project: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "anh.png"
    outside.write_bytes(png())
    os.symlink(outside, project / "models" / "anh.png")
    write(project, "a.yml", INDIVIDUAL + IMAGE.format(file="anh.png"))
    assert only(project) == ("models/a.yml", 13, msg.IMAGE_OUTSIDE.format(value="anh.png"))


def test_image_needs_alt_text(project: Path):
    write(project, "anh.png", png())
    write(project, "a.yml", INDIVIDUAL + "images:\n  - file: anh.png\n")
    assert only(project) == ("models/a.yml", 13, msg.MISSING_KEY.format(key="alt", meaning="mô tả ảnh"))


# --- urls and fields -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://bao.vn/a", "/bai-viet/1", "bao.vn/a", "https://",
                                 "https://bao.vn/a b", "data:text/html,<script>", "HTTPS://", "http://[::1",
                                 "https://:80/a"])
def test_bad_urls(project: Path, url: str):
    write(project, "a.yml", INDIVIDUAL + f"    url: '{url}'\n")
    assert only(project) == ("models/a.yml", 12, msg.BAD_URL.format(value=url))


@pytest.mark.parametrize("url", ["https://baotuyenquang.com.vn/a.html", "http://tuyengiao.vn/a?b=1#c",
                                 "https://xn--gng-sng-pta.vn/"])
def test_good_urls(project: Path, url: str):
    write(project, "a.yml", INDIVIDUAL + f"    url: '{url}'\n")
    assert records(project)["a"].sources[0].url == url


def test_unknown_field_with_suggestion(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("fields: [y-te]", "fields:\n  - y-tế\n  - zzz\n  - giao-duc"))
    assert problems(project) == [
        ("models/a.yml", 6, msg.UNKNOWN_FIELD_SUGGEST.format(value="y-tế", suggestion="y-te")),
        ("models/a.yml", 7, msg.UNKNOWN_FIELD.format(value="zzz")),
    ]


# --- practices' component counts -------------------------------------------------------------------

@pytest.mark.parametrize("label, count", [
    ("4 đúng", 4), ("05 phải", 5), ("3 sát", 3), ("ba nên", 3), ("Ba không", 3), ("Bốn đúng", 4),
    ("NĂM phải", 5), ("Mười hai điều", 12), ("Mười lăm việc", 15), ("mười việc", 10), ("Hai mươi việc", 20),
    ("hai mươi mốt việc", 21), ("Hai mươi tư giờ", None), ("Ba mươi lăm điều", 35),
    ("Bảy", None), ("Mười hai", None), ("Mười năm xây dựng", None), ("3 năm liền", None), ("12", 12), ("3-không", 3),
    ("Một số nội dung", None), ("Một vài việc", None), ("Nội dung chính", None), ("3. Nội dung", None),
    ("2025: kết quả", None), ("Năm 2023", None), ("Năm học 2023-2024", None), ("Tư tưởng chỉ đạo", None),
    ("Một cửa thân thiện", None), ("2020 - 2025", None),
])
def test_expected_count(label: str, count: int | None):
    assert expected_count(label) == count


@pytest.mark.parametrize("label, items, ok", [
    ("4 đúng", 3, False), ("4 đúng", 4, True), ("05 phải", 5, True), ("05 phải", 4, False),
    ("ba nên", 3, True), ("ba nên", 2, False), ("Bốn đúng", 5, False), ("Mười hai việc", 12, True),
    ("Một số nội dung", 5, True), ("Một số nội dung", 1, True),
])
def test_component_counts(project: Path, label: str, items: int, ok: bool):
    listed = "".join(f"      - việc {i}\n" for i in range(items))
    write(project, "a.yml", PRACTICE.replace("  - label: 3 nên\n    items: [Nên vui vẻ, Nên xin lỗi, Nên cảm ơn]\n",
                                             f"  - label: {label}\n    items:\n{listed}"))
    if ok:
        assert records(project)["a"].components[0].items[-1] == f"việc {items - 1}"
    else:
        assert only(project) == ("models/a.yml", 8, msg.COUNT_MISMATCH.format(
            label=label, expected=expected_count(label), found=items))


def test_component_needs_label_and_items(project: Path):
    write(project, "a.yml", PRACTICE.replace("  - label: 3 nên\n", "  - lable: 3 nên\n"))
    found = problems(project)
    assert ("models/a.yml", 8, msg.UNKNOWN_KEY_SUGGEST.format(key="lable", suggestion="label")) in found
    assert ("models/a.yml", 8, msg.MISSING_KEY.format(key="label", meaning="tên nhóm")) in found


def test_empty_components(project: Path):
    write(project, "a.yml", without(PRACTICE, "components") + "components: []\n")
    assert only(project) == ("models/a.yml", 8, msg.EMPTY_LIST.format(key="components"))


# --- provinces -------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, current, former", [
    ("Tuyên Quang", "Tuyên Quang", None), ("Hà Giang", "Tuyên Quang", "Hà Giang"),
    ("Bạc Liêu", "Cà Mau", "Bạc Liêu"), ("TP.HCM", "Hồ Chí Minh", None),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", None), ("Thừa Thiên - Huế", "Huế", None),
    ("Thừa Thiên Huế", "Huế", None), ("Hoà Bình", "Phú Thọ", "Hòa Bình"), ("Hòa Bình", "Phú Thọ", "Hòa Bình"),
    ("tỉnh Khánh Hoà", "Khánh Hòa", None), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("TP. Cần Thơ", "Cần Thơ", None), ("Đắk Lắk", "Đắk Lắk", None), ("Đăk Lăk", "Đắk Lắk", None),
])
def test_province_keeps_the_name_as_written_and_knows_its_current_unit(project: Path, written, current, former):
    write(project, "a.yml", INDIVIDUAL.replace("province: Tuyên Quang", f"province: {written}"))
    place = records(project)["a"].place
    assert (place.province, place.current.name, place.former) == (written, current, former)


@pytest.mark.parametrize("written, suggestion", [("Bac Lieu", "Bạc Liêu"), ("Tuyen Quang", "Tuyên Quang"),
                                                 ("Ha Noi", "Hà Nội"), ("tỉnh Thanh Hoa", "Thanh Hóa")])
def test_unknown_province_with_suggestion(project: Path, written: str, suggestion: str):
    write(project, "a.yml", INDIVIDUAL.replace("province: Tuyên Quang", f"province: {written}"))
    assert only(project) == ("models/a.yml", 4, msg.UNKNOWN_PROVINCE_SUGGEST.format(value=written,
                                                                                    suggestion=suggestion))


def test_unknown_province_without_suggestion(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("province: Tuyên Quang", "province: Atlantis"))
    assert only(project) == ("models/a.yml", 4, msg.UNKNOWN_PROVINCE.format(value="Atlantis"))


# --- every problem at once ---------------------------------------------------------------------------

def test_all_problems_are_reported_together(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("year: 2019", "year: 1999").replace("fields: [y-te]", "fields: [yte]")
          + "sumary: x\n")
    write(project, "b.yml", "")
    write(project, "C.yml", COLLECTIVE)
    assert len(problems(project)) == 5


def test_references_of_the_wrong_shape(project: Path):
    write(project, "a.yml", INDIVIDUAL + "related: [2021]\n")
    assert only(project) == ("models/a.yml", 12, msg.REF_MISSING.format(key="related", value="2021"))
    write(project, "a.yml", INDIVIDUAL + "related: a\n")
    assert only(project) == ("models/a.yml", 12, msg.WRONG_TYPE.format(key="related", expected="danh sách",
                                                                       found="chữ"))
    write(project, "a.yml", INDIVIDUAL + "organization: [a]\n")
    assert only(project) == ("models/a.yml", 12, msg.WRONG_TYPE.format(key="organization", expected="chữ",
                                                                       found="danh sách"))


def test_field_that_is_not_text(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("fields: [y-te]", "fields: [y-te, ~]"))
    assert only(project) == ("models/a.yml", 5, msg.WRONG_TYPE.format(key="fields", expected="khóa lĩnh vực",
                                                                      found="giá trị trống"))


def test_a_field_written_twice(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("fields: [y-te]", "fields:\n  - y-te\n  - giao-duc\n  - y-te"))
    assert only(project) == ("models/a.yml", 8, msg.DUPLICATE_ITEM.format(key="fields", value="y-te", first=6))


def test_an_empty_item_of_a_text_list(project: Path):
    write(project, "a.yml", INDIVIDUAL + "tags:\n  - y tế\n  -\n")
    assert only(project) == ("models/a.yml", 14, msg.EMPTY_TEXT.format(key="tags"))


@pytest.mark.parametrize("written, meant, line", [("tên", "name", 12), ("Tóm tắt", "summary", 12),
                                                  ("năm", "year", 12), ("nguồn", "sources", 12)])
def test_keys_written_in_vietnamese_get_the_english_key(project: Path, written: str, meant: str, line: int):
    write(project, "a.yml", INDIVIDUAL + f"{written}: x\n")
    assert ("models/a.yml", line, msg.UNKNOWN_KEY_SUGGEST.format(key=written, suggestion=meant)) in problems(project)


def test_vietnamese_nested_key(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("{province: Tuyên Quang, district: Chiêm Hóa}",
                                               "{province: Tuyên Quang, huyện: Chiêm Hóa}"))
    assert only(project) == ("models/a.yml", 4, msg.UNKNOWN_KEY_SUGGEST.format(key="huyện", suggestion="district"))


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_windows_and_old_mac_line_endings(project: Path, newline: bytes):
    write(project, "a.yml", (INDIVIDUAL + "xyzzy: 1\n").encode().replace(b"\n", newline))
    assert only(project) == ("models/a.yml", 12, msg.UNKNOWN_KEY.format(key="xyzzy"))
    write(project, "a.yml", INDIVIDUAL.encode().replace(b"\n", newline))
    assert records(project)["a"].story == "Anh đến từng xã, nghe người bệnh nói rồi mới bàn cách làm."


def test_special_files_and_broken_links_are_reported_not_read(project: Path):
    models = project / "models"
    os.mkfifo(models / "fifo.yml")  # reading it would wait forever
    os.symlink("loop.yml", models / "loop.yml")
    os.symlink("khong-co.yml", models / "dangling.yml")
    os.symlink("khong-co.txt", models / "ghi-chu.txt")  # not a record: not our business
    assert problems(project) == [("models/dangling.yml", 1, msg.LINK_BROKEN),
                                 ("models/fifo.yml", 1, msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["fifo"])),
                                 ("models/loop.yml", 1, msg.LINK_LOOP)]


def test_id_suggestions_stay_cheap_with_many_ids_and_many_typos():
    import time

    from generator.records import IdSuggester

    ids = [f"nguyen-van-{i}" for i in range(20_000)] + ["hop-tac-xa-mien-dong"]
    suggest = IdSuggester(ids, budget=42_000)
    assert suggest("hop-tac-xa-mien-dongg") == "hop-tac-xa-mien-dong"  # same head
    assert suggest("hpo-tac-xa-mien-dong") == "hop-tac-xa-mien-dong"  # same tail
    assert suggest("khong-giong-gi") == ""
    start = time.perf_counter()
    answers = [suggest(f"nguyen-van-x{i}") for i in range(5_000)]  # each shares its head with 20,000 ids
    assert time.perf_counter() - start < 60
    assert answers[0] and answers[1] and not any(answers[2:])


def test_key_that_belongs_inside_another_is_an_indentation_slip(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("place: {province: Tuyên Quang, district: Chiêm Hóa}",
                                               "place:\nprovince: Tuyên Quang"))
    assert problems(project) == [
        ("models/a.yml", 4, msg.MISSING_KEY.format(key="place", meaning="địa phương")),
        ("models/a.yml", 5, msg.KEY_NOT_INDENTED.format(key="province", parent="place")),
    ]


@pytest.mark.parametrize("written", ["0x7E4", "2_020", "03744", "33:40"])
def test_a_year_in_yaml_1_1_number_forms_is_refused(project: Path, written: str):
    # Each is 2020 to YAML 1.1: accepted, they would put the record under a year nobody wrote.
    write(project, "a.yml", INDIVIDUAL.replace("year: 2019", f"year: {written}"))
    assert only(project) == ("models/a.yml", 6, msg.YEAR_NOT_DECIMAL.format(key="year", value=written))
    write(project, "a.yml", INDIVIDUAL + f"awards:\n  - {{name: Huân chương, year: {written}}}\n")
    assert only(project) == ("models/a.yml", 13, msg.YEAR_NOT_DECIMAL.format(key="year", value=written))


def test_text_that_looks_like_a_yaml_1_1_number_is_kept_as_written(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("role: Giám đốc Trung tâm Y tế huyện Chiêm Hóa", "role: 33:40"))
    assert records(project)["a"].role == "33:40"


@pytest.mark.parametrize("char, what", [
    ("\u202e", "ký tự đổi chiều chữ U+202E"), ("\u2066", "ký tự đổi chiều chữ U+2066"),
    ("\u200f", "ký tự đổi chiều chữ U+200F"), ("\u200b", "ký tự vô hình U+200B"), ("\u200d", "ký tự vô hình U+200D"),
    ("\ufeff", "ký tự vô hình U+FEFF"), ("\u2060", "ký tự vô hình U+2060"), ("\x85", "ký tự điều khiển U+0085"),
    ("\x9b", "ký tự điều khiển U+009B"), ("\u2028", "ký tự ngắt dòng Unicode U+2028"),
])
def test_hidden_characters_in_a_name_are_refused_and_named(project: Path, char: str, what: str):
    escaped = char.encode("unicode_escape").decode()
    escaped = escaped if escaped.startswith("\\") else f"\\u{ord(char):04x}"
    write(project, "a.yml", INDIVIDUAL.replace("name: Nguyễn Hưng Đạo", f'name: "Nguyễn {escaped}Hưng"'))
    assert only(project) == ("models/a.yml", 2, msg.HIDDEN_CHAR.format(key="name", what=what, pos=8))


def test_a_story_may_join_emoji_but_not_turn_text_around(project: Path):
    write(project, "a.yml", INDIVIDUAL.replace("rồi mới bàn cách làm.", "rồi mới bàn cách làm 👨\u200d⚕️."))
    assert "👨\u200d⚕️" in records(project)["a"].story
    write(project, "a.yml", INDIVIDUAL.replace("rồi mới bàn cách làm.", "rồi mới bàn cách \u202elàm."))
    pos = "Anh đến từng xã, nghe người bệnh nói rồi mới bàn cách \u202e".index("\u202e") + 1
    assert only(project) == ("models/a.yml", 8, msg.HIDDEN_CHAR.format(key="story", what="ký tự đổi chiều chữ U+202E",
                                                                       pos=pos))


def test_a_record_named_twice_in_related_is_refused(project: Path):
    write(project, "a.yml", INDIVIDUAL + "related:\n  - b\n  - c\n  - b\n")
    write(project, "b.yml", INDIVIDUAL)
    write(project, "c.yml", INDIVIDUAL)
    assert only(project) == ("models/a.yml", 15, msg.REF_TWICE.format(key="related", value="b", first=13))
    write(project, "h.yml", COLLECTIVE + "members: [b, b]\n")
    assert ("models/h.yml", COLLECTIVE.count("\n") + 1, msg.REF_TWICE.format(
        key="members", value="b", first=COLLECTIVE.count("\n") + 1)) in problems(project)


def test_a_process_that_builds_again_reads_again_what_changed(project: Path, monkeypatch):
    """The preview keeps what it read for its next build: a file, the build date, an image or a link changed
    since must each be read again, and a record handed out before is never changed by the next build."""
    import generator.records as records
    from generator.config import load_config

    monkeypatch.setattr(records, "_REMEMBER", True)
    config = load_config(project)
    write(project, "a.yml", INDIVIDUAL + "organization: htx\n")
    write(project, "htx.yml", COLLECTIVE)
    first, problems, _ = records.read_records(project, config, dt.date(2026, 1, 1))
    assert problems == [] and first["a"].organization_id == "htx"
    # a link that no longer leads anywhere, in a file that did not change
    (project / "models" / "htx.yml").unlink()
    again, problems, _ = records.read_records(project, config, dt.date(2026, 1, 1))
    assert problems and again["a"].organization_id is None and again["a"] is not first["a"]
    assert first["a"].organization_id == "htx"  # what the first build was handed is its own
    # the same bytes at another date
    _, problems, _ = records.read_records(project, config, dt.date(2017, 1, 1))
    assert ("models/a.yml", msg.YEAR_RANGE.format(value=2019, low=2000, high=2018)) in [(p.path, p.message) for p in problems]
    # a file written again at once, as long as before
    write(project, "a.yml", INDIVIDUAL.replace("Nguyễn Hưng Đạo", "Nguyễn Hưng Đạt"))
    now, problems, _ = records.read_records(project, config, dt.date(2026, 1, 1))
    assert problems == [] and now["a"].name == "Nguyễn Hưng Đạt"
