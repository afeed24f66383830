"""Search in a real browser (Debian's Chromium, driven by Playwright), the way readers use it.

One small project, built twice: the served site, under a sub-path on a loopback server, and the offline
copy opened from file://; both search with the same index (tim-kiem/chi-muc/). A third copy, served too,
has its index rewritten so that every word in two records or more is "long", as common words are on a big
site, with first pages of two results: its words are then matched as syllable pairs, from precomputed
first pages and from bitsets. Every query in the table runs on all three.
Set GS_SCREENSHOTS=<folder> to also save screenshots of the search page on a desktop and a phone.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import shutil
import threading
import unicodedata
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from generator.build import build_site
from generator.catalog import make_catalog
from generator.project import load_project
from generator.search import catalog_facets, index_entries, search_entries
from generator.searchindex import index_files, write_index
from generator.text import fold_diacritics, search_words

from conftest import REPO, requires

SUB_PATH = "/guong-sang/"

pytestmark = requires("chromium")

COMMON = "sources:\n  - title: Báo Nhân Dân\n"
RECORDS = {
    "nguyen-hung-dao": """kind: individual
name: Nguyễn Hưng Đạo
role: Giám đốc Trung tâm Y tế huyện Chiêm Hóa
place: {province: Tuyên Quang, district: Chiêm Hóa}
fields: [y-te]
year: 2019
tags: [khám chữa bệnh]
summary: Bác sĩ đưa kỹ thuật mới về huyện miền núi.
story: Bác sĩ mở kênh hỏi đáp trực tuyến giữa người bệnh và bác sĩ.
""",
    "tran-thi-dao": """kind: individual
name: Trần Thị Đào
role: Giáo viên Trường Tiểu học Kim Sơn
place: {province: Hà Nội}
fields: [giao-duc]
year: 2021
summary: Cô giáo dạy chữ và dạy nghề cho các em.
story: Cô mở lớp học buổi tối cho học trò nghèo.
teaching: {levels: [tieu-hoc], questions: [Cô giáo mở lớp học cho ai?]}
""",
    "htx-nguoi-dao": """kind: collective
name: Hợp tác xã dệt thổ cẩm người Dao
unit_type: Hợp tác xã
place: {province: Lào Cai}
fields: [kinh-te]
year: 2020
summary: Phụ nữ trong bản cùng dệt vải, bán sản phẩm khắp nơi.
story: Hợp tác xã có ba mươi thành viên.
""",
    "pham-van-hung": """kind: individual
name: Phạm Văn Hùng
role: Công an viên xã
place: {province: Nghệ An}
fields: [quoc-phong-an-ninh]
year: 2022
summary: Người giữ bình yên cho thôn xóm.
story: Anh tuần tra mỗi đêm.
""",
    "lo-thi-mai": """kind: individual
name: Lò Thị Mai
role: Y sĩ trạm y tế xã
place: {province: Điện Biên}
fields: [y-te]
year: 2022
summary: Người y sĩ của bản xa.
story: Dân bản gọi chị là người anh hùng thầm lặng của núi rừng. Khách nước ngoài viết tặng chị chữ ευχαριστώ.
""",
    "chu-nhat-xanh": """kind: practice
name: Ngày Chủ nhật xanh
aliases: [Chủ nhật vì môi trường]
place: {province: Bắc Giang}
fields: [moi-truong]
year: 2023
summary: Mỗi tuần một buổi cả khu dân cư cùng làm sạch đường làng.
components:
  - label: Ba việc
    items: [Quét dọn, Trồng cây, Phân loại rác]
""",
    # Records may be written carelessly or maliciously: their text is shown as text, never as HTML.
    "mo-hinh-sang": """kind: practice
name: Mô hình <img src=x onerror="window.__xss=1"> sáng
place: {province: Bắc Giang}
fields: [moi-truong]
year: 2023
summary: Tranh <script>window.__xss=2</script> &amp; <b>đẹp</b> ở sân đình.
components:
  - label: Hai việc
    items: [Vẽ tranh, Hát ca]
""",
}

# query string -> records that must be found, and records that must not. Where the order matters (ranking),
# the expected records are a tuple: they must come in that order.
CASES = [
    pytest.param("q=nguyen+hung+dao", ["Nguyễn Hưng Đạo"], ["Trần Thị Đào"], id="no-accents"),
    pytest.param("q=dao", {"Nguyễn Hưng Đạo", "Trần Thị Đào", "Hợp tác xã dệt thổ cẩm người Dao"}, [], id="d-for-đ"),
    pytest.param("q=" + quote("Đào"), ("Trần Thị Đào", "Nguyễn Hưng Đạo"), [], id="exact-accents-first"),
    pytest.param("q=" + quote("Đạo"), ("Nguyễn Hưng Đạo", "Trần Thị Đào"), [], id="exact-accents-first-2"),
    pytest.param("q=" + quote("Hùng"), ("Phạm Văn Hùng", "Nguyễn Hưng Đạo"), [], id="exact-accents-over-names"),
    pytest.param("q=" + quote("Đào") + "&loai=ca-nhan", ("Trần Thị Đào", "Nguyễn Hưng Đạo"), [],
                 id="exact-accents-first-filtered"),
    pytest.param("q=" + quote("NGUYỄN HƯNG ĐẠO"), ["Nguyễn Hưng Đạo"], [], id="upper-case"),
    pytest.param("q=" + quote(unicodedata.normalize("NFD", "Nguyễn Hưng Đạo")), ["Nguyễn Hưng Đạo"], [], id="nfd"),
    pytest.param("q=dao+tuyen+quang", ["Nguyễn Hưng Đạo"], ["Trần Thị Đào"], id="all-words-any-field"),
    pytest.param("q=hung", ("Phạm Văn Hùng", "Lò Thị Mai"), [], id="name-above-story"),
    pytest.param("q=chu+nhat+xanh", ["Ngày Chủ nhật xanh"], [], id="practice"),
    pytest.param("q=vi+moi+truong", ["Ngày Chủ nhật xanh"], [], id="alias"),
    pytest.param("q=giam+doc+trung+tam", ["Nguyễn Hưng Đạo"], [], id="role"),
    pytest.param("q=kham+chua+benh", ["Nguyễn Hưng Đạo"], [], id="tag"),
    pytest.param("q=chiem+hoa", ["Nguyễn Hưng Đạo"], [], id="place"),
    pytest.param("q=dao&tinh=ha-noi", ["Trần Thị Đào"], ["Nguyễn Hưng Đạo"], id="province-filter"),
    pytest.param("q=dao&loai=tap-the", ["Hợp tác xã dệt thổ cẩm người Dao"], ["Trần Thị Đào"], id="kind-filter"),
    pytest.param("linh-vuc=y-te&nam=2022", ["Lò Thị Mai"], ["Nguyễn Hưng Đạo"], id="field-and-year-only"),
    pytest.param("cap-hoc=tieu-hoc", ["Trần Thị Đào"], ["Nguyễn Hưng Đạo", "Lò Thị Mai"], id="school-level-facet"),
    pytest.param("q=" + quote("ΕΥΧΑΡΙΣΤΩ"), ["Lò Thị Mai"], [], id="other-scripts"),
    pytest.param("q=khongcotu", [], ["Nguyễn Hưng Đạo"], id="nothing"),
    pytest.param("q=2022", {"Lò Thị Mai", "Phạm Văn Hùng"}, ["Trần Thị Đào"], id="year"),
    pytest.param("q=y+te+2019", ["Nguyễn Hưng Đạo"], ["Lò Thị Mai"], id="words-and-year"),
    pytest.param("q=" + "q" * 120, [], ["Nguyễn Hưng Đạo"], id="very-long-word"),
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("search-project")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("featured:")
    config.write_text(text[:start] + "featured: []" + text[text.index("\n\n", start):], encoding="utf-8")
    (root / "models").mkdir()
    for record_id, yaml_text in RECORDS.items():
        (root / "models" / f"{record_id}.yml").write_text(yaml_text + COMMON, encoding="utf-8")
    out = tmp_path_factory.mktemp("search-sites")
    build_site(root, out / "online")
    build_site(root, out / "offline", offline=True)
    shutil.copytree(out / "online", out / "long")
    index = out / "long" / "tim-kiem" / "chi-muc"
    shutil.rmtree(index)
    catalog = make_catalog(load_project(root), dt.date(2026, 1, 1))
    labels = catalog_facets(catalog)
    stats = write_index(index_files(index_entries(search_entries(catalog), labels), labels, long_list=1, top=2), index)
    assert stats.long_keys > 20
    return {"online": out / "online", "offline": out / "offline", "long": out / "long"}


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site under SUB_PATH only, as a mirror might: anything else is not found."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(sites):
    """The address of each served copy, under SUB_PATH."""
    servers = {}
    for name in ("online", "long"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPathHandler, directory=str(sites[name])))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[name] = server
    yield {name: f"http://127.0.0.1:{server.server_port}{SUB_PATH}" for name, server in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["online", "offline", "long"])
def search_page(request, sites, served, browser):
    """(page, address of the search page, "online", "offline" or "long") for each copy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in (None, "", "127.0.0.1") else None)
    if request.param == "offline":
        address = sites["offline"].as_uri() + "/tim-kiem/index.html"
    else:
        address = served[request.param] + "tim-kiem/"
    yield page, address, request.param
    assert not errors, errors
    assert not outside, outside
    context.close()


def wait_for_results(page) -> None:
    page.wait_for_selector("[data-gs-search][data-state=done], [data-gs-search][data-state=idle], "
                           "[data-gs-search][data-state=failed]", timeout=20000)


def result_names(page) -> list[str]:
    return page.eval_on_selector_all(".gs-result__name a", "links => links.map(a => a.textContent)")


@pytest.mark.parametrize("query, expected, excluded", CASES)
def test_query_finds_its_records(search_page, query, expected, excluded):
    page, address, copy = search_page
    page.goto(f"{address}?{query}")
    wait_for_results(page)
    assert page.get_attribute("[data-gs-search]", "data-state") == "done"
    names = result_names(page)
    found = [n for n in names if n in expected]
    assert (found == list(expected)) if isinstance(expected, tuple) else (set(found) == set(expected)), names
    assert not set(names) & set(excluded), names
    if not expected:
        assert "Không tìm thấy" in page.inner_text(".gs-search__status")


def test_record_text_is_shown_as_text_never_as_html(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=mo+hinh+sang")
    wait_for_results(page)
    assert result_names(page) == ['Mô hình <img src=x onerror="window.__xss=1"> sáng']
    summary = page.inner_text(".gs-result__summary")
    assert summary == "Tranh <script>window.__xss=2</script> &amp; <b>đẹp</b> ở sân đình."
    assert page.eval_on_selector_all(".gs-results img, .gs-results script, .gs-results b", "es => es.length") == 0
    assert page.evaluate("window.__xss") is None


def test_typing_updates_results_highlights_and_address(search_page):
    page, address, copy = search_page
    page.goto(address)
    wait_for_results(page)
    assert page.get_attribute("[data-gs-search]", "data-state") == "idle"
    page.fill("#gs-q", "")
    page.type("#gs-q", "chiem hoa", delay=30)
    page.wait_for_function("document.querySelectorAll('.gs-result').length === 1")
    wait_for_results(page)
    assert result_names(page) == ["Nguyễn Hưng Đạo"]
    assert page.eval_on_selector_all(".gs-result mark", "ms => ms.map(m => m.textContent)") == ["Chiêm", "Hóa"]
    page.select_option("select[name=loai]", "ca-nhan")
    page.wait_for_function("location.search.includes('loai=ca-nhan')")
    assert "q=chiem+hoa" in page.url
    # The address is the search: opening it again in a new tab shows the same results and filters.
    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_results(shared)
    assert result_names(shared) == ["Nguyễn Hưng Đạo"]
    assert shared.input_value("#gs-q") == "chiem hoa" and shared.input_value("select[name=loai]") == "ca-nhan"
    shared.close()


def test_the_address_keeps_a_finished_word_finished(search_page):
    page, address, copy = search_page
    page.goto(address)
    wait_for_results(page)
    page.type("#gs-q", "chiem ho ", delay=30)  # "ho" followed by a space: not "Hóa" any more
    page.wait_for_function("document.querySelector('.gs-search__status').textContent.includes('Không tìm thấy')")
    wait_for_results(page)
    assert result_names(page) == []
    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_results(shared)
    assert shared.input_value("#gs-q") == "chiem ho " and result_names(shared) == []
    shared.close()


def test_result_links_open_the_record(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=lo+thi+mai")
    wait_for_results(page)
    page.click(".gs-result__name a")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Lò Thị Mai"
    expected_tail = "ca-nhan/lo-thi-mai/" + ("index.html" if copy == "offline" else "")
    assert page.url.endswith(expected_tail)
    if copy != "offline":
        assert urlsplit(page.url).path.startswith(SUB_PATH)


def test_header_search_box_leads_to_the_search_page(search_page):
    page, address, copy = search_page
    home = address.replace("tim-kiem/index.html", "index.html").replace("tim-kiem/", "")
    page.goto(home)
    page.fill("#gs-header-q", "Đào")
    page.press("#gs-header-q", "Enter")
    page.wait_for_load_state()
    wait_for_results(page)
    assert result_names(page)[0] == "Trần Thị Đào"


def facet_options(page, facet: str) -> list[list]:
    return page.eval_on_selector_all(f"select[name={facet}] option",
                                     "os => os.map(o => [o.value, o.textContent, o.disabled])")


def test_facet_counts_follow_the_query(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=dao")
    wait_for_results(page)
    kinds = facet_options(page, "loai")
    assert ["ca-nhan", "Cá nhân (2)", False] in kinds and ["tap-the", "Tập thể (1)", False] in kinds
    assert ["mo-hinh", "Mô hình (0)", True] in kinds
    # With a province chosen, the other provinces still count what choosing them instead would find.
    page.goto(f"{address}?q=dao&tinh=ha-noi")
    wait_for_results(page)
    provinces = facet_options(page, "tinh")
    for expected in (["ha-noi", "Hà Nội (1)", False], ["tuyen-quang", "Tuyên Quang (1)", False],
                     ["lao-cai", "Lào Cai (1)", False]):
        assert expected in provinces
    kinds = facet_options(page, "loai")
    assert ["ca-nhan", "Cá nhân (1)", False] in kinds and ["tap-the", "Tập thể (0)", True] in kinds
    # Two facets chosen: each counts with the other applied (online, searches run after the results show).
    page.goto(f"{address}?q=dao&tinh=ha-noi&loai=ca-nhan")
    wait_for_results(page)
    assert result_names(page) == ["Trần Thị Đào"]
    provinces = facet_options(page, "tinh")
    for expected in (["ha-noi", "Hà Nội (1)", False], ["tuyen-quang", "Tuyên Quang (1)", False],
                     ["lao-cai", "Lào Cai (0)", True]):
        assert expected in provinces
    kinds = facet_options(page, "loai")
    assert ["ca-nhan", "Cá nhân (1)", False] in kinds and ["tap-the", "Tập thể (0)", True] in kinds


def index_files_loaded(page) -> list[str]:
    """The index files the page has loaded, by their path inside the index folder."""
    return page.evaluate("""() => performance.getEntriesByType('resource').map(e => e.name)
        .filter(u => u.includes('/chi-muc/')).map(u => u.split('/chi-muc/')[1])""")


def test_common_words_are_matched_as_syllable_pairs(search_page):
    page, address, copy = search_page
    # "Người" is in many records and "Dao" too: on a big site (here "long") the query is the pair "người
    # Dao", the name of the cooperative, and not a story holding "người" somewhere and "Đạo" in its name.
    page.goto(f"{address}?q=nguoi+dao+")
    wait_for_results(page)
    names = result_names(page)
    assert names[0] == "Hợp tác xã dệt thổ cẩm người Dao"
    if copy == "long":
        assert names == ["Hợp tác xã dệt thổ cẩm người Dao"]
    else:  # every word anywhere, while lists are short
        assert "Nguyễn Hưng Đạo" in names


@pytest.mark.parametrize("copy", ["online", "long"])  # served: file:// loads cannot be held back
def test_a_query_asks_for_its_pairs_with_its_words_not_after_them(copy, sites, served, browser):
    """Which pairs a query needs is known once its words' lists are; the pairs are asked for beside the words
    all the same, so that a query of common words waits for one round of loads, not two. Here every word
    chunk is held back until a pair chunk has been asked for: the query can finish only if it asks for both
    at once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    text = (sites[copy] / "tim-kiem" / "chi-muc" / "index.js").read_text(encoding="utf-8")
    manifest = json.loads(text[text.index("(") + 1:text.rindex(")")])
    pair_chunks = {f"t/{name}.js" for _, name in manifest["pairChunks"]}
    held, asked = [], []

    def route(r):
        path = r.request.url.split("/chi-muc/")[1]
        asked.append(path)
        if path in pair_chunks:
            for waiting in held:
                waiting.continue_()
            held.clear()
            r.continue_()
        elif any(a in pair_chunks for a in asked):
            r.continue_()
        else:
            held.append(r)

    page.route("**/chi-muc/t/*.js", route)
    try:
        page.goto(f"{served[copy]}tim-kiem/?q=nguoi+dao+")
        wait_for_results(page)
        assert any(a in pair_chunks for a in asked), asked
        assert result_names(page)[0] == "Hợp tác xã dệt thổ cẩm người Dao"
    finally:
        for waiting in held:
            waiting.continue_()
        context.close()


@pytest.mark.parametrize("typed, expected", [
    ("chiem ho", "Nguyễn Hưng Đạo"), ("nguyen hung d", "Nguyễn Hưng Đạo"), ("tran thi da", "Trần Thị Đào"),
    ("Trần Thị Đà", "Trần Thị Đào"), ("phan loai ra", "Ngày Chủ nhật xanh"),
])
def test_the_last_word_matches_the_words_it_begins(search_page, typed, expected):
    page, address, copy = search_page
    page.goto(f"{address}?q={quote(typed)}")
    wait_for_results(page)
    assert result_names(page)[0] == expected
    # A word followed by a space is complete: it no longer matches longer words.
    page.goto(f"{address}?q={quote(typed + ' ')}")
    wait_for_results(page)
    assert expected not in result_names(page)


def test_a_common_word_typed_whole_is_not_a_prefix(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=ba")
    wait_for_results(page)
    names = set(result_names(page))
    assert {"Ngày Chủ nhật xanh", "Hợp tác xã dệt thổ cẩm người Dao"} <= names  # "ba việc", "ba mươi"
    if copy == "long":  # "ba" is in many records: it stands for itself, not for "bác", "bản", "bắc"…
        assert names == {"Ngày Chủ nhật xanh", "Hợp tác xã dệt thổ cẩm người Dao"}
    else:
        assert "Nguyễn Hưng Đạo" in names  # "Bác sĩ"


def test_a_common_word_without_filters_needs_only_its_summary(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=thi+")
    wait_for_results(page)
    assert result_names(page) == ["Lò Thị Mai", "Trần Thị Đào"]
    assert "2 kết quả" in page.inner_text(".gs-search__status")
    if copy == "long":  # first page, count and facet counts from the chunk: no bitset, no facet column
        loaded = index_files_loaded(page)
        assert not [f for f in loaded if f.startswith(("b/", "facets"))], loaded
    assert ["ca-nhan", "Cá nhân (2)", False] in facet_options(page, "loai")
    assert ["dien-bien", "Điện Biên (1)", False] in facet_options(page, "tinh")


def test_a_few_results_are_counted_from_their_cards(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=lo+thi+mai")
    wait_for_results(page)
    assert result_names(page) == ["Lò Thị Mai"]
    assert ["dien-bien", "Điện Biên (1)", False] in facet_options(page, "tinh")
    assert ["y-te", "Y tế (1)", False] in facet_options(page, "linh-vuc")
    assert ["2022", "2022 (1)", False] in facet_options(page, "nam")
    assert ["ca-nhan", "Cá nhân (1)", False] in facet_options(page, "loai")
    assert ["tap-the", "Tập thể (0)", True] in facet_options(page, "loai")
    if copy != "offline":  # the facets file (every record's values) is not needed for that
        assert "facets.js" not in index_files_loaded(page)


@pytest.mark.parametrize("typed, suggested, found", [
    ("nguyenhungdao", "nguyễn hưng đạo", "Nguyễn Hưng Đạo"),  # run together
    ("nguyen hugn dao", "nguyễn hưng đạo", "Nguyễn Hưng Đạo"),  # letters swapped
    ("lo thi mia", "lò thị mai", "Lò Thị Mai"),
    ("chiemhoa", "chiêm hóa", "Nguyễn Hưng Đạo"),
])
def test_misspelt_or_run_together_names_get_a_suggestion(search_page, typed, suggested, found):
    page, address, copy = search_page
    page.goto(f"{address}?q={quote(typed)}")
    wait_for_results(page)
    assert result_names(page) == []
    assert "Không tìm thấy" in page.inner_text(".gs-search__status")
    assert page.is_visible(".gs-search__suggestion")
    assert page.inner_text(".gs-search__suggestion") == f"Có phải bạn muốn tìm {suggested}?"
    page.click(".gs-search__suggestion a")
    page.wait_for_function("document.querySelectorAll('.gs-result').length > 0")
    wait_for_results(page)
    assert result_names(page)[0] == found
    assert page.input_value("#gs-q") == suggested
    assert not page.is_visible(".gs-search__suggestion")


def test_no_suggestion_without_a_near_word(search_page):
    page, address, copy = search_page
    page.goto(f"{address}?q=xyzzyqwv")
    wait_for_results(page)
    assert "Không tìm thấy" in page.inner_text(".gs-search__status")
    assert not page.is_visible(".gs-search__suggestion")


@contextlib.contextmanager
def search_page_rewritten(page, address: str, copy: str, change, tmp_path: Path):
    """The address of the search page with its HTML passed through `change`. A served copy's page is
    rewritten as it is sent (a route); routes never see file:// loads, so the offline copy is copied and its
    page rewritten on disk."""
    if copy == "offline":
        site = Path(unquote(urlsplit(address).path)).parents[1]
        shutil.copytree(site, tmp_path / "site")
        rewritten = tmp_path / "site" / "tim-kiem" / "index.html"
        html = rewritten.read_text(encoding="utf-8")
        rewritten.write_text(change(html), encoding="utf-8")
        yield rewritten.as_uri()
        return

    def rewrite(route):
        response = route.fetch()
        route.fulfill(response=response, body=change(response.text()))

    page.route("**/tim-kiem/?*", rewrite)
    try:
        yield address
    finally:
        page.unroute("**/tim-kiem/?*")


@pytest.mark.parametrize("query, expected", [
    ("loai=ca-nhan", ["Lò Thị Mai", "Nguyễn Hưng Đạo", "Phạm Văn Hùng", "Trần Thị Đào"]),
    ("q=" + quote("Đào "), ["Trần Thị Đào", "Hợp tác xã dệt thổ cẩm người Dao", "Nguyễn Hưng Đạo"]),
])
def test_more_results_load_page_after_page(search_page, query, expected, tmp_path):
    page, address, copy = search_page

    def smaller_pages(html: str) -> str:  # pages of two results (the page's own size is 20)
        assert '"pageSize": 20' in html
        return html.replace('"pageSize": 20', '"pageSize": 2')

    with search_page_rewritten(page, address, copy, smaller_pages, tmp_path) as rewritten:
        page.goto(f"{rewritten}?{query}")
        wait_for_results(page)
        assert f"{len(expected)} kết quả" in page.inner_text(".gs-search__status")
        assert result_names(page) == expected[:2] and page.is_visible(".gs-more")
        page.click(".gs-more")
        page.wait_for_function(f"document.querySelectorAll('.gs-result').length === {len(expected)}")
        assert result_names(page) == expected and page.is_hidden(".gs-more")


def test_the_manifest_loads_even_when_the_page_does_not_name_it(search_page, tmp_path):
    page, address, copy = search_page

    def without_manifest(html: str) -> str:
        changed = re.sub(r'<script src="[^"]*chi-muc/index\.js"></script>', "", html)
        assert changed != html
        return changed

    with search_page_rewritten(page, address, copy, without_manifest, tmp_path) as rewritten:
        page.goto(f"{rewritten}?q=lo+thi+mai")
        wait_for_results(page)
        assert result_names(page) == ["Lò Thị Mai"]


# Strings where folding and word splitting are easy to get wrong: both sides must agree on each.
FOLD_CORPUS = [
    "Nguyễn Hưng Đạo", unicodedata.normalize("NFD", "Nguyễn Hưng Đạo"), "ĐẠI ĐOÀN KẾT", "đđĐĐ",
    "Thủy thuỷ Hòa hoà Khỏe khoẻ", "Ưng Ơn ư ơ", "Ǆǅǆ", "İstanbul ıi", "Straße STRASSE", "ﬁnance ﬂ",
    "ΕΥΧΑΡΙΣΤΩ ευχαριστώ ΟΔΟΣ", "Ωμέγα ΐ ΰ", "Привет Ёлка й", "हिन्दी नमस्ते", "עִבְרִית", "العَرَبِيَّة",
    "ภาษาไทย", "中文 汉字", "한국어 한글", "日本語 ひらがな カタカナ", "x² ½ ⅓ Ⅻ ①", "١٢٣ ४५६", "ＦＵＬＬ ｗｉｄｔｈ",
    "a\u0301b\u0323c\u0303", "e\u0302\u0301", "snake_case kebab-case 05-CT/TW", "“Ngoặc kép” «guillemets»",
    "emoji 👍🏽 👨‍👩‍👧", "tab\tnew\nline", "Å Ångström K Kelvin", "ꞌꞋ ʼ", "ᏣᎳᎩ ꮳꮃꭹ",
]


def test_the_page_folds_and_splits_words_as_the_index_does(search_page):
    page, address, copy = search_page
    page.goto(address)
    wait_for_results(page)
    seen = page.evaluate("corpus => corpus.map(t => [GSFold.words(t), GSFold.words(t).map(GSFold.fold), "
                         "GSFold.fold(t)])", FOLD_CORPUS)
    expected = [[search_words(t), [fold_diacritics(w) for w in search_words(t)], fold_diacritics(t)]
                for t in FOLD_CORPUS]
    for text, got, want in zip(FOLD_CORPUS, seen, expected):
        assert got == want, text


def test_screenshots(search_page, browser):
    folder = os.environ.get("GS_SCREENSHOTS")
    if not folder:
        pytest.skip("GS_SCREENSHOTS is not set")
    page, address, copy = search_page
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
        shot = context.new_page()
        for label, query in (("results", "q=dao"), ("filters", "q=dao&loai=ca-nhan&tinh=ha-noi")):
            shot.goto(f"{address}?{query}")
            wait_for_results(shot)
            shot.screenshot(path=str(Path(folder) / f"search-{copy}-{name}-{label}.png"), full_page=True)
        context.close()
