"""Time the PDF sheets: one sheet alone, then N sheets made from nothing on every core, then N from the cache.

    python benchmarks/bench_sheets.py [N] [--seed S] [--processes P]

Writes a synthetic project of about 10 × N records (``synth.write_synthetic`` gives teaching notes to about
one in ten, the share the design plans for), loads it, and times ``sheets.make_sheets`` with a fresh cache.
The machine's load average is printed before and after: on a shared machine the figures move with it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_synthetic  # noqa: E402

from generator.build import load_catalog  # noqa: E402
from generator.cache import ContentCache  # noqa: E402
from generator.sheets import available_cores, html_to_pdf, make_sheets, pdf_fonts, sheet_sources  # noqa: E402


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def bench(n: int, seed: int, processes: int | None) -> None:
    with tempfile.TemporaryDirectory(prefix="guongsang-sheets-") as tmp:
        root = Path(tmp) / "project"
        started = time.monotonic()
        write_synthetic(root, n * 10, seed)
        catalog = load_catalog(root)
        sources = sheet_sources(catalog)
        print(f"{len(catalog.records)} records, {len(sources)} sheets; project written and loaded in "
              f"{time.monotonic() - started:.1f} s")
        print("before:", load())

        times, sizes = [], []
        with pdf_fonts(root / "work"):
            html_to_pdf(sources[0][1]())  # the first sheet loads the fonts
            for _, make_html in sources[:10]:
                page = make_html()
                t = time.monotonic()
                sizes.append(len(html_to_pdf(page)))
                times.append(time.monotonic() - t)
        print(f"one sheet, one process: median {statistics.median(times) * 1000:.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); "
              f"size median {statistics.median(sizes) / 1000:.1f} kB")

        cache = ContentCache(root, "sheets")
        cores = processes or available_cores()
        _, cold = make_sheets(catalog, cache, processes)
        print(f"{cold.sheets} sheets from nothing on {cores} processes: {cold.seconds:.1f} s "
              f"({cold.seconds / max(cold.made, 1) * 1000:.0f} ms a sheet, wall)")
        _, warm = make_sheets(catalog, cache, processes)
        print(f"{warm.sheets} sheets again, all from the cache ({warm.made} made): {warm.seconds:.1f} s")
        print("after:", load())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="about how many sheets (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=None, help="default: every core")
    args = parser.parse_args(argv)
    bench(args.n, args.seed, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
