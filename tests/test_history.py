"""Dates from git: one `git log` for the whole project, renames followed, a fixed rule without history."""
from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path

import pytest

from generator import history
from generator.history import Dates, file_history, page_dates

GIT_ENV = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn", "GIT_COMMITTER_NAME": "Biên tập",
           "GIT_COMMITTER_EMAIL": "bt@example.vn", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def commit(root: Path, when: str, message: str) -> None:
    """Commit everything with fixed dates (`when` in Vietnam time, like a press officer's clock)."""
    env = os.environ | GIT_ENV | {"GIT_AUTHOR_DATE": f"{when} +0700", "GIT_COMMITTER_DATE": f"{when} +0700"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", message], check=True, env=env)


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True, env=os.environ | GIT_ENV)
    write(tmp_path, "models/a.yml", "name: A\n")
    write(tmp_path, "models/b.yml", "name: B\n")
    write(tmp_path, "README.md", "không tính\n")
    commit(tmp_path, "2024-01-10 08:00:00", "a, b")
    write(tmp_path, "models/a.yml", "name: A sửa\n")
    commit(tmp_path, "2024-03-05 23:30:00", "sửa a")  # 16:30 UTC: still 5 March in Vietnam
    (tmp_path / "models" / "ha-noi").mkdir()
    subprocess.run(["git", "-C", str(tmp_path), "mv", "models/b.yml", "models/ha-noi/b.yml"], check=True)
    write(tmp_path, "content/tin-tuc/tin.md", "---\ntitle: Tin\n---\n")
    commit(tmp_path, "2024-06-01 00:30:00", "chuyển b vào thư mục, thêm tin")  # 31 May in UTC
    write(tmp_path, "models/b.yml", "name: B khác\n")  # a new file at b's old path
    commit(tmp_path, "2024-07-02 10:00:00", "b mới")
    return tmp_path


def test_first_and_last_commit_of_each_file(repo: Path):
    dates = file_history(repo)
    assert dates["models/a.yml"] == Dates(dt.date(2024, 1, 10), dt.date(2024, 3, 5))
    assert dates["models/ha-noi/b.yml"] == Dates(dt.date(2024, 1, 10), dt.date(2024, 6, 1))  # moved, not new
    assert dates["models/b.yml"] == Dates(dt.date(2024, 7, 2), dt.date(2024, 7, 2))  # same path, other file
    assert dates["content/tin-tuc/tin.md"] == Dates(dt.date(2024, 6, 1), dt.date(2024, 6, 1))
    assert "README.md" not in dates


def test_one_git_log_for_every_file(repo: Path, monkeypatch):
    for i in range(200):
        write(repo, f"models/x/r{i}.yml", f"name: {i}\n")
    commit(repo, "2024-08-01 09:00:00", "nhiều bản ghi")
    calls = []
    real = history.git
    monkeypatch.setattr(history, "git", lambda root, *args, **kw: calls.append(args) or real(root, *args, **kw))
    dates = page_dates(repo, {f"models/x/r{i}.yml": (None, 2024) for i in range(200)}, dt.date(2024, 8, 1))
    assert len({d.published for d in dates.values()}) == 1
    assert [a[0] for a in calls if "log" in a] == ["-c"] and len(calls) == 2  # rev-parse + one log


def test_published_key_uncommitted_files_and_the_build_date(repo: Path):
    write(repo, "models/moi.yml", "name: Mới\n")
    today = dt.date(2024, 9, 2)
    dates = page_dates(repo, {"models/a.yml": (dt.date(2023, 12, 1), 2023), "models/moi.yml": (None, 2024),
                              "models/ha-noi/b.yml": (dt.date(2024, 8, 1), 2024)}, today)
    assert dates["models/a.yml"] == Dates(dt.date(2023, 12, 1), dt.date(2024, 3, 5))
    assert dates["models/moi.yml"] == Dates(today, today)  # not committed yet: a preview
    assert dates["models/ha-noi/b.yml"] == Dates(dt.date(2024, 8, 1), dt.date(2024, 8, 1))


def test_shallow_clone_and_no_git_use_the_rule_and_say_so_once(repo: Path, tmp_path_factory, caplog):
    shallow = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   env=os.environ | GIT_ENV)
    outside = tmp_path_factory.mktemp("outside")
    files = {"models/a.yml": (None, 2021), "models/ha-noi/b.yml": (dt.date(2022, 5, 19), 2020)}
    for root in (shallow, outside):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            dates = page_dates(root, files, dt.date(2024, 9, 2))
        assert dates == {"models/a.yml": Dates(dt.date(2021, 1, 1), dt.date(2021, 1, 1)),
                         "models/ha-noi/b.yml": Dates(dt.date(2022, 5, 19), dt.date(2022, 5, 19))}
        assert len(caplog.records) == 1 and "lịch sử git" in caplog.records[0].getMessage()
