"""Time the share images: one card drawn in one process, and the build stage for N synthetic records.

    python benchmarks/bench_share.py N [--seed S]

Writes a synthetic project of N records (synth.py), loads it, then times drawing 200 cards one after another
(milliseconds of CPU per card, and the PNG's size) and the whole stage (`shareimage.write_share_images`,
which draws every record's card on every core) into a temporary folder: once with an empty build cache,
once more with every card in it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from generator.build import load_catalog  # noqa: E402
from generator.cache import FileStore  # noqa: E402
from generator.shareimage import draw, record_card, write_share_images  # noqa: E402
from synth import write_synthetic  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-share-") as tmp:
        root = Path(tmp) / "project"
        write_synthetic(root, args.n, args.seed)
        catalog = load_catalog(root)
        cards = [record_card(catalog, r) for r in catalog.records[:200]]
        times, sizes = [], []
        for card in cards:
            started = time.process_time()
            sizes.append(len(draw(card)))
            times.append(time.process_time() - started)
        print(f"one card, one process: {1000 * statistics.mean(times):.1f} ms CPU "
              f"(median {1000 * statistics.median(times):.1f}), {statistics.mean(sizes) / 1024:.1f} KiB")
        count = len(catalog.records) + 1
        for run in ("empty cache", "every card cached"):
            site = Path(tmp) / f"site-{run[:5]}"
            site.mkdir()
            started = time.monotonic()
            write_share_images(catalog, site, FileStore(root))
            seconds = time.monotonic() - started
            total = sum(p.stat().st_size for p in (site / "anh").rglob("*.png"))
            print(f"stage, {run}: {count} cards in {seconds:.1f} s wall on {os.cpu_count()} cores "
                  f"({1000 * seconds / count:.1f} ms each), {total / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
