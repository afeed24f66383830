"""Search at scale: index build time, memory and size, and in Chromium the time to first results and the
data a query loads, for a rare and a common word (the common one also with two filters chosen), online (Pagefind, served over loopback) and offline
(the script index, from file://).

    python benchmarks/bench_search.py [N] [--seed S] [--keep DIR] [--no-site]

Writes N synthetic records (default 10,000) with ``synth.write_synthetic`` and builds the site twice,
served and offline (``guongsang build`` and ``build --offline``, each in a child process). Then it times
each search index on its own, on the built sites: Pagefind over the served copy, our index over the
offline one. With ``--no-site`` (for very large N, where rendering every page takes long) it skips the
MkDocs builds: it writes only what the search indexes read, the record pages' search blocks, and runs
Pagefind over those, and the offline index from the records; the browser figures are then measured on
those bare pages (the search page is copied from a small build).
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, write_synthetic  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_SECONDS = 120  # a query still without results by then is reported as such
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def child_run(args: list[str]) -> tuple[float, float]:
    """Run a command; return wall seconds and the peak memory (MiB) of the largest child so far."""
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def load_catalog(root: Path):
    import datetime as dt

    from generator.catalog import make_catalog
    from generator.project import load_project

    return make_catalog(load_project(root), dt.date.today())


def rare_and_common(catalog) -> tuple[str, str, int, int]:
    """A rare query: one person's full name, typed without accents (the fewest records holding all its
    words, of the first 200 people); a common one: the word found in the most records."""
    from generator.search import postings, search_entries, words
    from generator.text import fold_diacritics

    index = postings(search_entries(catalog))
    docs = {w: set().union(*(d.keys() for d in forms.values())) for w, forms in index.items()}
    people = [r for r in catalog.records if r.kind.value == "individual"][:200]

    def holding(name: str) -> int:
        return len(set.intersection(*(docs[fold_diacritics(w)] for w in words(name))))

    person = min(people, key=lambda r: (holding(r.name), r.name))
    common = max(docs, key=lambda w: (len(docs[w]), w))
    return fold_diacritics(person.name).lower(), common, holding(person.name), len(docs[common])


def bare_pages(catalog, site: Path) -> None:
    """Record pages holding only their search block: what Pagefind reads, without the MkDocs render."""
    import jinja2

    from generator.search import make_entry, pagefind_fields

    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates/pages"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["pagefind_fields"] = pagefind_fields
    block = env.from_string('{% from "_search.html" import search_block %}{{ search_block(e) }}')
    for record in catalog.records:
        entry = make_entry(record, catalog.by_id)
        page = site / entry.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{entry.name}</title>'
                        f'</head><body>{block.render(e=entry)}</body></html>', encoding="utf-8")


def search_page_for(catalog, page: Path) -> None:
    """The small build's search page, with this catalog's facets (the offline index numbers them)."""
    import re

    from generator.search import catalog_facets

    html = page.read_text(encoding="utf-8")
    found = re.search(r'(<script type="application/json" id="gs-search-config">)(.*?)(</script>)', html, re.DOTALL)
    config = json.loads(found.group(2))
    config["facets"] = catalog_facets(catalog)
    text = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    page.write_text(html[:found.start(2)] + text + html[found.end(2):], encoding="utf-8")


class CountingHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def measure_browser(address: str, queries: list[dict[str, str]], folder: Path | None) -> list[dict]:
    """For each query (the search page's address parameters), in a fresh browser context (cold cache):
    seconds until results show, seconds until the facet counts are complete too, and the bytes of every
    file the page loaded (network bytes online; file sizes for file://)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            loaded: list[tuple[str, int]] = []

            def finished(request):
                if folder is not None and request.url.startswith("file:"):
                    path = Path(unquote(urlsplit(request.url).path))
                    loaded.append((request.url, path.stat().st_size if path.is_file() else 0))
                elif folder is None:
                    sizes = request.sizes()
                    loaded.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

            page.on("requestfinished", finished)
            started = time.monotonic()
            page.goto(f"{address}?{urlencode(query)}")
            try:
                page.wait_for_selector("[data-gs-search][data-state=shown], [data-gs-search][data-state=done]",
                                       timeout=TIMEOUT_SECONDS * 1000)
                seconds = time.monotonic() - started
                page.wait_for_selector("[data-gs-search][data-state=done]", timeout=TIMEOUT_SECONDS * 1000)
                complete = time.monotonic() - started
            except PlaywrightTimeout:
                seconds = complete = None
            total = page.eval_on_selector(".gs-search__status", "e => e.textContent")
            search_bytes = sum(size for url, size in loaded if "/pagefind/" in url or "/chi-muc/" in url)
            rows.append({"query": urlencode(query), "seconds": seconds, "complete": complete, "kib_all": sum(s for _, s in loaded) / 1024,
                         "kib_search": search_bytes / 1024, "files": len(loaded), "status": total,
                         "engine": page.get_attribute("[data-gs-search]", "data-engine")})
            context.close()
        browser.close()
    return rows


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/tim-kiem/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it, reusing what an earlier run "
                                                  "built there (default: a temporary folder)")
    parser.add_argument("--no-site", action="store_true", help="skip the MkDocs builds (see above)")
    parser.add_argument("--reuse-indexes", action="store_true",
                        help="with --keep: measure the browser on the indexes an earlier run built, without rebuilding")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from generator.offline import link_index_files
    from generator.addresses import KIND_PATHS, OFFLINE_INDEX
    from generator.search import catalog_facets, run_pagefind, search_entries, write_offline_index

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    project, online, offline = work / "project", work / "online", work / "offline"
    python = sys.executable
    print(f"{args.n:,} synthetic records in {work}")
    if not (project / "models").is_dir():
        write_synthetic(project, args.n, args.seed)
    catalog = load_catalog(project)
    report: dict[str, object] = {"records": len(catalog.records)}

    if args.reuse_indexes:
        pass
    elif args.no_site:
        shutil.rmtree(online, ignore_errors=True)
        small = work / "small"
        if not (small / "tim-kiem").is_dir():
            child_run([python, "-m", "generator", "build", "--root", str(REPO), "--out", str(small)])
        started = time.monotonic()
        bare_pages(catalog, online)
        report["bare_pages_seconds"] = time.monotonic() - started
        for part in ("tim-kiem", "assets", "css"):
            shutil.copytree(small / part, online / part, dirs_exist_ok=True)
        search_page_for(catalog, online / "tim-kiem" / "index.html")
        shutil.rmtree(offline, ignore_errors=True)
        shutil.copytree(online, offline)
    else:  # with --keep, sites built by an earlier run are reused
        for key, out, extra in (("build_online", online, []), ("build_offline", offline, ["--offline"])):
            if not (out / "index.html").is_file():
                seconds, peak = child_run([python, "-m", "generator", "build", *extra, "--root", str(project),
                                           "--out", str(out)])
                report[key] = {"seconds": seconds, "peak_mib_so_far": peak}
                print(key, report[key], flush=True)

    if not args.reuse_indexes:  # each index on its own, on the built pages
        shutil.rmtree(online / "pagefind", ignore_errors=True)
        started = time.monotonic()
        run_pagefind(online)
        files, size = folder_size(online / "pagefind")
        report["pagefind"] = {"seconds": time.monotonic() - started, "files": files, "mib": size / 2**20,
                              "peak_mib_of_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
        print("pagefind", report["pagefind"], flush=True)
        shutil.rmtree(offline / OFFLINE_INDEX, ignore_errors=True)
        started = time.monotonic()
        stats = write_offline_index(search_entries(catalog), catalog_facets(catalog), offline / OFFLINE_INDEX)
        report["offline_index"] = {"seconds": time.monotonic() - started, "files": stats.files,
                                   "mib": stats.bytes / 2**20, "words": stats.words,
                                   "peak_mib_of_this_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        print("offline_index", report["offline_index"], flush=True)
        if args.no_site:
            link_index_files(catalog, offline)

    rare, common, rare_n, common_n = rare_and_common(catalog)
    report["words"] = {"rare": [rare, rare_n], "common": [common, common_n]}
    print("words (records holding them)", report["words"], flush=True)
    first = catalog.records[0]
    filtered = {"q": common, "loai": KIND_PATHS[first.kind.value], "tinh": first.place.current.slug}
    queries = [{"q": rare}, {"q": common}, filtered]
    if Path(CHROMIUM).exists():
        server, address = serve(online)
        try:
            report["browser_online"] = measure_browser(address, queries, None)
        finally:
            server.shutdown()
        report["browser_offline"] = measure_browser((offline / "tim-kiem" / "index.html").as_uri(), queries,
                                                    offline)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print_table(report)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_table(report: dict) -> None:
    print(f"\nrecords: {report['records']:,}")
    for key in ("build_online", "build_offline"):
        if key in report:
            print(f"{key}: {report[key]['seconds']:.1f} s")
    if "pagefind" in report:
        pf, off = report["pagefind"], report["offline_index"]
        print(f"Pagefind index: {pf['seconds']:.1f} s, {pf['files']:,} files, {pf['mib']:.1f} MiB, "
              f"peak {pf['peak_mib_of_children']:.0f} MiB (largest child process)")
        print(f"offline index: {off['seconds']:.1f} s, {off['files']:,} files, {off['mib']:.1f} MiB, "
              f"{off['words']:,} words, peak {off['peak_mib_of_this_process']:.0f} MiB (whole bench process)")
    for key in ("browser_online", "browser_offline"):
        for row in report.get(key, []):
            shown = (f"{row['seconds']:.2f} s (counts {row['complete']:.2f} s)" if row["seconds"] is not None
                     else f"none after {TIMEOUT_SECONDS} s")
            print(f"{key:16} {row['query']!r:16} first results {shown}, "
                  f"search data {row['kib_search']:.0f} KiB, all {row['kib_all']:.0f} KiB in {row['files']} files — {row['status']}")


if __name__ == "__main__":
    sys.exit(main())
