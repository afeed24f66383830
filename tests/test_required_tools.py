"""A program the tests need and the machine lacks fails the run, naming what to install: it is never a quiet skip.

Each case runs pytest on one test of this suite, with PATH cut down to the virtual environment, so that the
programs looked up on PATH (wget, rsync, kiwix-serve, pdftotext, zbarimg) are all missing.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, TOOLS

WGET_TEST = "tests/test_mirror_site.py::test_the_wget_and_rsync_commands_on_the_mirror_page_make_a_verified_copy"
PLAIN_TEST = "tests/test_ci_files.py::test_gitlab_ci_checks_everything_and_publishes_main_only"


def pytest_run(test: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "GS_ALLOW_SKIP", "PYTEST_ADDOPTS")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=base | {"PATH": str(Path(sys.executable).parent)} | env)


def test_a_missing_program_fails_the_run_saying_what_to_install():
    done = pytest_run(WGET_TEST)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "Thiếu chương trình mà kiểm thử cần: rsync, wget. Cài bằng: sudo apt-get install rsync wget" in done.stdout
    assert "Missing programs the tests need: rsync, wget" in done.stdout and "passed" not in done.stdout


def test_a_developer_may_choose_skips_outside_ci_and_is_told_why():
    done = pytest_run(WGET_TEST, GS_ALLOW_SKIP="1")
    assert done.returncode == 0 and "1 skipped" in done.stdout, done.stdout + done.stderr
    assert "thiếu / missing rsync, wget (GS_ALLOW_SKIP=1)" in done.stdout


def test_tests_that_need_no_program_run_on_any_machine():
    done = pytest_run(PLAIN_TEST)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr


def test_under_ci_every_program_must_be_there_and_skips_are_refused():
    done = pytest_run(PLAIN_TEST, CI="true", GS_ALLOW_SKIP="1")
    assert done.returncode == 4, done.stdout + done.stderr
    on_path = sorted(name for name, tool in TOOLS.items() if tool.path is None)
    assert f"Thiếu chương trình mà kiểm thử cần: {', '.join(on_path)}." in done.stdout
    assert "kiwix-tools poppler-utils rsync wget zbar-tools" in done.stdout


def test_programs_are_declared_with_requires_not_looked_up_by_each_test():
    """A test that looked a program up itself could skip quietly again: only conftest.py does it."""
    for file in sorted((REPO / "tests").glob("*.py")):
        if file.name in ("conftest.py", Path(__file__).name):
            continue
        text = file.read_text(encoding="utf-8")
        for quiet in ("skipif(", "importorskip(", "shutil.which(", "/usr/bin/chromium"):
            assert quiet not in text, f"{file.name}: {quiet} (use conftest.requires)"


def test_ci_installs_every_program_the_tests_may_need():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = next(line for line in script.splitlines() if "apt-get install" in line).split()
    for name, tool in TOOLS.items():
        assert tool.package in install, tool.package
        assert f"command -v {name} " in script, name  # and checked for first, so a ready machine skips apt-get
    assert 'export CI="${CI:-true}"' in script
