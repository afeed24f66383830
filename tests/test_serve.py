"""`guongsang serve`: answers on loopback, rebuilds on save, survives a broken record and recovers."""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.serve import Preview, make_server

from conftest import write_record


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for_version(port: int, after: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        version = get(port, "/__guongsang__/version")[1]
        if version != after:
            return version
        time.sleep(0.2)
    raise AssertionError("the preview was not rebuilt")


@pytest.fixture
def served(project: Path, tmp_path: Path):
    write_record(project, "thay-an", name="Thầy An")
    write_record(project, "ban-nhap", name="Bản Nháp Đang Viết", draft=True)
    preview = Preview(project, tmp_path / "xem-thu")
    assert preview.rebuild()
    server = make_server(preview.out, 0, preview)
    assert server.server_address[0] == "127.0.0.1"
    observer = preview.watch()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, server.server_address[1]
    server.shutdown()
    server.server_close()
    observer.stop()
    preview.stop()


def test_preview_serves_drafts_rebuilds_and_survives_a_broken_record(served):
    project, port = served
    status, home = get(port, "/")
    assert status == 200 and "/__guongsang__/version" in home and "gs-preview-problems" not in home
    status, draft = get(port, "/ca-nhan/ban-nhap/")
    assert status == 200 and "BẢN NHÁP" in draft
    version = get(port, "/__guongsang__/version")[1]

    (project / "models" / "thay-an.yml").write_text("kind: individual\nname: Thầy An\nyear: 1990\n", encoding="utf-8")
    version = wait_for_version(port, version)
    status, page = get(port, "/ca-nhan/thay-an/")
    assert status == 200 and "Thầy An" in page  # the last good build is still served…
    assert "gs-preview-problems" in page and "models/thay-an.yml:3: năm 1990" in page  # …with the problems

    write_record(project, "thay-an", name="Thầy An Đã Sửa")
    wait_for_version(port, version)
    status, page = get(port, "/ca-nhan/thay-an/")
    assert "Thầy An Đã Sửa" in page and "gs-preview-problems" not in page


def test_preview_with_no_good_build_yet_shows_the_problems(project: Path, tmp_path: Path):
    (project / "models" / "hong.yml").write_text("kind: individual\n", encoding="utf-8")
    preview = Preview(project, tmp_path / "xem-thu")
    assert not preview.rebuild()
    server = make_server(preview.out, 0, preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, page = get(server.server_address[1], "/")
        assert status == 503 and "models/hong.yml:1: thiếu khóa bắt buộc" in page
    finally:
        server.shutdown()
        server.server_close()
