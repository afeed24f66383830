"""The teachers' corner as a teacher meets it: /giao-vien/, the lesson pages, listings narrowed to records with
teaching notes, and record pages and lesson packs printed from Chromium (print media, A4)."""
from __future__ import annotations

import re
import subprocess

import pytest

from generator import addresses
from generator import messages as msg
from generator.build import load_catalog

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, requires, serve_folder
from htmlpage import content, page


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


def test_the_corner_lists_every_lesson_with_its_level_duration_and_subject(example_site, catalog):
    body = content(page(example_site, addresses.TEACHERS))
    assert body.find("h1").text == "Góc giáo viên"
    assert "Dùng trang này trong giờ học" in body.text
    cards = {card.find("a").text: card.text for card in body.find_all("li", "gs-card--lesson")}
    assert set(cards) == {p.title for p in catalog.lessons}
    for lesson in catalog.lessons:
        assert msg.SUBJECT_LABELS[lesson.subject] in cards[lesson.title]
        assert lesson.duration in cards[lesson.title]
        assert all(msg.LEVEL_LABELS[level] in cards[lesson.title] for level in lesson.levels)
    links = {a.attrs["href"] for a in body.find_all("a")}
    for level in msg.LEVEL_LABELS:
        assert "../" + addresses.teaching_level_url(level) in links
    for subject in msg.SUBJECT_LABELS:
        assert "../" + addresses.subject_url(subject) in links


def test_a_level_page_has_its_lessons_and_only_records_with_teaching_notes_of_that_level(example_site, catalog):
    body = content(page(example_site, addresses.teaching_level_url("thcs")))
    names = [a.text for a in body.find_all(cls="gs-card__name")]
    lessons = [p.title for p in catalog.lessons if "thcs" in p.levels]
    records = [r.name for r in catalog.records if r.teaching and "thcs" in r.teaching.levels]
    assert names == lessons + records[:catalog.project.config.page_size] and lessons and records


def test_listings_can_be_narrowed_to_records_with_teaching_notes(example_site, catalog):
    body = content(page(example_site, addresses.kind_url("practice")))
    link = body.find("p", "gs-narrow").find("a")
    assert link.attrs["href"] == "../" + addresses.teaching_kind_url("practice")
    narrowed = content(page(example_site, addresses.teaching_kind_url("practice")))
    names = [a.text for a in narrowed.find_all(cls="gs-card__name")]
    assert names == [r.name for r in catalog.by_kind[next(k for k in catalog.by_kind if k.value == "practice")]
                     if r.teaching] and names


def test_a_lesson_page_shows_the_plan_with_its_minutes_and_links_its_records(example_site, catalog):
    lesson = catalog.lessons[0]
    body = content(page(example_site, addresses.lesson_url(lesson.id)))
    minutes = [int(m.text.split()[0]) for m in body.find_all("span", "gs-step__minutes")]
    assert minutes == [lesson.warm_up.minutes, *(s.minutes for s in lesson.steps)]
    assert sum(minutes) == lesson.minutes
    hrefs = [a.attrs["href"] for a in body.find("dl", "gs-profile").find_all("a") if "data-print" in a.attrs]
    assert hrefs == ["../../../" + addresses.record_url(catalog.by_id[i]) for i in lesson.records]


def test_record_pages_name_the_lessons_that_use_them(example_site, catalog):
    lesson = catalog.lessons[0]
    record = catalog.by_id[lesson.records[0]]
    teaching = content(page(example_site, addresses.record_url(record))).find("section", "gs-teaching")
    assert lesson.title in teaching.text


@requires("chromium", "pdftotext", "zbarimg")
@pytest.mark.parametrize("kind", ["record", "lesson"])
def test_a_page_prints_as_a_clean_a4_sheet(example_site, catalog, tmp_path, kind):
    from playwright.sync_api import sync_playwright

    if kind == "record":
        url = addresses.record_url(catalog.by_id["tran-thi-nga"])
        linked = addresses.record_url(catalog.related["tran-thi-nga"][0])
    else:
        url = addresses.lesson_url(catalog.lessons[0].id)
        linked = addresses.record_url(catalog.by_id[catalog.lessons[0].records[0]])
    canonical = addresses.canonical_url(catalog.project.config.url, url)
    with serve_folder(example_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        view = browser.new_page()
        view.goto(base + url)
        assert not view.is_visible(".gs-print")  # on screen, the print block is hidden
        view.emulate_media(media="print")
        for chrome in (".md-header", ".md-tabs", ".md-footer", ".md-sidebar--primary", ".gs-sheet"):
            assert all(not view.is_visible(e) for e in [chrome]), chrome
        assert view.is_visible(".gs-print") and canonical in view.inner_text(".gs-print")
        assert view.inner_text(".gs-print").count(catalog.date.strftime("%d/%m/%Y")) == 1
        after = view.evaluate("""sel => getComputedStyle(document.querySelector(sel), '::after').content""",
                              f'a[data-print="{addresses.canonical_url(catalog.project.config.url, linked)}"]')
        assert addresses.canonical_url(catalog.project.config.url, linked) in after
        colours = view.evaluate("""() => [getComputedStyle(document.querySelector('.gs-page h1')).color,
                                          getComputedStyle(document.body).backgroundColor]""")
        assert colours[0] == "rgb(0, 0, 0)" and colours[1] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        pdf = tmp_path / "print.pdf"
        view.pdf(path=str(pdf), prefer_css_page_size=True)
        browser.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Page size: +59[45]\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)  # Chromium rounds to 1/72 in
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert canonical in text and "Tìm kiếm" not in text.split(canonical)[0]
    png = tmp_path / "print"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(png)], check=True)
    codes = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, tmp_path.glob("print*.png"))],
                           capture_output=True, text=True).stdout.split()
    assert codes == [canonical]


@requires("chromium")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_page_is_black_on_white_whatever_the_scheme_on_screen(example_site, catalog, scheme):
    from playwright.sync_api import sync_playwright

    urls = [addresses.record_url(catalog.by_kind[kind][0]) for kind in catalog.by_kind]
    urls += [addresses.record_url(next(r for r in catalog.records if getattr(r, "honorifics", None))),
             addresses.lesson_url(catalog.lessons[0].id)]
    with serve_folder(example_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        view = browser.new_page(color_scheme=scheme)
        coloured = {}
        for url in urls:
            view.emulate_media(media="screen")
            view.goto(base + url)
            view.add_style_tag(content="* { transition: none !important; }")  # the print colours at once
            view.emulate_media(media="print")
            # Every piece of visible text, with its colour: black, or a black at least 85% opaque.
            colours = view.evaluate("""() => {
                const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walk.nextNode()) {
                    const el = walk.currentNode.parentElement;
                    if (walk.currentNode.textContent.trim() && el.checkVisibility())
                        out.push([getComputedStyle(el).color, walk.currentNode.textContent.trim().slice(0, 30)]);
                }
                return out; }""")
            coloured[url] = [(c, text) for c, text in colours
                             if not re.fullmatch(r"rgb\(0, 0, 0\)|rgba\(0, 0, 0, (0\.8[5-9]|0\.9\d*|1)\)", c)]
            assert len(colours) > 30, url
        browser.close()
    assert coloured == {url: [] for url in urls}
