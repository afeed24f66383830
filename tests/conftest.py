"""Shared fixtures: paths of the repository, a helper to write a small project, and the programs tests drive."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from siteserver import running

REPO = Path(__file__).resolve().parent.parent
# A small valid record (8 lines): tests add keys after it or change one line.
COLLECTIVE = """\
kind: collective
name: Hợp tác xã Tân Hòa
summary: Hợp tác xã giúp nông dân bán nông sản qua sàn thương mại điện tử.
story: Câu chuyện.
place: {province: Tuyên Quang}
fields: [kinh-te]
year: 2022
sources: [{title: Bài báo}]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: the repository's site_config.yml (with no featured records) and an empty models/."""
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"^featured:\n(?:  - .*\n)*", "featured: []\n", config, flags=re.M)
    (tmp_path / "site_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "models").mkdir()
    return tmp_path


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site, built once for every test that reads it (and must not change it)."""
    from generator.build import build_site

    out = tmp_path_factory.mktemp("example") / "site"
    build_site(REPO, out)
    return out


def write_record(root: Path, record_id: str, **values) -> None:
    """A valid individual's record, with `values` changed (a value of None removes the key)."""
    record = {
        "kind": "individual", "name": "Nguyễn Văn An", "role": "Giáo viên", "summary": "Một thầy giáo tận tụy.",
        "story": "Thầy dạy học ở vùng cao.", "place": {"province": "Bạc Liêu"}, "fields": ["giao-duc"],
        "year": 2020, "sources": [{"title": "Báo Giáo dục"}],
    } | values
    record = {k: v for k, v in record.items() if v is not None}
    (root / "models" / f"{record_id}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, sub_path: str = ""):
    """Serve `folder` over HTTP on loopback, at `/<sub_path>/` when given; yield the copy's base URL."""
    root = folder
    if sub_path:
        root = Path(tempfile.mkdtemp(prefix="www-"))
        (root / sub_path).symlink_to(folder.absolute(), target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    try:
        with running(server) as url:
            yield url + (f"{sub_path}/" if sub_path else "")
    finally:
        if sub_path:
            shutil.rmtree(root)


# --- programs the tests drive -----------------------------------------------------------------------
# A test that runs a program says so with `requires(...)`. A program missing fails the whole run before any
# test starts, naming what to install: skipped browser tests would look green. Only a developer, outside
# CI, may trade that for skips with GS_ALLOW_SKIP=1. Under CI=true every program below must be there,
# whether or not the selected tests use it, since .ci/run installs them all.

@dataclass(frozen=True)
class Tool:
    package: str  # the Debian package that provides it
    path: str | None = None  # where it must be; otherwise looked up on PATH


TOOLS = {
    "chromium": Tool("chromium", "/usr/bin/chromium"),  # Playwright drives Debian's build, at this path
    "kiwix-serve": Tool("kiwix-tools"),
    "pdftotext": Tool("poppler-utils"),
    "zbarimg": Tool("zbar-tools"),
    "wget": Tool("wget"),
    "rsync": Tool("rsync"),
}
CHROMIUM = TOOLS["chromium"].path
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def requires(*names: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as `pytestmark`) as running these programs of TOOLS."""
    unknown = set(names) - TOOLS.keys()
    assert not unknown, f"not in TOOLS: {sorted(unknown)}"
    return pytest.mark.requires(*names)


def tool_missing(name: str) -> bool:
    tool = TOOLS[name]
    return not os.access(tool.path, os.X_OK) if tool.path else shutil.which(name) is None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires(*programs): the test runs these programs (tests/conftest.py TOOLS)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.option.collectonly:
        return
    needs = {item: {name for mark in item.iter_markers("requires") for name in mark.args} for item in items}
    wanted = set().union(*needs.values()) | (set(TOOLS) if in_ci() else set())
    missing = sorted(name for name in wanted if tool_missing(name))
    if not missing:
        return
    if os.environ.get("GS_ALLOW_SKIP") == "1" and not in_ci():
        for item, names in needs.items():
            if lacking := sorted(names & set(missing)):
                item.add_marker(pytest.mark.skip(reason=f"thiếu / missing {', '.join(lacking)} (GS_ALLOW_SKIP=1)"))
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(missing_tools_message(missing), red=True, bold=True)
    pytest.exit(f"thiếu / missing {', '.join(missing)}", returncode=pytest.ExitCode.USAGE_ERROR)


def missing_tools_message(missing: list[str]) -> str:
    packages = " ".join(sorted({TOOLS[name].package for name in missing}))
    names = ", ".join(missing)
    return (f"Thiếu chương trình mà kiểm thử cần: {names}. Cài bằng: sudo apt-get install {packages} "
            f"(hoặc chạy .ci/run như CI). Chỉ khi thử nhanh trên máy mình mới được bỏ qua các kiểm thử đó, "
            f"bằng GS_ALLOW_SKIP=1; khi CI=true thì không bao giờ.\n"
            f"Missing programs the tests need: {names}. Install them with: sudo apt-get install {packages} "
            f"(or run .ci/run, as CI does). Only for a quick local run may GS_ALLOW_SKIP=1 skip those tests; "
            f"never under CI=true.")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright, for a test module (its tests say `requires("chromium")`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def every_page_type_site(tmp_path_factory) -> Path:
    """The example project with a page of every type (tests/page_types.py), built once."""
    from generator.build import build_site
    from page_types import write_project

    out = tmp_path_factory.mktemp("every-page-type") / "site"
    build_site(write_project(tmp_path_factory.mktemp("every-page-type-project") / "project"), out)
    return out
