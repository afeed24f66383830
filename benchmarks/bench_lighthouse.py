"""Lighthouse scores of every page type of the example site, as a mirror serves it: at a sub-path, with gzip.

    python benchmarks/bench_lighthouse.py [--runs N] [--only TYPE ...] [--keep DIR] [--desktop] [--no-gzip]

Builds the example site (the repository's records) into a temporary folder, serves it on 127.0.0.1 under
/guong-sang/ with gzip for text files (tests/siteserver.py), and runs Lighthouse 12.2.3 (npm, pinned in
benchmarks/node/package-lock.json, installed there with `npm ci` on first use) with Debian's Chromium on each
page type of tests/page_types.py: mobile emulation and throttling as Lighthouse's defaults, or its desktop
preset with --desktop. Prints accessibility, best practices, SEO and performance per page, the audits that
lost points, and each page's performance median over N runs. Target: 100 / 100 / 100, and performance at
least 95 on mobile. The 404 page is measured at its own address (404.html, status 200): served in place of a
missing page it answers 404, which Lighthouse's SEO category counts against it by design.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from conftest import CHROMIUM  # noqa: E402
from page_types import PAGE_TYPES, write_project  # noqa: E402
from siteserver import serve_site  # noqa: E402

NODE = REPO / "benchmarks" / "node"
LIGHTHOUSE = NODE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}


def install() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE, check=True)


def lighthouse(url: str, out: Path, desktop: bool) -> dict:
    args = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"]
    if desktop:
        args.append("--preset=desktop")
    subprocess.run(args, check=True, env=os.environ | {"CHROME_PATH": CHROMIUM})
    return json.loads(out.read_text(encoding="utf-8"))


def lost_points(report: dict) -> list[str]:
    """The audits of the scored categories that did not pass, with their score."""
    lost = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}:{ref['id']}={audit['score']:.2f}")
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--only", nargs="*", help="page types to measure (default: all)")
    parser.add_argument("--keep", type=Path, help="keep the reports (JSON) in this folder")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of mobile")
    parser.add_argument("--no-gzip", action="store_true", help="serve without compression, for comparison")
    args = parser.parse_args()
    install()
    from generator.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(write_project(Path(tmp) / "project"), site)
        reports = args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        failed = []
        print(f"{'page':<22} {'a11y':>5} {'bp':>5} {'seo':>5} {'perf':>5}  lost points")
        with serve_site(site, use_gzip=not args.no_gzip) as base:
            for name, path in PAGE_TYPES.items():
                if args.only and name not in args.only:
                    continue
                path = "404.html" if name == "404" else path
                runs = [lighthouse(base + path, reports / f"{name}-{i}.json", args.desktop) for i in range(args.runs)]
                scores = {c: [round(r["categories"][c]["score"] * 100) for r in runs] for c in CATEGORIES}
                median = {c: statistics.median_low(v) for c, v in scores.items()}
                lost = sorted(set(sum((lost_points(r) for r in runs), [])))
                perf = "/".join(str(s) for s in scores["performance"])
                print(f"{name:<22} {median['accessibility']:>5} {median['best-practices']:>5} {median['seo']:>5} "
                      f"{median['performance']:>5}  {' '.join(lost)}" + (f"  (runs: {perf})" if args.runs > 1 else ""))
                if any(median[c] < TARGETS[c] for c in CATEGORIES):
                    failed.append(name)
        if args.keep is None:
            shutil.rmtree(reports)
    print("below target:", ", ".join(failed) if failed else "none")


if __name__ == "__main__":
    main()
