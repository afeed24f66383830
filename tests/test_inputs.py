"""The one reader of input files: regular files inside the project, of bounded size, told in Vietnamese."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator import messages as msg
from generator.inputs import FileProblem, input_files, read_input, unreadable


def problem(root: Path, path: Path, limit: int = 100) -> tuple[int, str]:
    with pytest.raises(FileProblem) as err:
        read_input(root, path, limit)
    return err.value.line, err.value.message


def test_a_file_up_to_its_limit_is_read_and_not_a_byte_more(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(b"x" * 100)
    assert read_input(tmp_path, tmp_path / "a.md", 100) == b"x" * 100
    (tmp_path / "a.md").write_bytes(b"x" * 101)
    assert problem(tmp_path, tmp_path / "a.md") == (1, msg.FILE_TOO_BIG.format(size=101, limit=100))


def test_special_files_are_never_opened(tmp_path: Path):
    os.mkfifo(tmp_path / "a.md")  # opening it to read would wait for a writer
    assert problem(tmp_path, tmp_path / "a.md") == (1, msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["fifo"]))
    (tmp_path / "b.md").mkdir()
    assert problem(tmp_path, tmp_path / "b.md") == (1, msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["folder"]))


def test_links_stay_inside_the_project(tmp_path: Path):
    root = tmp_path / "du-an"
    root.mkdir()
    (tmp_path / "bi-mat.md").write_text("x", encoding="utf-8")
    os.symlink("../bi-mat.md", root / "a.md")
    os.symlink("a.md", root / "b.md")  # a link to a link to outside
    os.symlink("c.md", root / "c.md")
    os.symlink("khong-co.md", root / "d.md")
    assert problem(root, root / "a.md") == (1, msg.FILE_OUTSIDE)
    assert problem(root, root / "b.md") == (1, msg.FILE_OUTSIDE)
    assert problem(root, root / "c.md") == (1, msg.LINK_LOOP)
    assert problem(root, root / "d.md") == (1, msg.LINK_BROKEN)
    (root / "e.md").write_text("e", encoding="utf-8")
    os.symlink("e.md", root / "f.md")
    assert read_input(root, root / "f.md", 100) == b"e"


def test_the_systems_reasons_are_given_in_vietnamese():
    assert unreadable(OSError(errno.EACCES, "Permission denied")) == msg.FILE_UNREADABLE.format(
        reason="không có quyền đọc")
    assert "Operation" not in unreadable(OSError(errno.EOPNOTSUPP, "Operation not supported"))


def test_the_walk_reports_what_it_would_otherwise_leave_out(tmp_path: Path):
    folder = tmp_path / "content"
    (folder / "a").mkdir(parents=True)
    for name in ("a.md", "a/b.md", "c.MD", "d.markdown", ".an.md", "ghi-chu.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    os.mkfifo(folder / "e.md")
    files, problems = input_files(tmp_path, "content", "md", misspelt=("markdown",))
    assert [rel for rel, _ in files] == ["content/a.md", "content/a/b.md"]
    assert [(p.path, p.message) for p in sorted(problems)] == [
        ("content/c.MD", msg.WRONG_EXTENSION.format(extension="md", suggestion="c.md")),
        ("content/d.markdown", msg.WRONG_EXTENSION.format(extension="md", suggestion="d.md")),
        ("content/e.md", msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["fifo"])),
    ]
    assert input_files(tmp_path, "khong-co", "md") == ([], [])
