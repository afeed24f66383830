"""The example records and pages tell the source articles' facts in their own words.

`tests/data/source_fingerprints.txt` holds hashes of every 12-word run of the source articles (made by
`scripts/fingerprint_sources.py`; the articles themselves are not in the repository). No text field of
a record or lesson pack and no page in `content/` may carry such a run outside quotation marks. Names (a record's
`name` and `aliases`, and these names wherever they are used), source titles, quotations
(`quotes[].text`) and record ids are the source's own words by nature and are not checked.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.originality import RUN_WORDS, copied_runs, read_fingerprints, run_digests
from generator.text import SLUG_PATTERN
from generator.inputs import RECORD_LIMIT
from generator.yamlfile import YList, YMap, load_file

from conftest import REPO

FINGERPRINTS = REPO / "tests" / "data" / "source_fingerprints.txt"
NOT_PROSE = {"name", "aliases", "sources", "quotes.text"}  # key paths, list indexes left out


def text_fields(node: object, path: str = "", line: int = 1) -> Iterator[tuple[str, int, str]]:
    """Every string in a record with its key path ('teaching.questions[1]') and line."""
    if isinstance(node, YMap):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if _bare(sub) not in NOT_PROSE:
                yield from text_fields(value, sub, node.line_of(key))
    elif isinstance(node, YList):
        for i, value in enumerate(node):
            yield from text_fields(value, f"{path}[{i}]", node.line_of(i))
    elif isinstance(node, str) and not SLUG_PATTERN.match(node):  # ids in `related`, `origin`…
        yield path, line, node


def _bare(path: str) -> str:
    return ".".join(part.split("[")[0] for part in path.split("."))


def _flat(text: str) -> str:
    return " ".join(text.split())


def findings(root: Path, fingerprints: set[str]) -> list[str]:
    records = {path: load_file(root, path, RECORD_LIMIT)[0] for path in sorted((root / "models").rglob("*.yml"))}
    names = sorted({n for r in records.values() for n in [r.get("name"), *(r.get("aliases") or [])]
                    if isinstance(n, str)})
    found = []
    # Lesson packs retell the records in their own words too.
    packs = {path: load_file(root, path, RECORD_LIMIT)[0] for path in sorted((root / "lessons").rglob("*.yml"))}
    for path, record in {**records, **packs}.items():
        for field, line, text in text_fields(record):
            for run in copied_runs(text, fingerprints, names):
                found.append(f"{path.relative_to(root)}:{line}: {field}: {run.words} words: {_flat(run.text)}")
    for path in sorted((root / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for run in copied_runs(text, fingerprints, names):
            line = text.count("\n", 0, run.start) + 1
            found.append(f"{path.relative_to(root)}:{line}: {run.words} words: {_flat(run.text)}")
    return found


@pytest.fixture(scope="module")
def fingerprints() -> set[str]:
    return read_fingerprints(FINGERPRINTS)


def test_the_fingerprint_file_is_whole_and_sorted(fingerprints):
    lines = [line for line in FINGERPRINTS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == sorted(set(lines)) and len(lines) == len(fingerprints)
    assert all(len(d) == 16 and int(d, 16) >= 0 for d in lines)
    assert len(fingerprints) > 5000  # five articles of 1,500 to 3,500 words each


def test_no_record_or_page_copies_a_run_of_the_source_articles(fingerprints):
    found = findings(REPO, fingerprints)
    assert not found, f"{len(found)} runs of {RUN_WORDS}+ words copied from a source article:\n" + "\n".join(found)


# The detector itself, on a made-up source text.
SOURCE = ("Hằng tuần, các đoàn viên thanh niên trong thôn cùng nhau dọn sạch con mương chảy qua cánh đồng, "
          "trồng thêm hai hàng cây bóng mát và vận động từng hộ gia đình không đổ rác xuống lòng mương.")


def test_a_copied_run_is_found_whatever_its_case_punctuation_accents_or_spelling():
    prints = run_digests(SOURCE)
    disguised = ("Ở xã ấy, CÁC ĐOÀN VIÊN thanh-niên  trong thôn: cùng nhau, dọn sạch con muong chảy qua cánh "
                 "đồng; trồng thêm hai hàng cay bóng mát. Thật đáng quý.")
    [run] = copied_runs(disguised, prints)
    assert run.words == 24
    assert run.text.startswith("CÁC ĐOÀN VIÊN") and run.text.endswith("hai hàng cay bóng mát")
    assert copied_runs("kỹ " + SOURCE.replace("Hằng tuần", "Hàng tuần"), run_digests("kĩ " + SOURCE))


def test_words_inside_quotation_marks_are_a_quotation_and_a_run_does_not_cross_them():
    prints = run_digests(SOURCE)
    words = SOURCE.split()
    assert copied_runs(f"Bài báo viết: “{SOURCE}”", prints) == []
    assert copied_runs(f'Bài báo viết: "{SOURCE}"', prints) == []
    cut = " ".join(words[:8]) + " “" + " ".join(words[8:10]) + "” " + " ".join(words[10:20])
    assert copied_runs(cut, prints) == []  # neither side reaches 12 words
    # An opening mark never closed quotes nothing, so it cannot hide a copied run.
    assert copied_runs("“ " + SOURCE, prints)[0].words == len(words)


def test_a_shorter_run_or_a_retelling_is_not_reported():
    prints = run_digests(SOURCE)
    eleven = " ".join(SOURCE.split()[:11])
    assert copied_runs(eleven + " và nhiều việc khác.", prints) == []
    assert copied_runs("Mỗi tuần thanh niên trong thôn dọn mương, trồng cây và nhắc bà con giữ sạch "
                       "dòng nước.", prints) == []


def test_a_finding_names_the_file_the_field_and_the_words(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "models" / "a.yml").write_text(
        f"name: Thôn Đông\nsummary: Ngắn.\nteaching:\n  questions:\n    - Câu hỏi?\n    - {SOURCE}\n"
        f"quotes:\n  - text: {SOURCE}\n", encoding="utf-8")
    (tmp_path / "content" / "trang.md").write_text(f"# Trang\n\nMở đầu.\n{SOURCE}\n", encoding="utf-8")
    found = findings(tmp_path, run_digests(SOURCE))
    assert found == [
        f"models/a.yml:6: teaching.questions[1]: 39 words: {SOURCE[:-1]}",
        f"content/trang.md:4: 39 words: {SOURCE[:-1]}",
    ]


def test_a_name_used_in_a_retelling_is_not_a_copy():
    prints = run_digests(SOURCE)
    name = "Đoàn viên thanh niên trong thôn cùng nhau dọn sạch con mương"  # a practice named by its deed
    words = SOURCE.split()
    assert copied_runs(SOURCE, prints, [name])[0].words == len(words) - 15  # only what follows the name
    assert copied_runs(" ".join(words[:15]), prints, [name]) == []


def test_an_abbreviation_of_a_body_reads_as_its_full_name():
    source = "Ban Thường vụ Huyện ủy giao cho Ủy ban nhân dân xã lập danh sách từng hộ cần giúp đỡ trước mùa mưa bão."
    copy = "BTV Huyện ủy giao cho UBND xã lập danh sách từng hộ cần giúp đỡ trước mùa mưa bão năm ấy."
    [run] = copied_runs(copy, run_digests(source))
    assert run.text == "BTV Huyện ủy giao cho UBND xã lập danh sách từng hộ cần giúp đỡ trước mùa mưa bão"
    assert run.words == 19  # "BTV" and "Ủy ban nhân dân" count as one word each
