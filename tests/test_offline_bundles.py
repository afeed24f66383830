"""`guongsang bundle` on the example records: the ZIP opened from file:// in Chromium, the ZIM read back with
libzim (and served by kiwix-serve where installed), and a site that carries both and agrees with them."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator import addresses, bundle, mirror
from generator import messages as msg
from generator.build import build_site
from generator.cache import CACHE_FOLDER
from generator.config import load_config
from generator.dates import build_date
from generator.problems import InputError

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, requires, write_record
from htmlpage import content, page

CONFIG = load_config(REPO)
RECORD = "ca-nhan/nguyen-hung-dao/index.html"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> tuple[Path, bundle.BundleSet]:
    out = tmp_path_factory.mktemp("tai-ve")
    return out, bundle.bundle_site(REPO, out)


def the(bundles, fmt: str) -> Path:
    out, made = bundles
    return out / next(d.name for d in made.downloads if d.format == fmt)


def test_bundles_are_reproducible_and_described(bundles, tmp_path: Path):
    out, made = bundles
    assert [d.format for d in made.downloads] == ["zip", "zim"]  # the one most readers want first
    assert made.build_date == build_date(REPO)
    for download in made.downloads:
        assert (out / download.name).stat().st_size == download.size
        assert mirror.file_sha256(out / download.name) == download.sha256
    again = bundle.bundle_site(REPO, tmp_path / "again")
    assert again == made
    for download in made.downloads:
        assert (tmp_path / "again" / download.name).read_bytes() == (out / download.name).read_bytes()
    assert (tmp_path / "again" / "bundles.json").read_bytes() == (out / "bundles.json").read_bytes()


def test_outside_git_the_bundles_are_dated_as_the_site_and_a_site_carries_them(project: Path, tmp_path: Path,
                                                                               monkeypatch):
    """With no git and no SOURCE_DATE_EPOCH the build date is the newest date the project gives; the bundles
    must be made as of that same day, or `build --bundles` would refuse them as another version."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_record(project, "nguyen-van-an", published="2021-04-07")
    made = bundle.bundle_site(project, tmp_path / "tai-ve")
    assert made.build_date.isoformat() == "2021-04-07"
    assert [d.name for d in made.downloads] == ["guong-sang-2021-04-07.zip", "guong-sang-2021-04-07.zim"]
    build_site(project, tmp_path / "site", bundles=tmp_path / "tai-ve")
    assert json.loads((tmp_path / "site" / "manifest.json").read_text(encoding="utf-8"))["build_date"] == "2021-04-07"
    assert {d.name for d in made.downloads} <= {p.name for p in (tmp_path / "site" / addresses.DOWNLOADS).iterdir()}


@requires("chromium")
def test_zip_unpacks_to_a_folder_that_opens_from_file_urls(bundles, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    with zipfile.ZipFile(the(bundles, "zip")) as archive:
        archive.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder).returncode == 0
    requests, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        view = browser.new_page()
        view.on("request", lambda r: requests.append(r.url))
        view.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
        view.goto((folder / "index.html").as_uri())
        assert CONFIG.name in view.title()
        view.click("a[href$='ca-nhan/index.html']")
        view.wait_for_load_state()
        assert view.url.endswith("/ca-nhan/index.html")
        view.click(f"a[href$='{RECORD.split('/', 1)[1]}']")
        view.wait_for_load_state()
        assert view.url.endswith(RECORD)
        assert "Nguyễn Hưng Đạo" in view.locator("h1").first.inner_text()
        if (folder / "tim-kiem" / "index.html").exists():
            view.goto((folder / "tim-kiem" / "index.html").as_uri() + "?q=nguyen+hung+dao")
            result = view.locator(f"a[href$='{RECORD.split('/', 1)[1]}']").first
            result.wait_for(timeout=10_000)
            result.click()
            view.wait_for_load_state()
            assert view.url.endswith(RECORD)
        browser.close()
    assert failed == []
    assert [url for url in requests if not url.startswith(("file://", "data:", "blob:"))] == []


def test_zim_reads_back_with_libzim(bundles):
    from libzim.reader import Archive
    from libzim.search import Query, Searcher
    from libzim.suggestion import SuggestionSearcher

    archive = Archive(the(bundles, "zim"))
    assert archive.check()
    assert archive.main_entry.get_item().path == "index.html"
    meta = {key: archive.get_metadata(key).decode() for key in archive.metadata_keys if not key.startswith("Illus")}
    assert meta["Language"] == "vie" and meta["Title"] == CONFIG.name and meta["Name"] == "guongsang_vi_all"
    assert meta["Date"] == build_date(REPO).isoformat() and meta["Source"] == CONFIG.url
    assert meta["Creator"] and meta["Publisher"] and 0 < len(meta["Description"]) <= 80
    assert archive.has_illustration(48)
    assert archive.get_entry_by_path(RECORD).title == "Nguyễn Hưng Đạo"
    for typed in ("Nguyễn Hưng Đạo", "nguyen hung dao"):
        paths = list(SuggestionSearcher(archive).suggest(typed).getResults(0, 5))
        resolved = [archive.get_entry_by_path(p) for p in paths]
        assert RECORD in [e.get_redirect_entry().path if e.is_redirect else e.path for e in resolved], typed
    found = list(Searcher(archive).search(Query().set_query("trung tâm y tế chiêm hóa")).getResults(0, 10))
    assert RECORD in found


@requires("kiwix-serve")
def test_kiwix_serve_serves_a_record_from_the_zim(bundles):
    zim = the(bundles, "zim")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["kiwix-serve", "--address", "127.0.0.1", "--port", str(port), str(zim)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{zim.stem}/{RECORD}"  # kiwix-serve 3: /<book>/<path>
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"kiwix-serve did not answer at {url}")
        assert "Nguyễn Hưng Đạo" in html
        search = f"http://127.0.0.1:{port}/search?content={zim.stem}&pattern=nguyen+hung+dao"
        with urllib.request.urlopen(search, timeout=10) as response:
            assert RECORD in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_site_built_with_its_bundles_carries_and_lists_them(bundles, tmp_path: Path):
    out, made = bundles
    site = tmp_path / "site"
    build_site(REPO, site, bundles=out)
    for download in made.downloads:
        assert (site / addresses.DOWNLOADS / download.name).read_bytes() == (out / download.name).read_bytes()
    assert mirror.verify(site).identical  # SHA256SUMS covers the downloads too
    sums = mirror.parse_sums((site / "SHA256SUMS").read_text(encoding="utf-8"))
    body = content(page(site, "ban-sao/"))
    for download in made.downloads:
        assert sums[f"{addresses.DOWNLOADS}{download.name}"] == download.sha256
        assert download.sha256 in body.text and download.size_text in body.text
        assert f"../{addresses.DOWNLOADS}{download.name}" in {a.attrs.get("href") for a in body.find_all("a")}


def test_bundles_of_another_build_or_changed_since_are_refused(bundles, tmp_path: Path):
    out, made = bundles
    other = tmp_path / "other"
    shutil.copytree(out, other)
    listed = json.loads((other / "bundles.json").read_text(encoding="utf-8"))
    listed["commit"] = "f" * 40
    (other / "bundles.json").write_text(json.dumps(listed), encoding="utf-8")
    with (other / made.downloads[0].name).open("ab") as f:
        f.write(b"!")
    with pytest.raises(InputError) as caught:
        build_site(REPO, tmp_path / "site", bundles=other)
    messages = " ".join(p.message for p in caught.value.problems)
    assert "ffffffffffff" in messages and made.downloads[0].name in messages
    assert not (tmp_path / "site").exists()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "build", "--out",
                           str(tmp_path / "site"), "--bundles", str(tmp_path / "khong-co")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "bundles.json" in done.stderr
    assert "không tìm thấy tệp hoặc thư mục" in done.stderr and "Errno" not in done.stderr
    for text in ("{", "[]", '{"commit": null}'):  # not what `guongsang bundle` writes: said in Vietnamese
        (other / "bundles.json").write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            build_site(REPO, tmp_path / "site", bundles=other)
        assert [p.message for p in caught.value.problems] == [msg.BUNDLES_UNREADABLE.format(
            reason=msg.BUNDLES_MALFORMED)]


def test_bundling_writes_nothing_outside_the_project_and_the_bundle_folder(project: Path, tmp_path: Path,
                                                                         monkeypatch):
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    write_record(project, "nguyen-van-an", published="2021-04-07")
    before = system_tmp.stat().st_mtime_ns
    bundle.bundle_site(project, tmp_path / "tai-ve")
    assert system_tmp.stat().st_mtime_ns == before  # nothing made there, not even for a while
    assert (project / CACHE_FOLDER / "ban-sao" / "index.html").is_file()  # kept for the next bundle
    assert sorted(p.suffix for p in (tmp_path / "tai-ve").iterdir()) == [".json", ".zim", ".zip"]


def test_a_new_bundle_removes_only_the_old_downloads_it_can_prove_it_wrote(project: Path, tmp_path: Path):
    write_record(project, "nguyen-van-an")
    out = tmp_path / "tai-ve"
    out.mkdir()
    old = out / "guong-sang-2019-05-05.zip"
    old.write_bytes(b"a download of an earlier run")
    mine = out / "ghi-chu.zip"  # the user's, named in a bundles.json that does not describe it
    mine.write_bytes(b"not ours")
    listed = [{"name": old.name, "format": "zip", "size": old.stat().st_size, "sha256": mirror.file_sha256(old)},
              {"name": mine.name, "format": "zip", "size": 1, "sha256": "0" * 64}]
    (out / "bundles.json").write_text(json.dumps({"commit": None, "build_date": "2019-05-05", "downloads": listed}),
                                      encoding="utf-8")
    made = bundle.bundle_site(project, out)
    assert not old.exists() and mine.read_bytes() == b"not ours"
    assert sorted(p.name for p in out.iterdir()) == sorted(["bundles.json", mine.name,
                                                            *(d.name for d in made.downloads)])


def test_the_offline_copy_zip_and_zim_carry_the_pdf_sheets(bundles, example_site):
    from libzim.reader import Archive

    sheets = {p.relative_to(example_site).as_posix(): p.read_bytes() for p in example_site.rglob("*.pdf")}
    assert any(name.startswith("giao-vien/phieu/") for name in sheets) and any("/bai-hoc/" in n for n in sheets)
    with zipfile.ZipFile(the(bundles, "zip")) as archive:
        base = archive.namelist()[0].split("/")[0]
        for name, data in sheets.items():
            assert archive.read(f"{base}/{name}") == data, name  # the same bytes as the served site's
    zim = Archive(the(bundles, "zim"))
    for name, data in sheets.items():
        item = zim.get_entry_by_path(name).get_item()
        assert item.mimetype == "application/pdf" and bytes(item.content) == data, name
