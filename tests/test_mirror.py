"""The manifest (SHA256SUMS, manifest.json) and `guongsang mirror verify`, on a small hand-made site."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import messages as msg
from generator import mirror
from generator.mirror import Difference

from conftest import serve_folder
from siteserver import running


def make_site(folder: Path) -> Path:
    files = {
        "index.html": "<h1>Gương sáng</h1>",
        "ca-nhan/nguyen-hung-dao/index.html": "<h1>Nguyễn Hưng Đạo</h1>",
        "assets/site.css": "body{}",
        "images/ảnh chụp.png": "not really a png",
    }
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    records = [SimpleNamespace(kind="individual"), SimpleNamespace(kind="practice"),
               SimpleNamespace(kind="individual")]
    mirror.write_manifest(folder, commit="0" * 40, build_date=dt.date(2026, 3, 5), records=records,
                          site_url="https://guongsang.example.vn/")
    return folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site").mkdir()
    return make_site(tmp_path / "site")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120)


def test_manifest_describes_the_build_and_sha256sum_accepts_it(site: Path):
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["records"] == {"individual": 2, "practice": 1}
    assert manifest["record_count"] == 3 and manifest["file_count"] == 4
    assert manifest["build_date"] == "2026-03-05" and manifest["commit"] == "0" * 40
    listed = [line.split("  ", 1)[1] for line in (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines()]
    assert listed == sorted(listed, key=str.encode) and "manifest.json" in listed and "SHA256SUMS" not in listed
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=site, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_is_a_function_of_the_files(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    make_site(first), make_site(second)
    for name in ("SHA256SUMS", "manifest.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_clean_copy_verifies(site: Path):
    result = mirror.verify(site)
    assert result.identical and result.checked == 5
    done = run_cli("mirror", "verify", str(site))
    assert done.returncode == 0 and "khớp hoàn toàn" in done.stdout


def test_changed_deleted_and_added_files_are_each_reported(site: Path):
    (site / "assets/site.css").write_text("body{color:red}")
    (site / "ca-nhan/nguyen-hung-dao/index.html").unlink()
    (site / "ca-nhan/la.html").write_text("?")
    assert mirror.verify(site).findings == (
        mirror.Finding("assets/site.css", Difference.CHANGED),
        mirror.Finding("ca-nhan/la.html", Difference.UNEXPECTED),
        mirror.Finding("ca-nhan/nguyen-hung-dao/index.html", Difference.MISSING),
    )
    done = run_cli("mirror", "verify", str(site))
    assert done.returncode == 1
    assert "tệp bị thay đổi: assets/site.css" in done.stdout
    assert "thiếu tệp: ca-nhan/nguyen-hung-dao/index.html" in done.stdout
    assert "tệp lạ (không có trong bảng kiểm): ca-nhan/la.html" in done.stdout


def test_bad_usage_and_missing_manifest(tmp_path: Path):
    assert run_cli("mirror", "verify", str(tmp_path / "khong-co")).returncode == 2
    assert run_cli("mirror", "verify").returncode == 2
    done = run_cli("mirror", "verify", str(tmp_path))
    assert done.returncode == 1 and "SHA256SUMS" in done.stderr


def test_a_manifest_that_points_outside_the_copy_is_refused(site: Path):
    (site / "SHA256SUMS").write_text("0" * 64 + "  ../../etc/passwd\n")
    with pytest.raises(mirror.ManifestError, match="ra ngoài"):
        mirror.verify(site)


def test_names_sha256sum_escapes_round_trip():
    sums = {"a\\b.txt": "1" * 64, "dòng\nmới": "2" * 64, "plain name.html": "3" * 64}
    assert mirror.parse_sums(mirror.format_sums(sums)) == sums


@pytest.fixture
def served(site: Path):
    """The site served over HTTP on loopback under the sub-path /guong-sang/."""
    with serve_folder(site, "guong-sang") as url:
        yield site, url


def test_verify_over_http(served):
    folder, url = served
    assert mirror.verify(url).identical
    (folder / "index.html").write_text("đã sửa", encoding="utf-8")
    (folder / "assets/site.css").unlink()
    result = mirror.verify(url)
    assert [(f.path, f.difference) for f in result.findings] == [
        ("assets/site.css", Difference.MISSING), ("index.html", Difference.CHANGED)]
    done = run_cli("mirror", "verify", url)
    assert done.returncode == 1 and "thiếu tệp: assets/site.css" in done.stdout and "HTTP" in done.stdout


def test_verify_over_http_against_the_primary_manifest(served, tmp_path: Path):
    folder, url = served
    reference = tmp_path / "SHA256SUMS.primary"
    shutil.copy(folder / "SHA256SUMS", reference)
    # The mirror adds a file and lists it in its own SHA256SUMS: only a reference manifest can tell.
    (folder / "quang-cao.js").write_text("alert(1)")
    with (folder / "SHA256SUMS").open("a") as sums:
        sums.write(f"{mirror.file_sha256(folder / 'quang-cao.js')}  quang-cao.js\n")
    assert mirror.verify(url).identical
    result = mirror.verify(url, reference)
    assert [(f.path, f.difference) for f in result.findings] == [
        ("SHA256SUMS", Difference.CHANGED), ("quang-cao.js", Difference.UNEXPECTED)]


# --- hostile copies: nothing hangs, nothing outside the copy is read, nothing grows without bound ---------

def within(seconds: float, action):
    """`action()`, failing the test when it takes longer than `seconds`: a hang fails, it does not stall the suite."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = action()
        except BaseException as err:  # re-raised in the test's thread
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def add_to_sums(site: Path, listed: dict[str, str]) -> None:
    sums = mirror.parse_sums((site / "SHA256SUMS").read_text(encoding="utf-8")) | listed
    (site / "SHA256SUMS").write_text(mirror.format_sums(sums), encoding="utf-8")


def test_fifos_are_refused_at_once_never_opened(site: Path, tmp_path: Path):
    os.mkfifo(tmp_path / "SHA256SUMS.fifo")
    done = run_cli("mirror", "verify", str(site), "--manifest", str(tmp_path / "SHA256SUMS.fifo"))
    assert done.returncode == 1 and "không phải tệp thường" in done.stderr, done.stderr
    (site / "assets/site.css").unlink()
    os.mkfifo(site / "assets/site.css")
    assert within(10, lambda: mirror.verify(site)).findings == (
        mirror.Finding("assets/site.css", Difference.UNSAFE, msg.MIRROR_NOT_REGULAR),)
    (site / "SHA256SUMS").unlink()
    os.mkfifo(site / "SHA256SUMS")
    done = run_cli("mirror", "verify", str(site))  # a hang fails by run_cli's timeout
    assert done.returncode == 1 and "SHA256SUMS" in done.stderr and "không phải tệp thường" in done.stderr


def test_links_in_a_copy_are_reported_never_read(site: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/a.html").write_text("ngoài", encoding="utf-8")
    (site / "mat-khau.txt").symlink_to(secret)
    (site / "ban-sao.html").symlink_to("index.html")  # even a link that stays inside the copy
    (site / "ngoai").symlink_to(tmp_path / "outside", target_is_directory=True)
    # Listed with the right digests: only refusing to follow the links tells them apart from files.
    add_to_sums(site, {"mat-khau.txt": mirror.file_sha256(secret), "ban-sao.html": mirror.file_sha256(site / "index.html"),
                       "ngoai/a.html": mirror.file_sha256(tmp_path / "outside/a.html")})
    result = mirror.verify(site)
    assert [(f.path, f.difference) for f in result.findings] == [
        ("ban-sao.html", Difference.UNSAFE), ("mat-khau.txt", Difference.UNSAFE), ("ngoai/a.html", Difference.UNSAFE)]
    done = run_cli("mirror", "verify", str(site))
    assert done.returncode == 1 and "tệp không an toàn, không đọc: mat-khau.txt (là liên kết symlink" in done.stdout
    assert "3 tệp không an toàn" in done.stdout and "khớp hoàn toàn" not in done.stdout


def test_a_copy_reached_through_a_link_is_still_checked(site: Path, tmp_path: Path):
    (tmp_path / "ban-sao").symlink_to(site, target_is_directory=True)
    assert mirror.verify(tmp_path / "ban-sao").identical


def test_a_manifest_that_is_a_link_is_refused(site: Path, tmp_path: Path):
    shutil.move(site / "SHA256SUMS", tmp_path / "SHA256SUMS")
    (site / "SHA256SUMS").symlink_to(tmp_path / "SHA256SUMS")
    with pytest.raises(mirror.ManifestError, match="liên kết"):
        mirror.verify(site)


@pytest.mark.parametrize("address", ["http://[::1", "http://", "https://may-chu:99999/", "http://may chu/"])
def test_a_malformed_address_is_bad_usage_in_words(site: Path, address: str):
    for args in ([address], [str(site), "--manifest", address]):
        done = run_cli("mirror", "verify", *args)
        assert done.returncode == 2 and "không phải địa chỉ web hợp lệ" in done.stderr, done.stderr
        assert "lỗi trong chương trình" not in done.stderr
    with pytest.raises(mirror.ManifestError, match="không phải địa chỉ web hợp lệ"):
        mirror.verify(address)


def test_a_bad_timeout_is_bad_usage(site: Path):
    for value in ("0", "-3", "nan", "inf", "mười"):
        done = run_cli("mirror", "verify", str(site), "--timeout", value)
        assert done.returncode == 2 and "không phải số giây lớn hơn 0" in done.stderr, done.stderr


def test_a_huge_manifest_is_refused_by_its_size_without_reading_it(site: Path):
    with (site / "SHA256SUMS").open("r+b") as sums:  # sparse: 300 MB that take no room on disk
        sums.truncate(300_000_000)
    # VmHWM is the peak of this process's own memory; ru_maxrss would count what it inherited at fork.
    script = ("import re, sys\nfrom pathlib import Path\nfrom generator import mirror\n"
              "try:\n    mirror.verify(sys.argv[1])\nexcept mirror.ManifestError as err:\n    print(err)\n"
              "print(re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1))")
    done = subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, text=True, timeout=60)
    message, peak_kib = done.stdout.splitlines()
    assert "lớn hơn 64.000.000 byte" in message, done.stdout + done.stderr
    assert int(peak_kib) < 100_000  # KiB: reading it would take 300 MB


def test_a_manifest_line_never_grows_without_bound(site: Path):
    (site / "SHA256SUMS").write_text("0" * 64 + "  " + "a" * 100_000, encoding="utf-8")
    with pytest.raises(mirror.ManifestError, match="dòng 1"):
        mirror.verify(site)


def test_a_file_bigger_than_the_whole_site_is_not_read(site: Path):
    with (site / "assets/site.css").open("r+b") as css:
        css.truncate(5_000_000)
    assert mirror.verify(site).findings == (
        mirror.Finding("assets/site.css", Difference.UNREADABLE, "lớn hơn 1.000.000 byte"),)


class _Hostile(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, except the paths of `modes`: their status, headers or body trickle one byte a second,
    or their body never ends (valid SHA256SUMS lines, 200 MB at most)."""
    modes: dict[str, str] = {}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        mode = self.modes.get(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/"))
        try:
            if mode == "trickle-status":
                self.trickle(b"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n0123456789")
            elif mode == "trickle-body":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.trickle(b"x" * 1000)
            elif mode == "endless":
                self.send_response(200)
                self.end_headers()  # no Content-Length: the body ends when the server closes
                lines = "".join(f"{'0' * 64}  trang-{n}.html\n" for n in range(1000)).encode()
                for _ in range(200_000_000 // len(lines)):
                    self.wfile.write(lines)
            else:
                super().do_GET()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def trickle(self, data: bytes) -> None:
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1)


@contextlib.contextmanager
def hostile_server(folder: Path, modes: dict[str, str]):
    handler = type("Handler", (_Hostile,), {"modes": modes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    with running(server) as url:
        yield url


@pytest.mark.parametrize("mode", ["trickle-status", "trickle-body"])
def test_a_trickling_manifest_is_given_up_at_the_deadline(site: Path, mode: str):
    with hostile_server(site, {"SHA256SUMS": mode}) as url:
        start = time.monotonic()
        with pytest.raises(mirror.ManifestError, match="quá thời hạn 1 giây"):
            within(15, lambda: mirror.verify(url, timeout=1))
        assert time.monotonic() - start < 3
        with pytest.raises(mirror.ManifestError, match="quá thời hạn 1 giây"):
            within(15, lambda: mirror.verify(site, url + "SHA256SUMS", file_timeout=1))


def test_a_trickling_file_is_given_up_and_the_others_checked(site: Path):
    with hostile_server(site, {"assets/site.css": "trickle-body"}) as url:
        start = time.monotonic()
        result = within(15, lambda: mirror.verify(url, file_timeout=1))
        assert time.monotonic() - start < 3
        assert result.findings == (mirror.Finding("assets/site.css", Difference.UNREADABLE, "quá thời hạn 1 giây"),)
        done = run_cli("mirror", "verify", url, "--timeout", "1")
        assert done.returncode == 1 and "không đọc được tệp: assets/site.css (quá thời hạn 1 giây)" in done.stdout


def test_files_not_reached_before_the_deadline_are_counted_unchecked(site: Path):
    slow = {f"z/cham-{n:02}.html": f"{n}" for n in range(20)}  # sorted after the site's files
    (site / "z").mkdir()
    for path, text in slow.items():
        (site / path).write_text(text)
    add_to_sums(site, {path: mirror.file_sha256(site / path) for path in slow})
    with hostile_server(site, dict.fromkeys(slow, "trickle-body")) as url:
        start = time.monotonic()
        result = within(15, lambda: mirror.verify(url, timeout=1))
        assert time.monotonic() - start < 3
        assert not result.identical and result.unchecked == 20 - 8  # eight were being fetched at the deadline
        assert {f.difference for f in result.findings} == {Difference.UNREADABLE} and len(result.findings) == 8
        done = run_cli("mirror", "verify", url, "--timeout", "1")
        assert done.returncode == 1 and "Dừng vì quá thời hạn 1 giây: còn 12 tệp chưa kiểm tra" in done.stdout


def test_an_endless_manifest_stops_at_its_cap_in_bounded_memory(site: Path):
    with hostile_server(site, {"SHA256SUMS": "endless"}) as url:
        tracemalloc.start()
        try:
            with pytest.raises(mirror.ManifestError, match="lớn hơn 2.000.000 byte"):
                within(30, lambda: mirror.verify(url, manifest_cap=2_000_000))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 20_000_000


def test_an_endless_file_stops_at_the_size_of_the_whole_site(site: Path):
    with hostile_server(site, {"assets/site.css": "endless"}) as url:
        result = within(30, lambda: mirror.verify(url))
    assert result.findings == (mirror.Finding("assets/site.css", Difference.UNREADABLE, "lớn hơn 1.000.000 byte"),)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_that_cannot_be_reached_is_said_in_vietnamese(site: Path):
    done = run_cli("mirror", "verify", f"http://127.0.0.1:{closed_port()}/")
    assert done.returncode == 1 and "máy chủ từ chối kết nối" in done.stderr
    assert "Errno" not in done.stderr and "refused" not in done.stderr
    done = run_cli("mirror", "verify", str(site), "--manifest", f"http://127.0.0.1:{closed_port()}/SHA256SUMS")
    assert done.returncode == 1 and "máy chủ từ chối kết nối" in done.stderr and "Errno" not in done.stderr


def test_an_unknown_host_is_said_in_vietnamese(monkeypatch):
    import socket

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(mirror.ManifestError) as raised:
        mirror.verify("http://khong-co.example/")
    assert msg.MIRROR_NO_HOST in str(raised.value) and "Name or service" not in str(raised.value)


def test_a_site_named_through_a_link_and_dot_dot_is_listed_where_it_really_is(tmp_path):
    """`link/../site` is the `site` beside the link's target, as the system opens it, not beside the link."""
    (tmp_path / "elsewhere" / "inner").mkdir(parents=True)
    (tmp_path / "elsewhere" / "site").mkdir()
    (tmp_path / "elsewhere" / "site" / "real.html").write_text("x", encoding="utf-8")
    (tmp_path / "here" / "site").mkdir(parents=True)
    (tmp_path / "here" / "site" / "other.html").write_text("y", encoding="utf-8")
    (tmp_path / "here" / "link").symlink_to(tmp_path / "elsewhere" / "inner")
    named = tmp_path / "here" / "link" / ".." / "site"
    assert sorted(os.listdir(named)) == ["real.html"]
    assert mirror.site_files(named) == ["real.html"]
