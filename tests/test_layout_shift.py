"""Pages hold still while they load: what a script adds after the first paint (search results, the status line,
the colour-scheme switch) and photos arriving late move nothing a reader already sees.

Chromium reports every shift of a visible element (the Layout Instability API, what Lighthouse sums as
cumulative layout shift); the pages whose content changes after loading are measured on a phone and a desktop.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import requires
from page_types import PAGE_TYPES
from siteserver import serve_site
from test_accessibility import SETTLED

# The desktop of the accessibility test, and the phone Lighthouse emulates (a Moto G Power).
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 412, "height": 823}}

MEASURED = ("home", "individual-photos", "search", "search-results", "search-filters", "search-nothing")
# Below what a reader notices: a few pixels of one small element. Google counts under 0.1 as "good".
TOLERATED = 0.01
SHIFTS = """() => new Promise(done => {
    const shifts = [];
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push({value: e.value,
            moved: e.sources.map(s => s.node ? s.node.nodeName.toLowerCase() + '.' + s.node.className : '?')});
    }).observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(shifts), 300)));
})"""


@pytest.fixture(scope="module")
def base(every_page_type_site: Path):
    with serve_site(every_page_type_site, use_gzip=True) as url:
        yield url


@requires("chromium")
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_nothing_in_view_moves_once_the_page_has_shown(base, browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                                  has_touch=viewport == "phone")
    page = context.new_page()
    moved = {}
    for name in MEASURED:
        page.goto(base + PAGE_TYPES[name], wait_until="load")
        page.wait_for_function(SETTLED, timeout=20_000)
        shifts = page.evaluate(SHIFTS)
        if sum(s["value"] for s in shifts) >= TOLERATED:
            moved[name] = shifts
    context.close()
    assert moved == {}, moved
