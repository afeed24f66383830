"""One description per file format: the check, its messages and the editor schema all follow it."""
from __future__ import annotations

import inspect
import json
import types
from pathlib import Path

import pytest

from generator import cache, formats
from generator import messages as msg
from generator.config import load_config
from generator.news import read_news
from generator.problems import InputError
from generator.records import Kind
from generator.schema import record_schema
from generator.shapes import Checker, Date, Format, Integer, Key, ListOf, Table, Text
from generator.yamlfile import load_mapping

from tests.conftest import COLLECTIVE
from tests.test_records import problems


def edit_formats(monkeypatch, old: str, new: str) -> None:
    """Run formats.py with one line of it changed, as an editor would change it, in place of the real one.
    The generator's version changes with it, as it does when formats.py is edited (cache.generator_version),
    so nothing the build cache kept from before the edit is taken."""
    source = inspect.getsource(formats)
    edited = cache.content_key(cache.generator_version(), old, new)[:32]
    monkeypatch.setattr(cache, "generator_version", lambda: edited)
    assert source.count(old) == 1, old
    module = types.ModuleType(formats.__name__)
    module.__package__ = "generator"
    exec(compile(source.replace(old, new), formats.__file__, "exec"), module.__dict__)
    for name, value in vars(module).items():
        if not name.startswith("__"):
            monkeypatch.setattr(formats, name, value)


def write_record(project: Path, text: str) -> None:
    (project / "models" / "htx-tan-hoa.yml").write_text(text, encoding="utf-8")


def test_a_text_limit_changed_in_one_place_changes_the_check_its_message_and_the_schema(project: Path, monkeypatch):
    summary = "Tóm tắt " + "x" * 113  # 121 characters: fine today, too long once the limit is 120
    write_record(project, COLLECTIVE.replace("summary: Hợp tác xã giúp nông dân bán nông sản qua sàn thương mại "
                                             "điện tử.", f"summary: {summary}"))
    assert problems(project) == []
    before = json.loads(record_schema(load_config(project)))["properties"]["summary"]
    assert before["maxLength"] == 400 and "400" in before["description"]

    edit_formats(monkeypatch, "SUMMARY = 400 ", "SUMMARY = 120 ")
    assert problems(project) == [("models/htx-tan-hoa.yml", 3, msg.TEXT_TOO_LONG.format(key="summary", length=121,
                                                                                        limit=120))]
    after = json.loads(record_schema(load_config(project)))["properties"]["summary"]
    assert after["maxLength"] == 120 and "120" in after["description"] and "400" not in after["description"]
    # News posts share the summary's limit.
    folder = project / "content" / "tin-tuc"
    folder.mkdir(parents=True)
    (folder / "tin.md").write_text(f"---\ntitle: Tin\ndate: 2024-01-02\nsummary: {summary}\n---\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_news(project)
    assert [(p.line, p.message) for p in err.value.problems] == [
        (4, msg.TEXT_TOO_LONG.format(key="summary", length=121, limit=120))]


def test_the_first_year_changed_in_one_place_changes_years_dates_and_the_schema(project: Path, monkeypatch):
    write_record(project, COLLECTIVE.replace("year: 2022", "year: 2005") + "published: 2006-03-04\n")
    assert problems(project) == []
    edit_formats(monkeypatch, "FIRST_YEAR = 2000 ", "FIRST_YEAR = 2010 ")
    assert problems(project) == [
        ("models/htx-tan-hoa.yml", 7, msg.YEAR_RANGE.format(value=2005, low=2010, high=formats.LATEST_YEAR)),
        ("models/htx-tan-hoa.yml", 9, msg.DATE_TOO_EARLY.format(key="published", value="2006-03-04", low=2010)),
    ]
    schema = json.loads(record_schema(load_config(project)))
    assert schema["properties"]["year"]["minimum"] == 2010 and "2010" in schema["properties"]["year"]["description"]
    assert schema["properties"]["awards"]["items"]["properties"]["year"]["minimum"] == 2010


def test_a_required_key_changed_in_one_place_changes_the_check_and_the_schema(project: Path, monkeypatch):
    write_record(project, COLLECTIVE)
    assert problems(project) == []
    edit_formats(monkeypatch, 'Key("unit_type", _NAME, "loại đơn vị", only=("collective",),',
                 'Key("unit_type", _NAME, "loại đơn vị", only=("collective",), required=True,')
    assert problems(project) == [("models/htx-tan-hoa.yml", 1, msg.MISSING_KEY.format(key="unit_type",
                                                                                      meaning="loại đơn vị"))]
    [collective] = [rule["then"] for rule in json.loads(record_schema(load_config(project)))["allOf"]
                    if rule["if"]["properties"]["kind"]["const"] == "collective"]
    assert collective["required"] == ["story", "unit_type"]


def test_every_kind_of_record_is_described():
    assert list(formats.KINDS) == [k.value for k in Kind]
    assert formats.KINDS == {k.value: k.label for k in Kind}


def test_every_key_has_a_vietnamese_meaning_and_help():
    def tables(table: Table):
        yield table
        for key in table.keys:
            inner = key.shape.item if isinstance(key.shape, ListOf) else key.shape
            if isinstance(inner, Table):
                yield from tables(inner)

    for fmt in formats.FORMATS:
        for table in tables(fmt.table):
            for key in table.keys:
                assert key.meaning and key.help, (fmt.name, key.name)


# --- what the checker says, for any format -------------------------------------------------------------

LESSON = Format("lesson", "Bài học", "Một bài học.", Table((
    Key("title", Text(100), "tên bài", required=True, vietnamese=("tên bài",)),
    Key("minutes", Integer(1, 90), "số phút"),
    Key("steps", ListOf(Table((Key("text", Text(200), "nội dung bước", required=True),
                              Key("on", Date(), "ngày"))), min_items=2), "các bước"),
)))


def check(fmt: Format, text: str) -> tuple[dict, list[tuple[int, str]]]:
    checker = Checker("lessons/a.yml")
    values = fmt.check(load_mapping(text.encode())[0], checker)
    return values, [(p.line, p.message) for p in sorted(checker.problems)]


def test_a_new_format_is_one_description():
    values, found = check(LESSON, "title: Bài một\nsteps:\n  - text: Khởi động\n  - text: Kể chuyện\n"
                                  "    on: 2024-01-02\n")
    assert found == [] and values["title"] == "Bài một" and [s["text"] for s in values["steps"]] == [
        "Khởi động", "Kể chuyện"]
    assert values["steps"].item_lines == [3, 4] and values["steps"][1].line_of("on") == 5
    _, found = check(LESSON, "tên bài: Bài một\nsteps:\n  - text: Khởi động\n  - txt: x\nminutes: nhiều\n"
                             "text: Lạc chỗ\n")
    assert found == [
        (1, msg.UNKNOWN_KEY_SUGGEST.format(key="tên bài", suggestion="title")),
        (1, msg.MISSING_KEY.format(key="title", meaning="tên bài")),
        (4, msg.UNKNOWN_KEY_SUGGEST.format(key="txt", suggestion="text")),
        (4, msg.MISSING_KEY.format(key="text", meaning="nội dung bước")),
        (5, msg.WRONG_TYPE.format(key="minutes", expected="số nguyên từ 1 đến 90", found="chữ")),
        (6, msg.KEY_NOT_INDENTED.format(key="text", parent="steps")),
    ]
    schema = LESSON.json_schema({})
    assert schema["required"] == ["title"] and schema["properties"]["steps"]["minItems"] == 2


def test_an_unknown_key_in_a_small_table_lists_the_keys():
    _, found = check(formats.NEWS, "title: Tin\ndate: 2024-01-02\nxyz: 1\n")
    assert found == [(3, msg.UNKNOWN_KEY_LIST.format(key="xyz", keys="title, date, summary, updated, draft, "
                                                                       "publish_after"))]


def test_config_keys_at_the_wrong_indentation():
    _, found = check(formats.CONFIG, "site:\n  name: Gương sáng\nurl: https://a.vn\nfields: {y-te: Y tế}\n")
    assert found == [(1, msg.MISSING_KEY.format(key="site.url", meaning="địa chỉ chính của trang")),
                     (3, msg.KEY_NOT_INDENTED.format(key="url", parent="site"))]


def test_vietnamese_keys_inside_a_list_of_tables():
    checker = Checker("models/a.yml", choices={"fields": {"y-te": "Y tế"}})
    tree = load_mapping("awards:\n  - tên: Bằng khen\n    năm: 2020\n".encode())[0]
    formats.RECORD.check(tree, checker)
    assert (2, msg.UNKNOWN_KEY_SUGGEST.format(key="tên", suggestion="name")) in [
        (p.line, p.message) for p in checker.problems]
    assert (3, msg.UNKNOWN_KEY_SUGGEST.format(key="năm", suggestion="year")) in [
        (p.line, p.message) for p in checker.problems]


def test_a_blank_is_noted_and_kept_only_where_text_is():
    checker = Checker("models/a.yml", choices={"fields": {"y-te": "Y tế"}})
    tree = load_mapping('name: "[ĐIỀN: tên]"\nyear: "[ĐIỀN: năm]"\nfields: ["[ĐIỀN: lĩnh vực]"]\n'.encode())[0]
    values = formats.RECORD.check(tree, checker)
    assert values["name"] == "[ĐIỀN: tên]" and "year" not in values and list(values["fields"]) == []
    assert checker.blanks == [(1, "name"), (2, "year"), (3, "fields")]
    assert msg.MISSING_KEY.format(key="year", meaning="năm") not in [p.message for p in checker.problems]


def test_no_message_is_typed_into_the_readers():
    """Every Vietnamese text a user reads comes from messages.py or from the formats' descriptions."""
    import ast

    from generator import config, news, records, shapes, yamlfile

    # Words the readers look for, never show: numbers in a component's label, the template's blank.
    allowed = {*records._NUMBER_WORDS, *records._UNITS_AFTER_TENS, *records._NOT_A_COUNT, "mươi",
               shapes.PLACEHOLDER.pattern}
    for module in (records, config, news, yamlfile, shapes):
        tree = ast.parse(inspect.getsource(module))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        typed = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and id(node) not in docstrings
                 and any(not c.isascii() and c.isalpha() for c in node.value) and node.value not in allowed]
        assert typed == [], module.__name__
