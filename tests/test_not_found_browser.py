"""The 404 page in Chromium, as a static host serves it for any missing address: on a mirror at a sub-path, deep
below the site's root, and opened from a folder (file://). It must look like the site (every stylesheet and
script loaded, nothing failing), speak Vietnamese, and offer a search box and a way home that work there."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, requires
from generator.config import load_config
from siteserver import serve_site

SUB_PATH = "/guong-sang/"
MISSING = ["ca-nhan/khong-co-ai/trang/nay/",  # below a section of the site
           "khong-co-trang-nay",  # a mistyped page at the top
           "a/b/c/d/e.html"]  # an address that names nothing of the site

pytestmark = requires("chromium")


@pytest.fixture(scope="module")
def site(every_page_type_site) -> Path:
    return every_page_type_site


@pytest.fixture(scope="module")
def mirror(site):
    with serve_site(site, SUB_PATH) as url:
        yield url


def open_watched(browser, url: str, **options):
    """Open `url` in a fresh page; return it, its response and every request that failed or was answered >= 400."""
    context = browser.new_context(**options)
    page = context.new_page()
    failed: list = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.on("response", lambda r: failed.append((r.url, r.status)) if r.status >= 400 and r.url != url else None)
    page.on("console", lambda m: failed.append(("console", m.text)) if m.type == "error" and url not in m.text
            and "404 (Not Found)" not in m.text else None)
    response = page.goto(url, wait_until="networkidle")
    return page, response, failed


def assert_styled_vietnamese_with_search_and_home(page, root: str) -> None:
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.inner_text("h1") == "Không tìm thấy trang"
    assert page.title().startswith("Không tìm thấy trang")
    # Material's stylesheet and ours are in force: the header sticks, the drawer's switch is hidden.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.getElementById('__drawer')).display") == "none"
    assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)")
    assert page.locator("main form[role=search] input[name=q]").is_visible()
    home = page.locator("#noi-dung a", has_text="Về trang chủ")
    assert home.get_attribute("href") in (".", "./index.html")
    assert home.evaluate("a => a.href") in (root, root + "index.html")
    logo = page.locator(".md-header .md-logo")
    assert logo.evaluate("a => a.href") in (root, root + "index.html")


@pytest.mark.parametrize("missing", MISSING)
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_not_found_page_deep_in_a_mirror_is_styled_and_leads_back(browser, mirror, missing, viewport):
    page, response, failed = open_watched(browser, mirror + missing, viewport=viewport)
    assert response.status == 404
    assert failed == []
    assert_styled_vietnamese_with_search_and_home(page, mirror)
    # Every link stays in the mirror.
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        if urlsplit(href).hostname == "127.0.0.1":
            assert href.startswith(mirror), href
    # The skip link stays on the page.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.split("#")[0] == mirror + missing and page.evaluate("document.activeElement.id") == "noi-dung"
    # Its search box searches the mirror.
    page.fill("main input[name=q]", "nguyen hung dao")
    with page.expect_navigation():
        page.press("main input[name=q]", "Enter")
    assert page.url == mirror + "tim-kiem/?q=nguyen+hung+dao"
    page.wait_for_selector(".gs-result__name a", timeout=20_000)
    assert "Nguyễn Hưng Đạo" in page.inner_text(".gs-results")
    page.context.close()


def test_not_found_page_opened_from_a_folder(browser, site):
    page, _, failed = open_watched(browser, (site / "404.html").as_uri())
    assert failed == []
    assert_styled_vietnamese_with_search_and_home(page, site.as_uri() + "/")
    page.context.close()


def test_not_found_page_without_javascript_names_the_primary_home(browser, mirror):
    page, response, _ = open_watched(browser, mirror + MISSING[0], java_script_enabled=False)
    assert response.status == 404
    assert page.inner_text("h1") == "Không tìm thấy trang"
    primary = load_config(REPO).url
    assert page.locator("#noi-dung a", has_text="trang chủ của").get_attribute("href") == primary
    # The inline fallback style keeps Material's icons at icon size.
    assert page.evaluate("document.querySelector('.md-header svg').getBoundingClientRect().width") < 40
    page.context.close()
