"""Search at scale: the index's build time, peak memory, size and files, and in Chromium the time to the
first page of results and the bytes a query transfers, served (loopback, under a sub-path, gzip) and from
file://.

    python benchmarks/bench_search.py N [N …] [--seed S] [--keep DIR]

For each N, writes N synthetic records (``synth.write_synthetic``) and builds their search index in a
child process (its own time and peak memory: the records' loading, then the index). The search page and
its assets come from a build of the repository's own project, with the synthetic catalog's facets; record
pages are not needed to search. Four queries: a rare name (the full name, typed without accents, of the
person whose name the fewest records share), the most common word, that word with two filters (the kind
and province of the first record), and the rare name with its last word cut short (a prefix, as while
typing). Each runs in a fresh browser context, first cold, then again after the search page was used
once for another name (its script, manifest and facet file cached): the time from navigation to the first
page of results and facet counts on screen, and the bytes the server sent for it (gzip; for file://, the
bytes of the files read).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, write_synthetic  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SUB_PATH = "/guong-sang/"
TIMEOUT_SECONDS = 60
# The child that builds the index: loads the project, then writes the index; prints what it measured.
INDEX_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
started = time.monotonic()
from generator.catalog import make_catalog
from generator.project import load_project
from generator.search import catalog_facets, index_entries, search_entries
from generator.searchindex import index_files, write_index
import datetime as dt
catalog = make_catalog(load_project(Path(sys.argv[1])), dt.date(2026, 1, 1))
loaded = time.monotonic()
cpu = time.process_time()
peak_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
labels = catalog_facets(catalog)
stats = write_index(index_files(index_entries(search_entries(catalog), labels), labels), Path(sys.argv[2]))
print(json.dumps({"load_seconds": loaded - started, "index_seconds": time.monotonic() - loaded,
                  "index_cpu_seconds": time.process_time() - cpu,
                  "peak_mib_loaded": peak_loaded, "keys": stats.keys, "long_keys": stats.long_keys,
                  "files": stats.files, "bytes": stats.bytes, "records": stats.records,
                  "facets": labels}))
"""


def child_peak_mib(project: Path, out: Path) -> tuple[dict, float]:
    """As run_index_child, measuring the child's own peak memory with wait4."""
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", INDEX_CHILD, str(project), str(out), str(REPO)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = child.stdout.read().decode()
    stderr = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"index build failed:\n{stderr}")
    report = json.loads(stdout.strip().splitlines()[-1])
    report["wall_seconds"] = time.monotonic() - started
    return report, usage.ru_maxrss / 1024


def search_page(small: Path, site: Path, facets: dict) -> None:
    """The small build's search page, assets and styles in `site`, with the synthetic catalog's facets."""
    for part in ("tim-kiem", "assets", "css"):
        shutil.copytree(small / part, site / part, dirs_exist_ok=True, ignore=shutil.ignore_patterns("chi-muc"))
    for asset in ("search.js", "search.css"):  # as they are now, whenever the small build was made
        shutil.copy(REPO / "generator" / "assets" / "search" / asset, site / "assets" / "search" / asset)
    page = site / "tim-kiem" / "index.html"
    html = page.read_text(encoding="utf-8")
    found = re.search(r'(<script type="application/json" id="gs-search-config">)(.*?)(</script>)', html, re.DOTALL)
    config = json.loads(found.group(2))
    config["facets"] = facets
    text = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    page.write_text(html[:found.start(2)] + text + html[found.end(2):], encoding="utf-8")
    # Each select of the page lists the facets' values: rebuild them from the same labels.
    for facet, values in facets.items():
        options = '<option value="">Tất cả</option>' + "".join(
            f'<option value="{v}">{label}</option>' for v, label in values)
        html = page.read_text(encoding="utf-8")
        html = re.sub(rf'(<select name="{facet}">).*?(</select>)', lambda m: m.group(1) + options + m.group(2),
                      html, flags=re.DOTALL)
        page.write_text(html, encoding="utf-8")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site under SUB_PATH, gzip-compressed when asked, cacheable, counting the bytes it sends."""

    sent: list[tuple[str, int]] = []
    compressed: dict[str, bytes] = {}

    def log_message(self, format: str, *args) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a context mid-request
            pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith(SUB_PATH):
            self.send_error(404)
            return
        file = Path(self.directory) / unquote(path[len(SUB_PATH):])
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            key = str(file)
            if key not in self.compressed:
                self.compressed[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.compressed[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        GzipHandler.sent.append((path, len(body) + 200))  # about 200 bytes of headers


# Records the moment the page says its results are complete (data-state=done), on the page's own clock.
DONE_OBSERVER = """
new MutationObserver(function () {
  var s = document.querySelector('[data-gs-search]');
  if (s && s.getAttribute('data-state') === 'failed') window.__gsFailed = true;
  if (s && s.getAttribute('data-state') === 'done' && !window.__gsDone) {
    window.__gsDone = performance.now();
    var start = performance.getEntriesByName('gs-search-start')[0];
    window.__gsEngine = start ? window.__gsDone - start.startTime : null;
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
"""


def measure(browser, address: str, query: dict, warm_up: dict, files: Path | None) -> dict:
    """One query, in a fresh context: cold, then after the page was used once for `warm_up`."""
    out = {}
    for mode in ("cold", "warm"):
        context = browser.new_context()
        context.add_init_script(DONE_OBSERVER)
        page = context.new_page()
        if mode == "warm":
            page.goto(f"{address}?{urlencode(warm_up)}")
            page.wait_for_function("window.__gsDone || window.__gsFailed", timeout=TIMEOUT_SECONDS * 1000)
            page = context.new_page()
        read: list[int] = []
        if files is not None:
            page.on("requestfinished", lambda r: read.append(
                Path(unquote(urlsplit(r.url).path)).stat().st_size if r.url.startswith("file:") else 0))
        GzipHandler.sent = []
        page.goto(f"{address}?{urlencode(query)}")
        try:
            page.wait_for_function("window.__gsDone || window.__gsFailed", timeout=TIMEOUT_SECONDS * 1000)
            ms, engine_ms = page.evaluate("[window.__gsDone || null, window.__gsEngine || null]")
        except Exception:  # a timeout, reported as such
            ms = engine_ms = None
        status = page.eval_on_selector(".gs-search__status", "e => e.textContent")
        sent = [size for _, size in GzipHandler.sent]
        out[mode] = {"ms": ms, "engine_ms": engine_ms, "kb": (sum(read) if files is not None else sum(sent)) / 1000,
                     "files": len(read) if files is not None else len(sent), "status": status}
        context.close()
    return out


def pick_queries(index: Path, catalog_names: list[tuple[str, str, str]]) -> dict:
    """The benchmark's queries, from the index itself and the records' names."""
    long_words = []
    for chunk in (index / "t").glob("*.js"):
        text = chunk.read_text(encoding="utf-8")
        terms = json.loads(text[text.index(",") + 1:-3])
        long_words += [(entry["n"], key) for key, entry in terms.items() if isinstance(entry, dict) and " " not in key]
    common = max(long_words)[1] if long_words else "va"
    from generator.text import fold_diacritics

    folded = Counter(fold_diacritics(name).lower() for name, _, _ in catalog_names)
    people = [n for n in catalog_names if n[1] == "ca-nhan"]
    ordered = sorted(people, key=lambda n: (folded[fold_diacritics(n[0]).lower()], n[0]))
    rare = fold_diacritics(ordered[0][0]).lower()
    other = fold_diacritics(ordered[1][0]).lower()
    head, last = rare.rsplit(" ", 1)
    prefix = f"{head} {last[:max(1, len(last) - 2)]}"
    first = catalog_names[0]
    return {"rare name": {"q": rare}, "common word": {"q": common},
            "common + 2 filters": {"q": common, "loai": first[1], "tinh": first[2]},
            "prefix": {"q": prefix}, "_warm": {"q": other}}


def bench(n: int, seed: int, work: Path, small: Path, browser) -> dict:
    project, site = work / f"project-{n}", work / f"site-{n}"
    if not (project / "models").is_dir():
        started = time.monotonic()
        write_synthetic(project, n, seed)
        print(f"{n:,}: wrote the records in {time.monotonic() - started:.0f} s", flush=True)
    shutil.rmtree(site, ignore_errors=True)
    index = site / "tim-kiem" / "chi-muc"
    report, peak = child_peak_mib(project, index)
    report["peak_mib"] = peak
    search_page(small, site, report.pop("facets"))
    files = [p for p in index.rglob("*") if p.is_file()]
    report["gzip_bytes"] = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in files)
    print(f"{n:,}: index {report['index_seconds']:.1f} s (records loaded in {report['load_seconds']:.1f} s), "
          f"peak {peak:.0f} MiB", flush=True)

    sys.path.insert(0, str(REPO))
    cards = []
    for chunk in sorted((index / "d").glob("*.js"), key=lambda p: int(p.stem)):
        text = chunk.read_text(encoding="utf-8")
        cards += json.loads(text[text.index(",") + 1:-3])
    provinces = json.loads((index / "facets.js").read_text(encoding="utf-8")[len("GSIndex.facets("):-3])["tinh"][2]
    manifest = json.loads((index / "index.js").read_text(encoding="utf-8")[len("GSIndex.manifest("):-3])
    names = [(c[1], c[2], manifest["values"]["tinh"][int(provinces[i], 36)]) for i, c in enumerate(cards)]
    queries = pick_queries(index, names)
    report["queries"] = {k: v for k, v in queries.items() if not k.startswith("_")}
    warm_up = queries.pop("_warm")

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    GzipHandler.compressed = {}
    try:
        online = f"http://127.0.0.1:{server.server_port}{SUB_PATH}tim-kiem/"
        report["online"] = {k: measure(browser, online, q, warm_up, None) for k, q in queries.items()}
    finally:
        server.shutdown()
        server.server_close()
    offline = (site / "tim-kiem" / "index.html").as_uri()
    report["file"] = {k: measure(browser, offline, q, warm_up, site) for k, q in queries.items()}
    return report


def print_table(reports: list[dict]) -> None:
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"\nmachine: {cores} cores, {memory:.0f} GiB, load average {os.getloadavg()[0]:.1f}; Chromium {CHROMIUM}. "
          "index s: wall time of the index (cpu s: its CPU time), after loading the records (load s); peak: the "
          "whole child's. ms: from navigation to the first page of results and facet counts on screen; search: "
          "from the search script's start to the same")
    print(f"{'records':>8} | {'index s':>7} | {'cpu s':>6} | {'load s':>6} | {'peak MiB':>8} | {'files':>6} | {'MB':>6} | "
          f"{'MB gz':>6} | {'keys':>9} | {'long':>5}")
    for r in reports:
        print(f"{r['records']:>8,} | {r['index_seconds']:>7.1f} | {r.get('index_cpu_seconds', 0):>6.1f} | "
              f"{r['load_seconds']:>6.1f} | {r['peak_mib']:>8.0f} | "
              f"{r['files']:>6,} | {r['bytes'] / 1e6:>6.1f} | {r['gzip_bytes'] / 1e6:>6.1f} | {r['keys']:>9,} | "
              f"{r['long_keys']:>5,}")
    print(f"\n{'records':>8} | {'query':<19} | {'where':<6} | {'warm ms':>7} | {'search':>6} | {'warm KB':>7} | "
          f"{'files':>5} | {'cold ms':>7} | {'search':>6} | {'cold KB':>7} | status")
    for r in reports:
        for where in ("online", "file"):
            for name, row in r[where].items():
                warm, cold = row["warm"], row["cold"]
                ms = lambda m: f"{m:>7.0f}" if m is not None else "timeout"  # noqa: E731
                print(f"{r['records']:>8,} | {name:<19} | {where:<6} | {ms(warm['ms'])} | {ms(warm['engine_ms'])[1:]} | "
                      f"{warm['kb']:>7.1f} | {warm['files']:>5} | {ms(cold['ms'])} | {ms(cold['engine_ms'])[1:]} | "
                      f"{cold['kb']:>7.1f} | {warm['status'][:50]}")
    print("\nqueries:", json.dumps({r["records"]: r["queries"] for r in reports}, ensure_ascii=False))
    print("KB: online, gzip bytes the server sent (about 200 bytes of headers each); file://, bytes of the files read")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="*", default=[10_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it, reusing the synthetic "
                                                  "projects an earlier run wrote there")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    small = work / "small"  # built afresh: its search page is the one measured
    shutil.rmtree(small, ignore_errors=True)
    if not (small / "tim-kiem").is_dir():
        subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(REPO), "--out", str(small)],
                       check=True, capture_output=True, cwd=REPO)
    reports = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.n:
            reports.append(bench(n, args.seed, work, small, browser))
            print(json.dumps(reports[-1], ensure_ascii=False), flush=True)
        browser.close()
    print_table(reports)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
