"""Whatever is in a file, the loader gives back records or our own problems, never another exception."""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.problems import InputError, Problem
from generator.records import Record, load_records
from generator.yamlfile import YamlProblem, YMap, load_mapping
from tests.conftest import REPO

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.lists(
    st.sampled_from(list("abkz019 -:,.[]{}!&*|>'\"#%@`?\n\t\\~") + ["ễ", "Đ", "\u0301", "\ufeff", "\x00", "\x1b",
                                                                    "kind", "name", "!!", "---", "2021-02-30", "  ",
                                                                    "- ", ": ", "!!python/object:os.system"]),
    max_size=120,
).map("".join)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
           | st.floats(allow_nan=True) | st.text(max_size=30) | st.dates()
           | st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=12) | st.integers(), inner, max_size=4), max_leaves=30)
KEYS = st.sampled_from(["kind", "name", "summary", "story", "place", "fields", "year", "sources", "role",
                        "components", "images", "related", "members", "organization", "origin", "teaching",
                        "awards", "quotes", "draft", "publish_after", "province", "title", "url", "date", "file",
                        "alt", "label", "items", "levels", "tags", "sumary"])
RECORD_TREES = st.recursive(SCALARS | st.sampled_from(["individual", "collective", "practice", "Tuyên Quang",
                                                        "y-te", "a", "../../etc/passwd", "https://a.vn"]),
                            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
                            max_leaves=40)
BASE = {"kind": "practice", "name": "Mô hình", "summary": "Tóm tắt.", "place": {"province": "Bạc Liêu"},
        "fields": ["y-te"], "year": 2021, "components": [{"label": "3 nên", "items": ["a", "b", "c"]}],
        "sources": [{"title": "Bài báo"}]}


def assert_reads_or_refuses(raw: bytes) -> None:
    try:
        tree, duplicates = load_mapping(raw)
    except YamlProblem as problem:
        assert problem.line >= 1 and isinstance(problem.message, str) and problem.message
    else:
        assert isinstance(tree, YMap) and isinstance(duplicates, list)


def load_as_record(raw: bytes, name: str = "ban-ghi.yml") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
        (root / "models").mkdir()
        (root / "models" / "khac.yml").write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
        (root / "models" / name).write_bytes(raw)
        records, problems = load_records(root, load_config(root))
        assert all(isinstance(r, Record) for r in records.values())
        assert all(isinstance(p, Problem) and p.line >= 1 and p.message and p.path.startswith("models/")
                   for p in problems)
        assert records or problems


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw: bytes):
    assert_reads_or_refuses(raw)


@SETTINGS
@given(YAMLISH)
def test_arbitrary_yamlish_text(text: str):
    assert_reads_or_refuses(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(TREES)
def test_arbitrary_structures_dumped_to_yaml(tree: object):
    assert_reads_or_refuses(yaml.safe_dump(tree, allow_unicode=True).encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, RECORD_TREES, max_size=8))
def test_arbitrary_record_shaped_files(changes: dict):
    record = {**BASE, **changes}
    load_as_record(yaml.safe_dump(record, allow_unicode=True).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_record_files(raw: bytes):
    load_as_record(raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["site", "fields", "featured", "page_size", "mirrors", "home_latest", "x"]),
                       RECORD_TREES | TREES, max_size=6))
def test_arbitrary_configs(config: dict):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        try:
            load_config(root)
        except InputError as err:
            assert err.problems and all(p.path == "site_config.yml" and p.line >= 1 for p in err.problems)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
MARKS_AND_OTHERS = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323 ,.-–0123456789ΣσςßİǄﬁ"


@SETTINGS
@given(st.text(alphabet=VIETNAMESE + MARKS_AND_OTHERS, max_size=30) | st.text(max_size=20))
def test_the_sort_key_of_a_text_is_that_of_its_decomposed_letters_walked_whole(text):
    """Names sort by a key looked up a character at a time; it must equal the walk of the whole decomposed
    text, which gives each tone mark to the letter before it (a combining mark typed apart included)."""
    from generator.text import _sort_key, vi_sort_key

    assert vi_sort_key(text) == _sort_key(text)
