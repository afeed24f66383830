"""Shared fixtures: paths of the repository and a helper to write a small project."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
import yaml

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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/" + (f"{sub_path}/" if sub_path else "")
    finally:
        server.shutdown()
        server.server_close()
        if sub_path:
            shutil.rmtree(root)


@pytest.fixture(scope="session")
def every_page_type_site(tmp_path_factory) -> Path:
    """The example project with a page of every type (tests/page_types.py), built once."""
    from generator.build import build_site
    from page_types import write_project

    out = tmp_path_factory.mktemp("every-page-type") / "site"
    build_site(write_project(tmp_path_factory.mktemp("every-page-type-project") / "project"), out)
    return out
