"""Accessibility (WCAG 2.2 AA), as readers meet it: axe-core in Debian's Chromium on a page of every type, on a
desktop and a phone, in the light and the dark scheme; the keyboard alone from the home page to a search result;
labels in Vietnamese; a heading outline without gaps on every page.

The example project (tests/page_types.py) is built once and served on loopback at a sub-path, as a mirror would
serve it. axe-core comes from npm, pinned in tests/node/package-lock.json (`make test` runs `npm ci` there).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import requires
from generator.build import load_catalog
from generator.pages import Page, plan_pages
from htmlpage import parse
from page_types import LATER_PAGE_TYPES, PAGE_TYPES, write_project
from siteserver import serve_site

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material's scheme on <body>
# A search page has settled when its script says so (see generator/assets/search/search.js).
SETTLED = ("() => { const s = document.querySelector('[data-gs-search]');"
           " return !s || ['done', 'idle', 'failed'].includes(s.dataset.state); }")


@pytest.fixture(scope="module")
def site(every_page_type_site) -> Path:
    return every_page_type_site


@pytest.fixture(scope="module")
def base(site):
    with serve_site(site) as url:
        yield url


def page_types(site: Path) -> dict[str, str]:
    """Every page type, with those still to come once the build has them."""
    later = {name: url for name, url in LATER_PAGE_TYPES.items() if (site / url / "index.html").is_file()}
    return PAGE_TYPES | later


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function(SETTLED, timeout=20_000)


def page_shape(page: Page) -> tuple:
    """What makes pages look different: the template, the kind of record shown, a later page of a listing."""
    record = page.context.get("r")
    return page.template, record.kind.value if record else None, page.context.get("page", 1) > 1


def test_the_page_list_has_a_page_of_every_shape_the_site_has(tmp_path):
    pages = plan_pages(load_catalog(write_project(tmp_path / "project")))
    listed = {url.split("?")[0] for url in (PAGE_TYPES | LATER_PAGE_TYPES).values()}
    missing = {page_shape(p) for p in pages} - {page_shape(p) for p in pages if p.url in listed}
    assert not missing, f"add a page of each to tests/page_types.py: {sorted(missing, key=str)}"


def test_the_page_list_names_pages_the_site_has(site):
    for name, url in PAGE_TYPES.items():
        path = url.split("?")[0]
        if name == "404":
            assert not (site / path).exists()
        else:
            assert (site / path / "index.html").is_file(), name


@requires("chromium")
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violation_on_any_page_type(site, base, browser, viewport, scheme):
    # Not a program on PATH but a file `make test` installs (npm ci) before any test runs: never a skip.
    assert AXE.is_file(), "axe-core is not installed: run `npm ci` in tests/node (make test does)"
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme,
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    page = context.new_page()
    found = {}
    for name, url in page_types(site).items():
        open_page(page, base + url)
        assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme], name
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            for node in violation["nodes"]:
                found.setdefault(name, []).append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                                                  f"{node['failureSummary'].splitlines()[-1].strip()}")
    context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def focus_ring(page) -> dict:
    """The focused element, and the outline that shows it: its own, that of the card around it, or (for Material's
    hidden radio buttons, such as the colour-scheme switch) that of the label beside it."""
    return page.evaluate("""() => {
        const focused = document.activeElement;
        const hidden = focused.getBoundingClientRect().width < 2 && focused.nextElementSibling?.tagName === 'LABEL';
        const el = hidden ? focused.nextElementSibling : focused;
        let ring = el;
        while (ring && getComputedStyle(ring).outlineStyle === 'none') ring = ring.parentElement;
        const style = ring && getComputedStyle(ring);
        const box = el.getBoundingClientRect();
        return {tag: focused.tagName.toLowerCase(), id: focused.id, text: focused.innerText || focused.value || '',
                href: focused.getAttribute('href') || '', cls: focused.className,
                visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
                ring: style ? parseFloat(style.outlineWidth) : 0, ringOf: ring ? ring.tagName.toLowerCase() : ''};
    }""")


def tab_until(page, wanted, limit: int = 40) -> list[dict]:
    """Press Tab until `wanted(focused)`; every stop on the way must be visible and show a focus ring."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = focus_ring(page)
        stops.append(focused)
        assert focused["visible"] and focused["ring"] >= 2, stops
        if wanted(focused):
            return stops
    raise AssertionError(f"not reached in {limit} Tab presses: {stops}")


@requires("chromium")
def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(base, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    for url in ("", PAGE_TYPES["individual"], PAGE_TYPES["search"]):
        open_page(page, base + url)
        page.keyboard.press("Tab")
        first = focus_ring(page)
        assert first["text"].strip() == "Bỏ qua, đến nội dung chính" and first["visible"] and first["ring"] >= 2, first
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "noi-dung"
        page.keyboard.press("Tab")  # the next stop is in the page's own content, past the header and tabs
        assert page.evaluate("!!document.activeElement.closest('#noi-dung')"), focus_ring(page)
    context.close()


@requires("chromium")
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_keyboard_alone_reaches_search_and_the_first_result(base, browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    open_page(page, base)
    if viewport == "desktop":  # the header's search box
        tab_until(page, lambda f: f["id"] == "gs-header-q", limit=10)
        page.keyboard.type("nguyen hung dao")
        page.keyboard.press("Enter")
    else:  # on a phone the header has only the magnifier; it opens the search page
        tab_until(page, lambda f: "gs-header-search__button" in f["cls"], limit=10)
        page.keyboard.press("Enter")
        page.wait_for_url("**/tim-kiem/**")
        open_page(page, page.url)
        tab_until(page, lambda f: f["id"] == "gs-q")
        page.keyboard.type("nguyen hung dao")
        page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=nguyen+hung+dao**")
    page.wait_for_function(SETTLED, timeout=20_000)
    first = page.eval_on_selector(".gs-result__name a", "a => a.getAttribute('href')")
    tab_until(page, lambda f: f["tag"] == "a" and f["href"] == first)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == base + "ca-nhan/nguyen-hung-dao/"
    assert page.inner_text("h1") == "Nguyễn Hưng Đạo"
    context.close()


@requires("chromium")
def test_on_a_phone_the_home_page_box_finds_a_record(base, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True)
    page = context.new_page()
    open_page(page, base)
    box = page.get_by_label("Tìm theo tên người, đơn vị, địa phương hay mô hình")
    assert box.is_visible()
    box.fill("chu nhat xanh")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=chu+nhat+xanh")
    page.wait_for_function(SETTLED, timeout=20_000)
    assert "Ngày Chủ nhật xanh" in page.inner_text(".gs-results")
    context.close()


def material_english() -> set[str]:
    """Material's English interface words (its en.html): none of them may reach a reader."""
    import material

    text = (Path(material.__file__).parent / "templates/partials/languages/en.html").read_text(encoding="utf-8")
    return {value for value in re.findall(r'^\s*"[\w.]+": "(.*)",?$', text, re.M) if re.search(r"[A-Za-z]{3}", value)}


@requires("chromium")
def test_labels_and_controls_are_in_vietnamese(site, base, browser):
    english = material_english()
    assert {"Tabs", "Back to top", "Header"} <= english
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    for name, url in page_types(site).items():
        open_page(page, base + url)
        words = page.evaluate("""() => {
            const out = [];
            for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))
                for (const a of ['aria-label', 'title', 'alt', 'placeholder']) if (el.hasAttribute(a)) out.push(el.getAttribute(a));
            for (const el of document.querySelectorAll('button, label, legend, a, summary, th'))
                out.push(el.textContent);
            return out.map(w => w.trim()).filter(Boolean);
        }""")
        assert not english & set(words), (name, english & set(words))
    open_page(page, base)
    assert page.get_attribute("nav.md-tabs", "aria-label") == "Các mục chính"
    context.close()


def test_every_page_has_one_h1_and_no_heading_level_skipped(site):
    for path in sorted(site.rglob("*.html")):
        levels = [int(e.tag[1]) for e in parse(path).iter() if re.fullmatch(r"h[1-6]", e.tag)]
        where = path.relative_to(site).as_posix()
        assert levels[:1] == [1] and levels.count(1) == 1, (where, levels)
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, (where, levels)


def test_search_landmarks_have_distinct_vietnamese_names(site):
    forms = [e for e in parse(site / "tim-kiem" / "index.html").iter() if e.attrs.get("role") == "search"]
    names = [e.attrs.get("aria-label") for e in forms]
    assert len(forms) == 2 and all(names) and len(set(names)) == 2, names
