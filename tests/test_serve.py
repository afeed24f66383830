"""`guongsang serve`: answers on loopback, rebuilds on save, survives a broken record and recovers."""
from __future__ import annotations

import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.cache import CACHE_FOLDER
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


def test_a_save_is_rebuilt_from_the_cache_and_the_terminal_says_how_long_it_took(served, caplog):
    project, port = served
    version = get(port, "/__guongsang__/version")[1]
    caplog.set_level(logging.INFO, logger="generator.serve")
    write_record(project, "thay-an", name="Thầy An", summary="Một thầy giáo tận tụy, nay đã sửa.")
    wait_for_version(port, version)
    status, page = get(port, "/ca-nhan/thay-an/")
    assert status == 200 and "nay đã sửa" in page
    said = [r.getMessage() for r in caplog.records if "từ lúc lưu tệp" in r.getMessage()]
    assert said and re.search(r"\d+\.\d giây từ lúc lưu tệp", said[-1]) and "tự tải lại" in said[-1]
    assert any(p.is_file() for p in (project / CACHE_FOLDER / "files").rglob("*"))


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


def raw_get(port: int, host: str | None, path: str = "/") -> tuple[int, str]:
    """A request as any program may send it, with the Host header it chooses (or none, in HTTP/1.0)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" if host is not None else f"GET {path} HTTP/1.0\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall((request + "Connection: close\r\n\r\n").encode("ascii"))
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost", "[::1]:{port}", "127.0.0.1"])
def test_preview_answers_loopback_host_names(served, host: str):
    _, port = served
    status, page = raw_get(port, host.format(port=port), "/ca-nhan/ban-nhap/")
    assert status == 200 and "Bản Nháp Đang Viết" in page


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example",
                                  "127.0.0.1:{port}@evil.example", "0.0.0.0:{port}", "", None])
def test_preview_refuses_other_host_names_so_no_other_site_can_read_drafts(served, host: str | None):
    _, port = served
    status, text = raw_get(port, host.format(port=port) if host else host, "/ca-nhan/ban-nhap/")
    assert status == 403
    assert "Bản Nháp" not in text and f"chỉ mở được trên chính máy này, tại http://127.0.0.1:{port}/" in text
    status, version = raw_get(port, host.format(port=port) if host else host, "/__guongsang__/version")
    assert status == 403 and not version.isdigit()


def test_serve_refuses_an_output_folder_it_may_not_replace(project: Path):
    import subprocess
    import sys

    (project / "models" / "index.html").write_text("<p>x</p>\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "serve", "--out", "models", "--port", "0"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "không dựng trang vào đó" in done.stderr
    assert sorted(p.name for p in (project / "models").iterdir()) == ["index.html"]


def test_serve_builds_its_preview_inside_the_project_and_writes_nothing_outside(project: Path, tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys

    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    write_record(project, "ban-nhap", name="Bản Nháp Đang Viết", draft=True)
    env = dict(os.environ, TMPDIR=str(system_tmp))
    before = system_tmp.stat().st_mtime_ns
    served = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = ""
        while "Xem thử tại" not in ready:
            ready = served.stdout.readline()
            assert ready, served.stderr.read()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", ready).group(1))
        status, page = get(port, "/ca-nhan/ban-nhap/")
        assert status == 200 and "Bản Nháp Đang Viết" in page
    finally:
        served.send_signal(signal.SIGTERM)
        served.wait(timeout=60)
    preview = project / CACHE_FOLDER / "xem-thu"
    assert (preview / "ca-nhan" / "ban-nhap" / "index.html").is_file()  # kept for the next preview to start from
    assert system_tmp.stat().st_mtime_ns == before  # nothing made there, not even for a while
