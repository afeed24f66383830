"""The example site served at a sub-path of a mirror, in Chromium: nothing is requested from another host and
no request fails."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import requires, serve_folder

SUB_PATH = "guong-sang"

pytestmark = requires("chromium")


@pytest.fixture(scope="module")
def mirror_url(example_site: Path):
    with serve_folder(example_site, SUB_PATH) as url:
        yield url


def sample_pages(site: Path) -> list[str]:
    """One page of every kind: home, sections, a record of each kind, the mirror page, content pages."""
    pages = ["", "ban-sao/", "dia-phuong/", "linh-vuc/", "nam/", "nguon/", "gioi-thieu/"]
    for section in ("ca-nhan", "tap-the", "mo-hinh"):
        pages.append(f"{section}/")
        records = sorted(p.parent.name for p in (site / section).glob("*/index.html") if p.parent.name != "trang")
        pages.append(f"{section}/{records[0]}/")
    pages += [p for p in ("tim-kiem/", "cap-nhat/", "du-lieu/", "giao-vien/") if (site / p / "index.html").exists()]
    return pages


def test_pages_at_a_sub_path_load_only_from_the_mirror_and_nothing_fails(browser, mirror_url, example_site):
    page = browser.new_page()
    requests, failed, bad = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.on("response", lambda r: bad.append((r.url, r.status)) if r.status >= 400 else None)
    for path in sample_pages(example_site):
        page.goto(mirror_url + path, wait_until="networkidle")
        assert page.locator("h1").first.is_visible(), path
        # Every link on the page stays under the sub-path (or leaves on purpose, to a source or the primary host).
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if href.startswith("http://127.0.0.1"):
                assert href.startswith(mirror_url), (path, href)
    # A search from the mirror finds a record and opens it there.
    page.goto(mirror_url + "tim-kiem/?q=nguyen+hung+dao", wait_until="networkidle")
    result = page.locator("main a[href*='ca-nhan/nguyen-hung-dao/']").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_load_state("networkidle")
    assert page.url == mirror_url + "ca-nhan/nguyen-hung-dao/"
    assert "Nguyễn Hưng Đạo" in page.locator("h1").first.inner_text()
    page.close()
    outside = [url for url in requests if not url.startswith(mirror_url) and not url.startswith(("data:", "blob:"))]
    assert outside == []
    assert failed == [] and bad == []
    assert len(requests) > len(sample_pages(example_site))  # stylesheets and scripts were loaded too
