"""`guongsang check` as a user runs it: a child process, its exit code and what it prints."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import messages as msg
from tests.conftest import COLLECTIVE, REPO

PROBLEM_LINE = re.compile(r"^models/[^:]+\.ya?ml:\d+: \S.*$|^site_config\.yml:\d+: \S.*$")


def guongsang(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


def test_check_passes_on_the_repository():
    done = guongsang("check")
    count = len(list((REPO / "models").rglob("*.yml")))
    assert done.returncode == 0, done.stderr
    lessons = len(list((REPO / "lessons").glob("*.yml")))
    assert done.stdout.strip() == msg.CHECK_OK.format(count=count) + "\n" + msg.CHECK_OK_LESSONS.format(count=lessons)
    assert count > 0 and lessons > 0


def test_root_before_or_after_the_command(project: Path, tmp_path_factory):
    (project / "models" / "htx-tan-hoa.yml").write_text(COLLECTIVE, encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    for args in (("--root", str(project), "check"), ("check", "--root", str(project))):
        done = guongsang(*args, cwd=elsewhere)
        assert (done.returncode, done.stdout.strip()) == (0, msg.CHECK_OK.format(count=1))


def test_check_in_the_current_folder(project: Path):
    (project / "models" / "htx-tan-hoa.yml").write_text(COLLECTIVE, encoding="utf-8")
    assert guongsang("check", cwd=project).returncode == 0


def test_problems_are_listed_as_path_line_message_with_a_count(project: Path):
    models = project / "models"
    (models / "tuyen-quang").mkdir()
    (models / "tuyen-quang" / "htx-tan-hoa.yml").write_text(COLLECTIVE.replace("year: 2022", "year: 1999")
                                                            + "sumary: x\n", encoding="utf-8")
    (models / "hong.yml").write_bytes(b"kind: [\n")
    (models / "trong.yml").write_text("# chỉ có ghi chú\n", encoding="utf-8")
    (models / "Sai_Ten.yml").write_text(COLLECTIVE, encoding="utf-8")
    (models / "bom.yml").write_bytes(b"a: &x [1]\nb: *x\n")
    (models / "tag.yml").write_text("a: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    done = guongsang("--root", str(project), "check", cwd=project)
    assert done.returncode == 1
    assert done.stdout == ""
    *lines, summary = done.stderr.strip().splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert lines == sorted(lines, key=lambda x: (x.split(":")[0], int(x.split(":")[1])))
    assert summary == msg.CHECK_FAILED.format(problems=len(lines), files=6)
    assert "models/tuyen-quang/htx-tan-hoa.yml:7: năm 1999 nằm ngoài khoảng" in done.stderr
    assert "models/tuyen-quang/htx-tan-hoa.yml:9: khóa không hợp lệ 'sumary'; có phải ý bạn là 'summary'?" in lines
    assert f"models/bom.yml:2: {msg.YAML_ALIAS.format(anchor='x')}" in lines
    assert not (project / "pwned").exists()


def test_config_problems_are_reported(project: Path):
    (project / "site_config.yml").write_text("site: [\n", encoding="utf-8")
    done = guongsang("check", "--root", str(project))
    assert done.returncode == 1 and done.stderr.startswith("site_config.yml:")


def test_unprintable_characters_in_names_are_escaped(project: Path):
    (project / "models" / "a\nmodels\x1b[31m.yml").write_text(COLLECTIVE, encoding="utf-8")
    (project / "models" / "b.yml").write_text(COLLECTIVE + '"x\\e\\u202e": 1\n', encoding="utf-8")
    done = guongsang("check", "--root", str(project))
    *lines, summary = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 2 and "\x1b" not in done.stderr and "\u202e" not in done.stderr
    assert lines[0].startswith("models/a\\x0amodels\\x1b[31m.yml:1: ")
    assert lines[1].startswith("models/b.yml:9: khóa không hợp lệ 'x\\x1b\\u202e'")


@pytest.mark.parametrize("args", [("chek",), ("check", "--bad-option"), (), ("--root",), ("check", "thừa"),
                                  ("--root", "/khong/co/thu/muc", "check")])
def test_bad_usage_exits_2_in_vietnamese(args: tuple[str, ...]):
    done = guongsang(*args)
    assert done.returncode == 2
    assert done.stderr.strip()
    if args[:1] != ("--root",) or len(args) == 1:
        assert "lỗi cách dùng" in done.stderr
    assert "usage:" not in done.stderr and "error:" not in done.stderr


def test_help_is_vietnamese():
    done = guongsang("--help")
    assert done.returncode == 0 and "Cách dùng" in done.stdout and "kiểm tra mọi bản ghi" in done.stdout


def test_a_terminal_without_utf8_gets_no_traceback(project: Path):
    (project / "models" / "a.yml").write_text(COLLECTIVE.replace("year: 2022", "year: 1999"), encoding="utf-8")
    done = guongsang("check", "--root", str(project), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1 and "models/a.yml:7: n\\u0103m 1999" in done.stderr


def test_output_closed_early_is_not_an_error(project: Path):
    (project / "models" / "a.yml").write_text(COLLECTIVE, encoding="utf-8")
    done = subprocess.run(f"'{sys.executable}' -m generator check --root '{project}' | head -c 0", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr


def test_unreadable_files_are_problems_not_crashes(project: Path):
    if os.geteuid() == 0:
        pytest.skip("root can read every file")
    path = project / "models" / "a.yml"
    path.write_text(COLLECTIVE, encoding="utf-8")
    path.chmod(0)
    done = guongsang("check", "--root", str(project))
    assert done.returncode == 1 and done.stderr.startswith("models/a.yml:1: không đọc được tệp")


def test_huge_values_are_not_echoed_whole(project: Path):
    (project / "models" / "a.yml").write_text(COLLECTIVE.replace("kind: collective", "kind: " + "x" * 300_000),
                                              encoding="utf-8")
    done = guongsang("check", "--root", str(project))
    first = done.stderr.splitlines()[0]
    assert done.returncode == 1 and first.startswith("models/a.yml:1: kind 'xxx") and len(first) < 600
    assert first.endswith("practice (mô hình).")
