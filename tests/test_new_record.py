"""`guongsang new`: the template, its blanks, and the refusal to overwrite."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.problems import InputError
from generator.project import load_project
from generator.records import Kind
from generator.scaffold import new_record

FILLED = {
    "role": "Giáo viên Trường Tiểu học Kim Bình",
    "unit_type": "Chi bộ",
    "province": "Tuyên Quang",
    "year": "2024",
    "summary": "Cô giáo vùng cao mở lớp học tiếng Việt buổi tối cho phụ nữ trong thôn.",
    "title": "Cô giáo của bản",
    "label": "1 nên",
    "items": "Nên đọc sách mỗi ngày",
}


def fill_in(text: str) -> str:
    """Do what a press officer does: replace every blank, then remove the draft line."""
    def line(match: re.Match) -> str:
        indent, key = match.group(1), match.group(2)
        if key == "fields":
            return f"{indent}fields: [giao-duc]"
        value = FILLED.get(key, "Nội dung thật")
        return f"{indent}{key}: {value}" if key else f"{indent}{value}"
    text = re.sub(r'^(\s*(?:- )?)(\w+): .*"?\[ĐIỀN:.*$', line, text, flags=re.M)
    text = re.sub(r'^(\s*)()\[ĐIỀN:.*$', line, text, flags=re.M)  # the story's block text
    text = re.sub(r'^(\s*- )"\[ĐIỀN:.*$', lambda m: f"{m.group(1)}{FILLED['items']}", text, flags=re.M)
    return text.replace("draft: true\n", "")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True)


@pytest.mark.parametrize("kind", list(Kind))
def test_template_passes_check_as_draft_then_filled_in(project: Path, kind: Kind):
    path = new_record(project, kind, "Lò Thị Mỷ", folder="tuyen-quang")
    assert path == project / "models" / "tuyen-quang" / "lo-thi-my.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/record.schema.json\n")
    assert "draft: true" in text and 'name: "Lò Thị Mỷ"' in text
    assert load_project(project).records == {}  # a draft with blanks passes check, but is not shown yet

    path.write_text(fill_in(text), encoding="utf-8")
    record = load_project(project).records["lo-thi-my"]
    assert not record.draft and record.placeholders == 0 and record.name == "Lò Thị Mỷ"
    assert record.place.current.name == "Tuyên Quang" and record.year == 2024


def test_publishing_a_record_with_blanks_names_each_blank(project: Path):
    path = new_record(project, Kind.INDIVIDUAL, "Lò Thị Mỷ", province="Hà Giang")
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", "draft: false\n"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_project(project)
    keys = {re.search(r"'(\w+)' vẫn là chỗ trống", p.message).group(1) for p in err.value.problems}
    assert keys == {"role", "fields", "year", "summary", "story", "title"}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all("[ĐIỀN" in "".join(lines[p.line - 1:p.line + 1]) for p in err.value.problems)  # story: | → next line


def test_partly_filled_draft_is_a_record_with_its_blanks_counted(project: Path):
    path = new_record(project, Kind.COLLECTIVE, "Chi bộ thôn Nà Chang", province="Tuyên Quang")
    text = path.read_text(encoding="utf-8").replace('fields: ["[ĐIỀN', 'fields: [kinh-te] #').replace(
        'year: "[ĐIỀN: năm]"', "year: 2023")
    path.write_text(text, encoding="utf-8")
    record = load_project(project).records["chi-bo-thon-na-chang"]
    assert record.draft and record.placeholders == 4  # unit_type, summary, story, source title


def test_new_never_overwrites_an_id_used_anywhere(project: Path):
    first = new_record(project, Kind.INDIVIDUAL, "Nguyễn Hưng Đạo", folder="tuyen-quang")
    first.write_text(first.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    result = run(project, "new", "collective", "Nguyễn Hưng Đạo", "--folder", "ha-noi")
    assert result.returncode == 1
    assert "models/tuyen-quang/nguyen-hung-dao.yml:1: đã có bản ghi mã 'nguyen-hung-dao'" in result.stderr
    assert "--id" in result.stderr
    assert first.read_text(encoding="utf-8").endswith("# sửa tay\n")
    assert not (project / "models" / "ha-noi").exists()


def test_cli_prints_path_and_next_step(project: Path):
    result = run(project, "new", "practice", "4 đúng - 5 phải - 3 sát", "--province", "Hoà Bình")
    assert result.returncode == 0, result.stderr
    assert "models/4-dung-5-phai-3-sat.yml" in result.stdout and "guongsang check" in result.stdout
    assert 'province: "Hoà Bình"' in (project / "models" / "4-dung-5-phai-3-sat.yml").read_text(encoding="utf-8")
    assert run(project, "check").returncode == 0


@pytest.mark.parametrize("args", [["new", "practice", "???"], ["new", "practice", "Tên", "--folder", "../ra-ngoai"],
                                  ["new", "individual", "Tên", "--province", "Sao Hỏa"]])
def test_bad_input_is_refused_with_a_message(project: Path, args: list[str]):
    result = run(project, *args)
    assert result.returncode == 1 and result.stderr.strip()
    assert list((project / "models").rglob("*.yml")) == []


@pytest.mark.parametrize("folder", ["lien-ket", "lien-ket/con", "that/lien-ket"])
def test_new_does_not_follow_a_linked_folder_out_of_models(project: Path, tmp_path_factory, folder: str):
    outside = tmp_path_factory.mktemp("ngoai")
    (project / "models" / "that").mkdir()
    for link in (project / "models" / "lien-ket", project / "models" / "that" / "lien-ket"):
        link.symlink_to(outside, target_is_directory=True)
    result = run(project, "new", "individual", "Lò Thị Mỷ", "--folder", folder)
    assert result.returncode == 1, result.stdout
    assert f"--folder:1: thư mục '{folder}' là (hoặc đi qua) một liên kết tượng trưng" in result.stderr
    assert list(outside.rglob("*")) == []
    assert list((project / "models").rglob("*.yml")) == []


@pytest.mark.parametrize(("name", "start"), [(("Hợp tác xã dịch vụ nông nghiệp tổng hợp " * 8)[:300], "hop-tac-xa-dich-vu"),
                                             ("Ê" * 300, "eeee")])
def test_new_with_the_longest_name_a_record_may_have_makes_a_short_id(project: Path, name: str, start: str):
    result = run(project, "new", "collective", name)
    assert result.returncode == 0, result.stderr
    (path,) = (project / "models").glob("*.yml")
    assert len(path.stem) <= 100 and path.stem.startswith(start) and not path.stem.endswith("-")
    assert name.strip() in path.read_text(encoding="utf-8")
    assert run(project, "check").returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["new", "individual", "A" * 301], "models:1: tên dài 301 ký tự; tối đa 300."),
    (["new", "individual", "Tên", "--id", "a" * 101], "--id:1: mã bản ghi '" + "a" * 101 + "' dài 101 ký tự; tối đa 100."),
])
def test_a_name_or_id_too_long_is_refused_in_words(project: Path, args: list[str], message: str):
    result = run(project, *args)
    assert result.returncode == 1 and message in result.stderr
    assert "lỗi trong chương trình" not in result.stderr
    assert list((project / "models").rglob("*.yml")) == []
