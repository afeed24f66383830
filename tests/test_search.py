"""Search without a browser: folding and words, what each record puts in the index, the index's files,
and the offline copy's links."""
from __future__ import annotations

import base64
import json
import re
import unicodedata
from pathlib import Path

import pytest

from generator.offline import index_url, rewrite_links
from generator.search import SearchEntry, index_entries, make_entry, plain_text
from generator.searchindex import TOP, WEIGHTS, index_files, record_terms, write_index
from generator.text import fold_diacritics, search_words

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
    nfd = unicodedata.normalize("NFD", "Đảng BỘ xã 05-CT/TW, “Hưng_Đạo” x²")
    assert search_words(nfd) == ["đảng", "bộ", "xã", "05", "ct", "tw", "hưng", "đạo", "x²"]


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


def test_record_terms_are_words_and_adjacent_pairs_with_their_best_weight():
    terms = {(k, f): w for k, f, w in record_terms([("name", "Trần Thị Đào"), ("summary", "Cô giáo Đào"),
                                                     ("story", "đào tạo nghề")])}
    assert terms[("dao", "đào")] == WEIGHTS["name"]  # in the name, the summary and the story: the name counts
    assert terms[("tran thi", "trần thị")] == terms[("thi dao", "thị đào")] == WEIGHTS["name"]
    assert terms[("giao dao", "giáo đào")] == WEIGHTS["summary"]
    assert terms[("tao", "tạo")] == WEIGHTS["story"]
    keys = {key for key, _ in terms}
    assert "dao tao" not in keys  # no pairs in the story: it is long, and its words are found one by one
    assert "dao co" not in keys  # nor across fields
    assert record_terms([("story", "a b"), ("name", "B")]) == record_terms([("name", "B"), ("story", "a b")])


def _labels():
    return {"loai": [["ca-nhan", "Cá nhân"], ["tap-the", "Tập thể"]], "tinh": [["ha-noi", "Hà Nội"], ["hue", "Huế"]],
            "linh-vuc": [["y-te", "Y tế"], ["giao-duc", "Giáo dục"]], "nam": [["2021", "2021"], ["2020", "2020"]],
            "cap-hoc": [["tieu-hoc", "Tiểu học"]]}


def _entries(count: int) -> list:
    """`count` records: every one holds "chung" in its story, every third "Đào" in its name."""
    entries = []
    for i in range(count):
        name = f"Trần Thị Đào {i}" if i % 3 == 0 else f"Lê Văn Hùng {i}"
        entries.append(SearchEntry(
            url=f"ca-nhan/r{i}/", name=name, kind="ca-nhan" if i % 2 else "tap-the", place="Hà Nội",
            summary=f"Tóm tắt {i}", province="ha-noi" if i < count // 2 else "hue", fields=("y-te",),
            year=2020 + i % 2, texts=(("name", name), ("story", "chung đào tạo" if i % 5 == 0 else "chung"))))
    return index_entries(entries, _labels())


def _files(entries, **options) -> dict[str, str]:
    return dict(index_files(entries, _labels(), **options))


def _call(text: str, name: str) -> list:
    found = re.fullmatch(rf"GSIndex\.{name}\((.*)\);\n", text, re.DOTALL)
    assert found, text[:80]
    return json.loads(f"[{found.group(1)}]")


def _numbers(gaps: str) -> list[int]:
    numbers, n = [], 0
    for gap in gaps.split(","):
        n += int(gap, 36)
        numbers.append(n)
    return numbers


def _entry_of(files: dict[str, str], key: str):
    """A key's entry, found as the page finds it: through the manifest's chunk list."""
    manifest = _call(files["index.js"], "manifest")[0]
    chunks = manifest["pairChunks" if " " in key else "chunks"]
    units = [k.encode("utf-16-be") for k, _ in chunks]
    at = max(i for i, first in enumerate(units) if first <= key.encode("utf-16-be"))
    name, terms = _call(files[f"t/{chunks[at][1]}.js"], "terms")
    return terms.get(key)


def test_every_file_is_a_script_and_the_manifest_finds_every_key():
    files = _files(_entries(60))
    manifest = _call(files["index.js"], "manifest")[0]
    assert manifest["records"] == 60 and manifest["cardsPerFile"] == 16
    assert manifest["totals"]["tinh"] == [30, 30] and manifest["totals"]["loai"] == [30, 30]
    every = []
    for chunks, pairs in ((manifest["chunks"], False), (manifest["pairChunks"], True)):
        seen = []
        for first, name in chunks:
            chunk_name, terms = _call(files[f"t/{name}.js"], "terms")
            assert chunk_name == name and list(terms)[0] == first
            seen += list(terms)
        assert seen == sorted(seen, key=lambda k: k.encode("utf-16-be"))
        assert all((" " in k) == pairs for k in seen)
        every += seen
    assert len(every) == manifest["keys"] and len(set(every)) == len(every)
    for key in ("dao", "tran thi", "thi dao", "chung", "hung 7"):
        assert _entry_of(files, key) is not None, key
    number, cards = _call(files["d/3.js"], "cards")
    assert number == 3 and cards[0] == ["ca-nhan/r48/", "Trần Thị Đào 48", "tap-the", "Hà Nội", "Tóm tắt 48", 2020]
    facets = _call(files["facets.js"], "facets")[0]
    assert facets["tinh"] == [1, False, "0" * 30 + "1" * 30] and facets["nam"][2][:3] == "101"
    assert facets["cap-hoc"] == [1, True, "," * 59]


def test_short_lists_keep_each_form_with_its_records_by_weight():
    files = _files(_entries(60))
    forms = dict((f[0], f[1:]) for f in _entry_of(files, "dao"))
    assert set(forms) == {"đào"}
    by_weight = {w: _numbers(g) for w, g in forms["đào"]}
    assert by_weight[WEIGHTS["name"]] == list(range(0, 60, 3))
    assert by_weight[WEIGHTS["story"]] == [n for n in range(0, 60, 5) if n % 3]


def test_long_lists_have_a_summary_and_bitsets():
    entries = _entries(600)  # "chung" is in all 600 records: more than the long list length (200)
    files = _files(entries)
    summary = _entry_of(files, "chung")
    assert summary["n"] == 600 and summary["top"][""] == list(range(TOP))
    assert summary["c"]["tinh"] == [300, 300] and summary["c"]["nam"] == [300, 300]
    number, tiers = _call(files[f"b/{summary['b']}.js"], "bits")
    assert number == summary["b"] and [w for w, _ in tiers] == [WEIGHTS["story"]]
    bits = int.from_bytes(base64.b64decode(tiers[0][1]), "little")
    assert bits == (1 << 600) - 1
    # "đào" is in 200 names and 80 more stories: the first page for "Đào" as typed is its names first
    summary = _entry_of(_files(entries, long_list=100), "dao")
    assert summary["n"] == 280 and summary["top"][""][:3] == [0, 3, 6]
    number, tiers = _call(_files(entries, long_list=100)[f"b/{summary['b']}.js"], "bits")
    names = int.from_bytes(base64.b64decode(tiers[0][1]), "little")
    assert tiers[0][0] == WEIGHTS["name"] and names.bit_count() == 200 and names & 1 and not names & 2


def test_the_index_is_the_same_bytes_every_time_and_an_edit_changes_few_chunks(tmp_path):
    entries = _entries(2000)
    once, twice = _files(entries), _files(list(entries))
    assert once == twice
    edited = list(entries)
    edited[1000] = index_entries([SearchEntry(
        url="ca-nhan/r1000/", name="Nguyễn Văn Mới", kind="ca-nhan", place="Huế", summary="", province="hue",
        fields=("y-te",), year=2021, texts=(("name", "Nguyễn Văn Mới"), ("story", "chung")))], _labels())[0]
    after = _files(edited)
    # Chunks end where a key's hash says, not at a count of bytes: the edit's keys change their own chunks,
    # and the others keep their names and bytes (a build cache may keep them).
    chunks = [p for p in once if p.startswith("t/")]
    changed = [p for p in chunks if after.get(p) != once[p]]
    assert len(chunks) >= 10 and len(changed) <= 5, (changed, len(chunks))
    assert len(set(chunks) - set(after)) <= 1
    stats = write_index(iter(once.items()), tmp_path)
    assert stats.records == 2000 and stats.files == len(once)
    assert stats.bytes == sum(p.stat().st_size for p in tmp_path.rglob("*.js"))


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
