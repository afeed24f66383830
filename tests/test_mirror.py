"""The manifest (SHA256SUMS, manifest.json) and `guongsang mirror verify`, on a small hand-made site."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import mirror
from generator.mirror import Difference

from conftest import serve_folder


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
