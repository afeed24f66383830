"""Hostile and careless input, as a user would give it: each case is a small project, and what must happen.

A case is one row of CASES: files written over a small valid project (text, bytes, or a special file:
FIFO(), Link(target); None deletes a file of the base project), and the `path:line:` and words of the
Vietnamese problem the user must see. Every command of the case runs as the user runs it, a child
process in the project folder, and each must:
- exit with the case's code, printing its problem on a line of its own (no traceback, and never
  "lỗi trong chương trình": that is for our bugs, not for input a user can fix);
- not hang (a FIFO, a device), and leave every input as it was;
- write nothing outside the project, and, when it fails, nothing at all (no site/, no staging folder).
To add a case, add a row; `commands` says which commands to run when not both `check` and `build`.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import messages as msg
from tests.conftest import COLLECTIVE, REPO


@dataclass(frozen=True)
class FIFO:
    """A named pipe: opening it to read waits for a writer, forever."""


@dataclass(frozen=True)
class Link:
    target: str  # as written in the link; "../ngoai/..." is outside the project (see OUTSIDE)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes | FIFO | Link | None]
    where: str  # "path:line" that starts the problem's line; "" when the commands must succeed
    says: str = ""  # words of the problem's message
    code: int = 1
    commands: tuple[tuple[str, ...], ...] = (("check",), ("build",))


# Beside the project: a secret a link may point to, which must never be read or published.
OUTSIDE = {"ngoai/bi-mat.yml": COLLECTIVE, "ngoai/bi-mat.md": "# Bí mật\n"}
RECORD = "models/htx-tan-hoa.yml"  # the base project's one record (conftest.COLLECTIVE); its year is on line 7


def record(old: str, new: str) -> str:
    assert old in COLLECTIVE
    return COLLECTIVE.replace(old, new)


# The repository's site_config.yml without featured records, as in conftest's `project`.
CONFIG = re.sub(r"^featured:\n(?:  - .*\n)*", "featured: []\n",
                (REPO / "site_config.yml").read_text(encoding="utf-8"), flags=re.M)


def config(old: str, new: str) -> str:
    assert old in CONFIG
    return CONFIG.replace(old, new)


def config_line(text: str) -> int:
    return CONFIG.splitlines().index(text) + 1


BAD_NAME = "không dùng được trong địa chỉ trang"

CASES = [
    Case("a valid project passes (the harness itself)", {}, "", code=0, commands=(("check",),)),
    # Content pages: each name is an address, which must be a slug in every part.
    Case("content/---.md has an empty address (it wrote /index.md)", {"content/---.md": "# T\n"},
         "content/---.md:1", BAD_NAME + ": mỗi tên"),
    Case("the name suggested for an empty one is free", {"content/---.md": "# T\n"}, "content/---.md:1",
         "ví dụ 'content/trang-moi.md'", commands=(("check",),)),
    Case("content/---/x.md has an empty folder (it wrote /__shell__.md)", {"content/---/x.md": "# T\n"},
         "content/---/x.md:1", "tên '---' " + BAD_NAME),
    Case("a Chinese file name slugifies to nothing", {"content/中文.md": "# Trang\n"}, "content/中文.md:1", BAD_NAME),
    Case("a name with capitals and spaces", {"content/Giới thiệu.md": "# T\n"}, "content/Giới thiệu.md:1",
         "ví dụ 'content/gioi-thieu.md'"),
    Case("two files for one address: one would be dropped", {"content/a-b.md": "# A\n", "content/A B.md": "# B\n"},
         "content/A B.md:1", "tệp đó đã có"),
    Case("a/index.md and a.md both ask for /a/", {"content/a.md": "# A\n", "content/a/index.md": "# B\n"},
         "content/a/index.md:1", "tên 'index'"),
    Case("content/index.md is no home page", {"content/index.md": "# Trang chủ\n"}, "content/index.md:1",
         "content/gioi-thieu.md"),
    Case("a page may not take a generated section", {"content/ca-nhan.md": "# T\n"}, "content/ca-nhan.md:1",
         "trùng với một mục"),
    Case("a .MD page would be left out without a word", {"content/gioi-thieu.MD": "# T\n"},
         "content/gioi-thieu.MD:1", "đuôi .md"),
    Case("a .markdown page would be left out without a word", {"content/a.markdown": "# T\n"},
         "content/a.markdown:1", "đổi tên thành 'a.md'"),
    Case("a C1 control character in a title (a RuntimeError in build)", {"content/a.md": b"# A \xc2\x80\n"},
         "content/a.md:1", "ký tự điều khiển U+0080"),
    Case("a zero-width space in a title", {"content/a.md": "Mở đầu\n\n# A\u200bB\n"}, "content/a.md:3",
         "ký tự vô hình U+200B"),
    Case("a bidi override in a page's text", {"content/a.md": "# A\n\nGiá: \u202e000 01\n"}, "content/a.md:3",
         "ký tự đổi chiều chữ U+202E ở cột 6"),
    Case("a noncharacter in a title (a RuntimeError in build)", {"content/a.md": "# A \uffff\n"}, "content/a.md:1",
         "mã không phải ký tự U+FFFF"),
    Case("a FIFO page (check hung)", {"content/a.md": FIFO()}, "content/a.md:1", "ống dẫn (FIFO)"),
    Case("a page linked out of the project", {"content/a.md": Link("../../ngoai/bi-mat.md")}, "content/a.md:1",
         "ra ngoài thư mục dự án"),
    Case("a page linked to /etc/passwd", {"content/a.md": Link("/etc/passwd")}, "content/a.md:1",
         "ra ngoài thư mục dự án"),
    Case("a linked folder of pages", {"content/a.md": "# A\n", "content/lien-ket": Link("../models")},
         "content/lien-ket:1", "liên kết tượng trưng"),
    Case("a broken link", {"content/a.md": Link("khong-co.md")}, "content/a.md:1", "không tồn tại"),
    Case("a loop of links", {"content/a.md": Link("a.md")}, "content/a.md:1", "vòng quanh"),
    Case("a page over the size limit", {"content/a.md": "# A\n" + "x" * 1_000_000}, "content/a.md:1",
         "tệp quá lớn (1000004 byte; tối đa 1000000 byte)"),
    Case("a page not in UTF-8", {"content/a.md": "# Hà\n".encode("cp1258")}, "content/a.md:1", "UTF-8"),
    # News posts.
    Case("a FIFO news post", {"content/tin-tuc/a.md": FIFO()}, "content/tin-tuc/a.md:1", "ống dẫn (FIFO)"),
    Case("a news post in a subfolder would be left out", {"content/tin-tuc/2025/a.md": "---\ntitle: A\n"
                                                          "date: 2025-01-02\n---\n"},
         "content/tin-tuc/2025/a.md:1", "content/tin-tuc/a.md"),
    Case("a bidi isolate in a news title", {"content/tin-tuc/a.md": "---\ntitle: \"A \\u2067B\"\ndate: 2025-01-02\n"
                                                                     "---\nTin.\n"},
         "content/tin-tuc/a.md:2", "ký tự đổi chiều chữ U+2067"),
    Case("a C1 character in a news post", {"content/tin-tuc/a.md": b"---\ntitle: A\ndate: 2025-01-02\n---\nx\xc2\x85\n"},
         "content/tin-tuc/a.md:5", "ký tự điều khiển U+0085"),
    Case("a news post linked out of the project", {"content/tin-tuc/a.md": Link("../../../ngoai/bi-mat.md")},
         "content/tin-tuc/a.md:1", "ra ngoài thư mục dự án"),
    # Records.
    Case("a FIFO record", {"models/a.yml": FIFO()}, "models/a.yml:1", "ống dẫn (FIFO)"),
    Case("a record linked out of the project", {"models/a.yml": Link("../../ngoai/bi-mat.yml")}, "models/a.yml:1",
         "ra ngoài thư mục dự án"),
    Case("a record over the size limit", {RECORD: COLLECTIVE + "#" * 1_000_000 + "\n"}, f"{RECORD}:1",
         "tệp quá lớn"),
    *[Case(f"year: {written} is 2020 to YAML 1.1", {RECORD: record("year: 2022", f"year: {written}")}, f"{RECORD}:7",
           f"không phải '{written}'") for written in ("0x7E4", "2_020", "03744", "33:40")],
    Case("year: !!int 0x7E4", {RECORD: record("year: 2022", "year: !!int 0x7E4")}, f"{RECORD}:7",
         "chỉ bằng các chữ số 0–9"),
    Case("a bidi override in a name", {RECORD: record("name: Hợp tác xã Tân Hòa", 'name: "Hợp tác xã \\u202eTân"')},
         f"{RECORD}:2", "'name' chứa ký tự đổi chiều chữ U+202E ở ký tự thứ 12"),
    Case("a zero-width joiner in a name", {RECORD: record("name: Hợp tác xã Tân Hòa", "name: Hợp tác\u200dxã")},
         f"{RECORD}:2", "ký tự vô hình U+200D"),
    Case("a byte order mark inside a summary", {RECORD: record("summary: Hợp tác xã", "summary: Hợp\ufefftác xã")},
         f"{RECORD}:3", "ký tự vô hình U+FEFF"),
    Case("a C1 next-line character in a name", {RECORD: record("name: Hợp tác xã Tân Hòa", 'name: "Hợp tác\\Nxã"')},
         f"{RECORD}:2", "ký tự điều khiển U+0085"),
    Case("a raw C1 character in a record", {RECORD: record("story: Câu chuyện.", "story: Câu \x80chuyện.").encode()},
         f"{RECORD}:4", "ký tự điều khiển U+0080"),
    Case("an invisible character in a key is shown, not hidden", {RECORD: COLLECTIVE + "na\u200bme: A\n"},
         f"{RECORD}:9", "'na\\u200bme'"),
    Case("the same record twice in related", {RECORD: COLLECTIVE + "related: [htx-b, htx-b]\n",
                                              "models/htx-b.yml": COLLECTIVE},
         f"{RECORD}:9", "nêu bản ghi 'htx-b' hai lần"),
    Case("a YAML problem libyaml words in English", {RECORD: COLLECTIVE + "tags: |0\n  x\n"}, f"{RECORD}:9",
         "sau dấu | hoặc > không được ghi số 0"),
    # site_config.yml.
    Case("page_size: 0 is not 'not an integer'", {"site_config.yml": config("page_size: 24", "page_size: 0")},
         f"site_config.yml:{config_line('page_size: 24')}", "'page_size' là 0, nằm ngoài khoảng cho phép: từ 1 đến"),
    Case("a FIFO site_config.yml", {"site_config.yml": FIFO()}, "site_config.yml:1", "ống dẫn (FIFO)"),
    Case("site_config.yml linked out of the project", {"site_config.yml": Link("../ngoai/bi-mat.yml")},
         "site_config.yml:1", "ra ngoài thư mục dự án"),
    Case("a bidi override in the site's name", {"site_config.yml": config("  name: Gương sáng",
                                                                          '  name: "Gương \\u202esáng"')},
         "site_config.yml:3", "ký tự đổi chiều chữ U+202E"),
]


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder` and what it holds, without opening anything but regular files; the project's
    build cache (du-an/.cache/, which reading records fills by design) left out."""
    found: dict[str, object] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            rel = path.relative_to(folder).as_posix()
            if rel == "du-an/.cache" or rel.startswith("du-an/.cache/"):
                continue
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = "folder"
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "special"
    return found


def make_project(base: Path, case: Case) -> Path:
    root = base / "du-an"
    (root / "models").mkdir(parents=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / RECORD).write_text(COLLECTIVE, encoding="utf-8")
    for rel, value in OUTSIDE.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text(value, encoding="utf-8")
    for rel, value in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        if isinstance(value, FIFO):
            os.mkfifo(path)
        elif isinstance(value, Link):
            os.symlink(value.target, path)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        elif value is not None:
            path.write_text(value, encoding="utf-8")
    return root


PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+: \S")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path):
    root = make_project(tmp_path, case)
    before, top_before = snapshot(tmp_path), set(os.listdir("/"))
    for command in case.commands:
        done = subprocess.run([sys.executable, "-m", "generator", *command], cwd=root, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "GUONGSANG_DEBUG": ""})
        output = done.stdout + done.stderr
        assert "Traceback" not in output and "lỗi trong chương trình" not in output, output
        assert done.returncode == case.code, output
        if case.where:
            lines = [line for line in done.stderr.splitlines() if line.startswith(case.where + ": ")]
            assert lines and case.says in lines[0], (command, done.stderr)
            problems = done.stderr.splitlines()[:-1]  # the last line counts them
            assert problems and all(PROBLEM_LINE.match(line) for line in problems), done.stderr
        after = snapshot(tmp_path)
        if done.returncode != 0:
            assert after == before, f"{command}: wrote or changed {set(after.items()) ^ set(before.items())}"
        else:
            assert {k: v for k, v in after.items() if not k.startswith("du-an/site/")} == before
        assert set(os.listdir("/")) <= top_before, "a file was written at the root of the machine"
