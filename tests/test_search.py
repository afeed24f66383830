"""Search without a browser: folding and words, what each record puts in the index, the offline index's
files, and the offline copy's links."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from generator.offline import index_url, rewrite_links
from generator.search import (WEIGHTS, extra_forms, make_entry, pagefind_fields, plain_text, postings,
                              write_offline_index, words)
from generator.text import fold_diacritics

from conftest import REPO


@pytest.fixture(scope="module")
def example():
    from generator.catalog import make_catalog
    from generator.project import load_project
    import datetime as dt

    return make_catalog(load_project(REPO), dt.date(2026, 1, 1))


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Hưng Đạo", "Nguyen Hung Dao"),
    ("ĐẦM SEN", "DAM SEN"),
    (unicodedata.normalize("NFD", "Thủy Hòa Ưng Ơn"), "Thuy Hoa Ung On"),
    ("Chủ nhật xanh", "Chu nhat xanh"),
])
def test_fold_removes_every_mark_and_the_stroke_of_d(text, folded):
    assert fold_diacritics(text) == folded


def test_words_are_lower_case_nfc_letters_and_digits():
    nfd = unicodedata.normalize("NFD", "Đảng BỘ xã 05-CT/TW, “Hưng_Đạo”")
    assert words(nfd) == ["đảng", "bộ", "xã", "05", "ct", "tw", "hưng", "đạo"]


def test_extra_forms_add_folded_words_and_d_forms_that_keep_tones():
    assert extra_forms("Nguyễn Hưng Đạo và Lan") == "nguyen hung dao dạo va"
    assert extra_forms("Chi bộ") == "bo"
    assert extra_forms("plain words") == ""


def test_plain_text_drops_link_targets_and_tags():
    text = plain_text("Xem [bài báo](https://baochinhphu.vn/x) và <b>đậm</b>")
    assert "baochinhphu" not in text and "bài báo" in text and "đậm" in text


def test_entries_index_every_field_a_reader_searches(example):
    entry = make_entry(example.by_id["nguyen-hung-dao"], example.by_id)
    texts = dict(entry.texts)
    assert entry.url == "ca-nhan/nguyen-hung-dao/" and entry.kind == "ca-nhan"
    assert texts["name"] == "Nguyễn Hưng Đạo"
    assert "Giám đốc" in texts["role"] and "Thầy thuốc Ưu tú" in texts["role"]
    assert "Chiêm Hóa" in texts["place"] and "Tuyên Quang" in texts["place"]
    assert set(texts) <= set(WEIGHTS) and {"name", "role", "place", "summary", "story"} <= set(texts)
    assert entry.province == "tuyen-quang" and "y-te" in entry.fields and entry.year == 2019
    practice = next(r for r in example.records if r.kind.value == "practice" and r.aliases)
    assert dict(make_entry(practice, example.by_id).texts)["aliases"]


def test_pagefind_fields_carry_weights_and_fit_on_one_line(example):
    for record in example.records:
        for field in pagefind_fields(make_entry(record, example.by_id)):
            assert "\n" not in field.text and 1 <= field.weight <= 10


def test_postings_keep_each_form_with_its_best_field():
    entries = [_entry("Trần Thị Đào", story="Đào tạo nghề"), _entry("Người Dao", story="Nguyễn Hưng Đạo")]
    index = postings(entries)
    assert index["dao"]["đào"] == {0: WEIGHTS["name"]}
    assert index["dao"]["dao"] == {1: WEIGHTS["name"]}
    assert index["dao"]["đạo"] == {1: WEIGHTS["story"]}
    assert index["tao"]["tạo"] == {0: WEIGHTS["story"]}


def test_offline_index_files_are_scripts_that_decode_to_the_postings(tmp_path):
    entries = [_entry(f"Người số {i}", story="chung" if i % 2 else "riêng") for i in range(450)]
    labels = {"loai": [["ca-nhan", "Cá nhân"]], "tinh": [["ha-noi", "Hà Nội"]], "linh-vuc": [["y-te", "Y tế"]],
              "nam": [["2020", "2020"]]}
    stats = write_offline_index(entries, labels, tmp_path)
    meta = _call(tmp_path / "meta.js", "meta")[0]
    assert meta["records"] == 450 and meta["facets"]["loai"] == [0] * 450 and meta["facets"]["linh-vuc"][0] == [0]
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["0.js", "1.js", "2.js"]
    key, terms = _call(tmp_path / "t" / "chu.js", "terms")
    assert key == "chu"
    form, (weight, gaps) = terms["chung"][0][0], terms["chung"][0][1]
    numbers, n = [], 0
    for gap in gaps.split(","):
        n += int(gap, 36)
        numbers.append(n)
    assert form == "chung" and weight == WEIGHTS["story"] and numbers == list(range(1, 450, 2))
    number, cards = _call(tmp_path / "d" / "2.js", "docs")
    assert number == 2 and cards[0][0] == "ca-nhan/x/index.html" and cards[0][1] == "Người số 400"
    assert stats.records == 450 and stats.bytes == sum(p.stat().st_size for p in tmp_path.rglob("*.js"))


def test_offline_links_name_index_files(tmp_path):
    site = tmp_path
    folders = {str(site), str(site / "ca-nhan"), str(site / "ca-nhan" / "an"), str(site / "tim-kiem")}
    page = site / "ca-nhan" / "an"
    assert index_url("../", page, folders) == "../index.html"
    assert index_url("../..", page, folders) == "../../index.html"
    assert index_url("../../tim-kiem/?q=a#kq", page, folders) == "../../tim-kiem/index.html?q=a#kq"
    assert index_url("../../anh/a.png", page, folders) == "../../anh/a.png"
    assert index_url("../../../../etc/", page, folders) == "../../../../etc/"
    for kept in ("https://example.vn/", "#top", "/ca-nhan/", "?q=x", "mailto:a@b.vn"):
        assert index_url(kept, page, folders) == kept
    html = ('<a href="../">x</a><form action=\'../../tim-kiem/\'><script>s = "<a href=\\"../\\">"</script>'
            '<!-- <a href="../"> --><p>href="../"</p>')
    assert rewrite_links(html, page, folders) == (
        '<a href="../index.html">x</a><form action=\'../../tim-kiem/index.html\'><script>s = "<a href=\\"../\\">"'
        '</script><!-- <a href="../"> --><p>href="../"</p>')


def _entry(name: str, story: str = ""):
    from generator.search import SearchEntry

    return SearchEntry(url="ca-nhan/x/", name=name, kind="ca-nhan", place="Hà Nội", summary="", province="ha-noi",
                       fields=("y-te",), year=2020, sort_name=fold_diacritics(name).lower(),
                       texts=(("name", name), ("story", story)))


def _call(path: Path, name: str) -> list:
    text = path.read_text(encoding="utf-8")
    found = re.fullmatch(rf"GSIndex\.{name}\((.*)\);\n", text, re.DOTALL)
    assert found, text[:80]
    return json.loads(f"[{found.group(1)}]")
