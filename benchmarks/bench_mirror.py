"""Mirror figures: the size of the site, its ZIP and its ZIM, and how long `mirror verify` takes on each.

    python benchmarks/bench_mirror.py [N ...] [--seed S] [--keep DIR]

For the example project (the repository) and for N synthetic records (default: 10,000) it builds the
site, makes the offline downloads (`guongsang bundle`), builds the site again carrying them
(`build --bundles`), and times `mirror verify` on that site in a folder and over HTTP on loopback.
SOURCE_DATE_EPOCH is fixed for synthetic projects, which have no git history.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, write_synthetic  # noqa: E402

from generator import mirror  # noqa: E402
from generator.build import build_site  # noqa: E402
from generator.addresses import DOWNLOADS  # noqa: E402
from generator.bundle import bundle_site  # noqa: E402

SYNTHETIC_EPOCH = "1767225600"  # 2026-01-01


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def verify_over_http(site: Path) -> tuple[mirror.Verification, float]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return timed(lambda: mirror.verify(f"http://127.0.0.1:{server.server_port}/"))
    finally:
        server.shutdown()
        server.server_close()


def bench(label: str, root: Path, work: Path) -> None:
    print(f"== {label}")
    site = work / "site"
    built, seconds = timed(lambda: build_site(root, site))
    files, size = folder_size(site)
    print(f"site: {built.records} records, {files} files, {mib(size)}; built in {seconds:.1f} s")

    bundles, seconds = timed(lambda: bundle_site(root, work / "tai-ve"))
    for download in bundles.downloads:
        print(f"{download.format.upper()}: {mib(download.size)} ({download.name})")
    print(f"offline copy, ZIP and ZIM made in {seconds:.1f} s")

    _, seconds = timed(lambda: build_site(root, site, bundles=work / "tai-ve"))
    files, size = folder_size(site)
    carried = sum(d.size for d in bundles.downloads)
    print(f"site carrying its downloads in {DOWNLOADS}: {files} files, {mib(size)} "
          f"({mib(size - carried)} without them); built in {seconds:.1f} s")
    result, seconds = timed(lambda: mirror.verify(site))
    print(f"mirror verify, folder: {seconds:.2f} s for {result.checked} files, identical={result.identical}")
    result, seconds = verify_over_http(site)
    print(f"mirror verify, HTTP on loopback: {seconds:.2f} s for {result.checked} files, identical={result.identical}")
    for download in bundles.downloads:
        path = site / DOWNLOADS / download.name
        _, seconds = timed(lambda: mirror.file_sha256(path))
        print(f"  of which hashing the {download.format.upper()}: {seconds:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="*", default=[10_000], help="synthetic record counts (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the projects and sites in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guongsang-bench-") as tmp:
        base = args.keep or Path(tmp)
        for name in ["example", *map(str, args.n)]:
            shutil.rmtree(base / f"mirror-{name}", ignore_errors=True)
        bench("example records (the repository)", REPO, base / "mirror-example")
        os.environ["SOURCE_DATE_EPOCH"] = SYNTHETIC_EPOCH
        for n in args.n:
            root = base / f"mirror-{n}" / "project"
            write_synthetic(root, n, args.seed)
            bench(f"{n:,} synthetic records", root, base / f"mirror-{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
