"""The example site as mirror operators get it: reproducible, canonical, with a manifest and a /ban-sao/ page
whose commands work."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import mirror
from generator.config import load_config

from conftest import REPO, requires, serve_folder
from htmlpage import content, page

CONFIG = load_config(REPO)
SUB_PATH = "guong-sang"

# Run a build with the clock five years ahead: anything clock-based would then show in the output.
FUTURE_CLOCK_BUILD = """
import datetime, sys, time
FUTURE = 1924992000.0  # 2031-01-01
class FutureDate(datetime.date):
    @classmethod
    def today(cls):
        return datetime.date(2031, 1, 1)
# pickled (into the build cache) by the name it stands in for, as the cache reads nothing of __main__
FutureDate.__module__, FutureDate.__qualname__ = "datetime", "date"
class FutureDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(FUTURE, tz)
    @classmethod
    def utcnow(cls):
        return datetime.datetime(2031, 1, 1)
datetime.date, datetime.datetime = FutureDate, FutureDateTime
time.time = lambda: FUTURE
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_two_builds_in_other_folders_at_other_times_are_byte_identical(example_site: Path, tmp_path: Path):
    copy = tmp_path / "project"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", "site", ".site.*", ".cache", ".pytest_cache",
                                                                "__pycache__", "*.egg-info"))
    out = tmp_path / "elsewhere" / "out"
    done = subprocess.run([sys.executable, "-c", FUTURE_CLOCK_BUILD, "build", "--root", str(copy), "--out", str(out)],
                          capture_output=True, text=True, timeout=300, env=_env_without_epoch())
    assert done.returncode == 0, done.stderr
    first, second = mirror.site_files(example_site), mirror.site_files(out)
    assert first == second
    differing = [p for p in first if (example_site / p).read_bytes() != (out / p).read_bytes()]
    assert differing == []


def _env_without_epoch() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def test_manifest_covers_every_file_and_sha256sum_accepts_it(example_site: Path):
    listed = mirror.parse_sums((example_site / "SHA256SUMS").read_text(encoding="utf-8"))
    assert set(listed) | {"SHA256SUMS"} == set(mirror.site_files(example_site))
    done = subprocess.run(["sha256sum", "--check", "--quiet", "--strict", "SHA256SUMS"], cwd=example_site,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((example_site / "manifest.json").read_text(encoding="utf-8"))
    html = html_pages(example_site)
    assert manifest["file_count"] == len(listed) - 1
    assert manifest["record_count"] == sum(manifest["records"].values()) == len(
        [p for p in html if re.match(r"(ca-nhan|tap-the|mo-hinh)/[a-z0-9-]+/index\.html$", p)])
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert manifest["commit"] == (head.stdout.strip() or None)
    assert mirror.verify(example_site).identical


def test_every_page_names_its_canonical_url_on_the_primary_host(example_site: Path):
    for path in html_pages(example_site):
        if path == "404.html":
            continue  # not a page of its own: served in place of any missing one
        links = [e for e in page(example_site, path.removesuffix("index.html")).find_all("link")
                 if e.attrs.get("rel") == "canonical"]
        assert [e.attrs["href"] for e in links] == [CONFIG.url + path.removesuffix("index.html")], path


def test_no_page_refers_to_another_host_for_what_it_loads(example_site: Path):
    loads = re.compile(r"""<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=["']([^"']+)|"""
                       r"""<link\b[^>]*\bhref=["']([^"']+)["'][^>]*>|url\(\s*["']?([^"')]+)""", re.I)
    for file in sorted(example_site.rglob("*")):
        if file.suffix not in (".html", ".css", ".js"):
            continue
        for match in loads.finditer(file.read_text(encoding="utf-8", errors="replace")):
            target = next(g for g in match.groups() if g)
            if match.group(2) and re.search(r"rel=[\"']canonical", match.group(0)):
                continue  # a name for the page, not something loaded
            assert not re.match(r"(?:[a-z]+:)?//", target, re.I) or target.startswith("data:"), (file, target)


def test_mirror_page_lists_mirrors_downloads_and_the_manifest(example_site: Path):
    body = content(page(example_site, "ban-sao/"))
    hrefs = {a.attrs.get("href") for a in body.find_all("a")}
    assert {"../SHA256SUMS", "../manifest.json"} <= hrefs
    assert CONFIG.url + "ban-sao/" in hrefs  # this build carries no downloads: they are on the primary host
    for known in CONFIG.mirrors:
        assert known.url in hrefs
    text = body.text
    assert "sha256sum --check" in text and "guongsang mirror verify" in text


@pytest.fixture
def served_at_sub_path(example_site: Path):
    with serve_folder(example_site, SUB_PATH) as url:
        yield url


def code_blocks(file: Path) -> list[str]:
    """The text of each <pre> block, as a reader would copy it."""
    raw = re.findall(r"<pre[^>]*>(.*?)</pre>", file.read_text(encoding="utf-8"), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in raw]


@requires("wget", "rsync")
def test_the_wget_and_rsync_commands_on_the_mirror_page_make_a_verified_copy(example_site, served_at_sub_path,
                                                                            tmp_path: Path):
    blocks = code_blocks(example_site / "ban-sao/index.html")
    fetch = next(b for b in blocks if "wget" in b)
    # The page speaks of the primary host at its root; a mirror at a sub-path needs one more --cut-dirs.
    fetch = fetch.replace(CONFIG.url, served_at_sub_path).replace("--no-host-directories",
                                                                  "--no-host-directories --cut-dirs=1")
    work = tmp_path / "work"
    work.mkdir()
    for attempt in (1, 2):  # the second run is the update the page describes, and must change nothing
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", fetch], cwd=work, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    copy = work / "guong-sang"
    assert mirror.verify(copy).identical
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=copy).returncode == 0
    assert mirror.verify(served_at_sub_path).identical

    sync = next(b for b in blocks if b.startswith("rsync"))
    target = tmp_path / "mirror-host"
    target.mkdir()
    (target / "stale.html").write_text("old")
    sync = sync.replace("may-chu:/var/www/guong-sang/", f"{target}/")
    assert subprocess.run(["bash", "-c", sync], cwd=work, timeout=300).returncode == 0
    assert mirror.verify(target).identical


def test_mirror_page_lists_the_known_mirrors_of_site_config(project: Path, tmp_path: Path):
    from generator.build import build_site

    from conftest import write_record

    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "mirrors: []", "mirrors:\n  - {name: Bản sao Trường THPT Chiêm Hóa, url: 'https://thpt-chiemhoa.example/guong-sang/'}"),
        encoding="utf-8")
    write_record(project, "nguyen-van-an")
    build_site(project, tmp_path / "site")
    body = content(page(tmp_path / "site", "ban-sao/"))
    links = {a.text: a.attrs["href"] for a in body.find_all("a")}
    assert links["Bản sao Trường THPT Chiêm Hóa"] == "https://thpt-chiemhoa.example/guong-sang/"
