"""The safe YAML reader: bytes in, a mapping with lines (or one YamlProblem naming a line) out."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from generator import messages as msg
from generator.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, YList, YMap, load_mapping


def problem_of(raw: bytes) -> tuple[int, str]:
    with pytest.raises(YamlProblem) as err:
        load_mapping(raw)
    return err.value.line, err.value.message


def test_keeps_the_line_of_every_key_and_item():
    tree, duplicates = load_mapping("a: 1\nb:\n  - x\n  -   y\n  - {c: d}\ne: |\n  nhiều\n  dòng\nf: g\n".encode())
    assert duplicates == []
    assert isinstance(tree, YMap) and isinstance(tree["b"], YList)
    assert [tree.line_of(k) for k in "abef"] == [1, 2, 6, 9]
    assert [tree["b"].line_of(i) for i in range(3)] == [3, 4, 5]
    assert tree["b"][2].line == 5 and tree["b"][2].line_of("c") == 5
    assert tree["e"] == "nhiều\ndòng\n"


def test_scalars_are_typed_like_yaml_safe_load():
    tree, _ = load_mapping(b"i: 12\nf: 1.5\nb: true\nn: ~\nd: 2021-04-07\ns: '12'\nk: 2021-04-07T10:00:00\n")
    assert tree == {"i": 12, "f": 1.5, "b": True, "n": None, "d": dt.date(2021, 4, 7), "s": "12",
                    "k": dt.datetime(2021, 4, 7, 10, 0)}


def test_keys_are_taken_as_written():
    tree, _ = load_mapping(b"2019: a\ntrue: b\n")
    assert list(tree) == ["2019", "true"]


def test_duplicate_keys_are_reported_with_both_lines():
    tree, duplicates = load_mapping(b"name: A\nyear: 2020\nname: B\n")
    assert tree["name"] == "A"
    assert [(d.key, d.line, d.first) for d in duplicates] == [("name", 3, 1)]


def test_duplicate_keys_in_nested_and_flow_mappings():
    _, duplicates = load_mapping(b"place:\n  province: A\n  province: B\nx: {a: 1, a: 2}\n")
    assert [(d.key, d.line, d.first) for d in duplicates] == [("province", 3, 2), ("a", 4, 4)]


@pytest.mark.parametrize("text, line, tag", [
    ("a: 1\nb: !!python/object/apply:os.system ['touch pwned']\n", 2, "!!python/object/apply:os.system"),
    ("a: !!python/object:datetime.date {year: 2020}\n", 1, "!!python/object:datetime.date"),
    ("a: !!python/name:os.system\n", 1, "!!python/name:os.system"),
    ("a:\n  - !!binary aGVsbG8=\n", 2, "!!binary"),
    ("a: !!set {x, y}\n", 1, "!!set"),
    ("a: !!omap [b: 1]\n", 1, "!!omap"),
    ("a: !local 1\n", 1, "!local"),
    ("!!python/object:x\nb: 1\n", 1, "!!python/object:x"),
    ("a: !<tag:example.com,2000:x> 1\n", 1, "tag:example.com,2000:x"),
])
def test_language_and_custom_tags_are_refused(text: str, line: int, tag: str, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert problem_of(text.encode()) == (line, msg.YAML_TAG.format(tag=tag))
    assert not (tmp_path / "pwned").exists()


def test_standard_tags_are_allowed():
    tree, _ = load_mapping(b"a: !!str 2019\nb: !!int '7'\nc: !!map {d: !!seq [1]}\n")
    assert tree == {"a": "2019", "b": 7, "c": {"d": [1]}}


@pytest.mark.parametrize("text", ["a: !!int x\n", "a: !!bool maybe\n", "a: !!float ''\n", "a: !!timestamp x\n",
                                  "a: " + "9" * 5000 + "\n"])
def test_values_that_do_not_fit_their_type_are_problems(text: str):
    line, message = problem_of(text.encode())
    assert line == 1 and message.startswith("không đọc được giá trị") and len(message) < 200


def test_billion_laughs_is_refused_at_the_first_alias():
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problem_of("\n".join(bomb).encode()) == (2, msg.YAML_ALIAS.format(anchor="a"))


def test_any_alias_is_refused():
    assert problem_of(b"name: &n Nguyen\nrole: x\nalias: *n\n") == (3, msg.YAML_ALIAS.format(anchor="n"))
    assert problem_of(b"base: &b {x: 1}\nother:\n  <<: *b\n") == (3, msg.YAML_ALIAS.format(anchor="b"))


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_refused_without_crashing(opening: str, closing: str):
    # libyaml's own composer recursed on this and crashed the interpreter.
    depth = 100_000
    raw = ("a: " + opening * depth + closing * depth + "\n").encode()
    assert len(raw) < MAX_FILE_BYTES
    assert problem_of(raw) == (1, msg.YAML_TOO_DEEP.format(limit=MAX_DEPTH))


def test_deep_block_nesting_is_refused_on_its_line():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n"
    assert problem_of(text.encode()) == (MAX_DEPTH + 1, msg.YAML_TOO_DEEP.format(limit=MAX_DEPTH))


def test_nesting_up_to_the_limit_is_fine():
    depth = MAX_DEPTH - 1  # the top-level mapping is one level
    tree, _ = load_mapping(("a: " + "[" * depth + "]" * depth + "\n").encode())
    assert isinstance(tree["a"], YList)


def test_non_utf8_bytes_name_their_line():
    raw = "name: Nguyễn\nrole: Giám đốc\n".encode() + "place: Hà Tĩnh\n".encode("cp1258", errors="replace")
    line, message = problem_of(raw)
    assert line == 3
    assert message.startswith("tệp không phải mã UTF-8") and "UTF-8" in message


def test_utf16_file_is_not_utf8():
    line, message = problem_of("name: Nguyễn\n".encode("utf-16"))
    assert (line, message.split(" (")[0]) == (1, "tệp không phải mã UTF-8")


def test_utf8_bom_is_accepted():
    tree, _ = load_mapping("\ufeffname: Nguyễn\n".encode())
    assert tree == {"name": "Nguyễn"} and tree.line_of("name") == 1


def test_file_over_the_size_limit():
    raw = b"a: " + b"x" * MAX_FILE_BYTES + b"\n"
    assert problem_of(raw) == (1, msg.FILE_TOO_BIG.format(size=len(raw), limit=MAX_FILE_BYTES))


@pytest.mark.parametrize("text, line, found", [("- a\n- b\n", 1, "danh sách"), ("chỉ một câu\n", 1, "chữ"),
                                               ("2019\n", 1, "số nguyên"), ("\n\n[1, 2]\n", 3, "danh sách")])
def test_document_must_be_a_mapping(text: str, line: int, found: str):
    assert problem_of(text.encode()) == (line, msg.YAML_NOT_MAPPING.format(found=found))


@pytest.mark.parametrize("raw", [b"", b"   \n\n", b"# only a comment\n# and another\n", b"---\n", b"~\n",
                                 "\ufeff".encode(), b"---\n...\n"])
def test_empty_and_comment_only_files(raw: bytes):
    assert problem_of(raw) == (1, msg.FILE_EMPTY)


def test_multiple_documents():
    assert problem_of(b"a: 1\n---\nb: 2\n") == (2, msg.YAML_MULTI_DOC)
    assert problem_of(b"---\na: 1\n...\n---\nb: 2\n") == (4, msg.YAML_MULTI_DOC)


def test_strings_and_keys_come_out_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Hưng Đạo")
    assert nfd != "Nguyễn Hưng Đạo"
    text = f"name: {nfd}\nlist: ['{nfd}']\n{unicodedata.normalize('NFD', 'khóa')}: x\n"
    tree, _ = load_mapping(text.encode())
    assert tree["name"] == "Nguyễn Hưng Đạo" and tree["list"] == ["Nguyễn Hưng Đạo"] and "khóa" in tree


def test_impossible_calendar_date():
    assert problem_of(b"a: 1\npublish_after: 2021-02-30\n") == (2, msg.YAML_BAD_DATE.format(value="2021-02-30"))


def test_complex_keys_are_refused():
    assert problem_of(b"? [a, b]\n: 1\n") == (1, msg.YAML_KEY_NOT_TEXT)
    assert problem_of(b"{[a]: 1}\n")[1] == msg.YAML_KEY_NOT_TEXT


@pytest.mark.parametrize("text, line, words", [
    ("name: Nguyễn\nrole: a: b\n", 2, "dấu hai chấm đặt sai chỗ"),
    ("name: \"Nguyễn\nrole: x\n", 1, "thiếu dấu ngoặc kép"),
    ("name: x\n\trole: y\n", 2, "Tab"),
    ("year: 2020\nlist: [a, b\nname: x\n", 2, "ngoặc vuông"),
    ("place: {province: Hà Nội\nname: x\n", 1, "ngoặc nhọn"),
    ("a: b\nc d\ne: f\n", 2, "thiếu dấu hai chấm"),
    ("name: x\nfields: - y-te\n", 2, "dấu '-' của danh sách phải ở đầu một dòng mới"),
    ("name: @nguyen\n", 1, "đặt giá trị trong ngoặc kép"),
    ("name: *\n", 1, "dấu * hoặc &"),
    ("name: !e!x 1\n", 1, "thẻ YAML"),
])
def test_syntax_errors_are_explained_in_vietnamese(text: str, line: int, words: str):
    got_line, message = problem_of(text.encode())
    assert message.startswith("lỗi cú pháp YAML:") and words in message
    assert got_line == line


@pytest.mark.parametrize("written", ["0x7E4", "2_020", "03744", "33:40", "0b11111100100", "1:30.5", "1_0.5", ".inf",
                                     ".NaN"])
def test_yaml_1_1_number_forms_stay_text(written: str):
    # YAML 1.1 reads the first four as 2020: a year must be written as one, and a name keeps what it says.
    tree, _ = load_mapping(f"a: {written}\n".encode())
    assert tree["a"] == written


@pytest.mark.parametrize("written, value", [("2020", 2020), ("-3", -3), ("+7", 7), ("0", 0), ("1.5", 1.5),
                                            ("1.5e+3", 1500.0), (".5", 0.5)])
def test_plain_decimal_numbers_are_numbers(written: str, value: object):
    tree, _ = load_mapping(f"a: {written}\n".encode())
    assert tree["a"] == value and type(tree["a"]) is type(value)


def test_a_tagged_integer_must_be_plain_decimal_too():
    assert problem_of(b"a: 1\nb: !!int 0x7E4\n") == (2, msg.YAML_NOT_DECIMAL.format(value="0x7E4"))
    assert load_mapping(b"b: !!int '2020'\n")[0]["b"] == 2020


def test_characters_yaml_refuses_are_named_on_their_line():
    line, message = problem_of("a: é\nb: x\x80y\n".encode())
    assert line == 2 and "ký tự điều khiển U+0080" in message


ENGLISH = ("found", "expected", "allowed", "character", "while", "scanning", "parsing", "mapping", "stream")


@pytest.mark.parametrize("text", [
    "a: b: c\n", "? a\n: b\n: c\n", "a: |0\n  x\n", "a: | x\n  y\n", "a: !<x\n", "a: !!%zz x\n", "a: !<%zz>\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "%FOO\n---\na: 1\n", "%YAML x\n---\na: 1\n", "%YAML 1.1.1\n---\na: 1\n",
    "%TAG ! !\n%TAG ! !\n---\na: 1\n", 'a: "x\n---\ny"\n', "a: 1\n...\nb: 2\n", 'a: "\\uD800"\n', 'a: "\\xZZ"\n',
    "a: *\n", "{a\n", "[a\n", "a: 'x\n", "\ta: 1\n", "a:\n  - b\n c: d\n", "a: [b, c\n", "a: {b: c\n", "- a\nb: c\n",
    "a: @x\n", "a: `x\n", "a:\n\t- b\n", "a: b\n  c: d\n",
])
def test_syntax_problems_are_told_in_vietnamese(text: str):
    _, message = problem_of(text.encode())
    assert not [word for word in ENGLISH if word in message.lower()], message


def test_a_problem_libyaml_may_add_later_is_not_shown_in_english():
    assert msg.yaml_problem("found something new") == msg.YAML_PROBLEM_OTHER
