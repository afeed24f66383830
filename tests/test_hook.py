"""`guongsang hook install`: commits of broken records are stopped; good ones go through."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.hooks import install_pre_commit
from generator.problems import InputError
from generator.records import Kind
from generator.scaffold import new_record

GIT_ENV = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn", "GIT_COMMITTER_NAME": "Biên tập",
           "GIT_COMMITTER_EMAIL": "bt@example.vn", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=os.environ | GIT_ENV)


def test_hook_checks_the_staged_snapshot(project: Path):
    git(project, "init", "-q", "-b", "main")
    hook = install_pre_commit(project)
    assert os.access(hook, os.X_OK) and sys.executable in hook.read_text(encoding="utf-8")
    path = new_record(project, Kind.PRACTICE, "3 nên, 3 không", province="Huế")
    git(project, "add", "-A")
    assert git(project, "commit", "-q", "-m", "bản nháp").returncode == 0  # a draft with blanks is fine

    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    git(project, "add", "-A")
    refused = git(project, "commit", "-q", "-m", "đăng khi chưa điền")
    assert refused.returncode != 0
    assert "models/3-nen-3-khong.yml:" in refused.stderr and "Chưa commit" in refused.stderr

    # The working tree is fixed but the fix is not staged: the hook judges what would be committed.
    path.write_text(path.read_text(encoding="utf-8").replace("draft: false", "draft: true") + "# còn điền tiếp\n",
                    encoding="utf-8")
    assert git(project, "commit", "-q", "-m", "vẫn là bản chưa sửa").returncode != 0
    git(project, "add", "-A")
    assert git(project, "commit", "-q", "-m", "giữ bản nháp").returncode == 0


def test_hook_install_leaves_someone_elses_hook_alone(project: Path):
    git(project, "init", "-q")
    other = project / ".git" / "hooks" / "pre-commit"
    other.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    with pytest.raises(InputError):
        install_pre_commit(project)
    assert other.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    other.unlink()
    install_pre_commit(project)
    assert install_pre_commit(project) == other  # our own hook is updated in place


def test_hook_install_outside_git_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError):
        install_pre_commit(tmp_path)
