"""Screenshots of the example site's main page types, at desktop and phone widths, for a person to look at.

    python tests/screenshots.py OUT_DIR [--dark] [--pages TYPE ...]

Builds the example project (tests/page_types.py) into a temporary folder, serves it on 127.0.0.1 at a
sub-path, as a mirror would (a missing page gets the site's 404 page), and saves one PNG per page and width
with Debian's Chromium (driven by Playwright). The PNGs are for looking at, not for committing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (this script's folder is on sys.path)
from generator.build import build_site  # noqa: E402
from page_types import PAGE_TYPES, write_project  # noqa: E402
from siteserver import serve_site  # noqa: E402

SHOWN = ("home", "listing-individuals", "individual", "individual-photos", "collective", "practice", "province",
         "search-results", "404")
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def take(out: Path, dark: bool = False, shown: tuple[str, ...] = SHOWN) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(write_project(Path(tmp) / "project"), site)
        with serve_site(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme="dark" if dark else "light")
                page = context.new_page()
                for name in shown:
                    page.goto(base + PAGE_TYPES[name], wait_until="networkidle")
                    # Lazy images load only near the viewport: scroll down once so the full-page shot has them.
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    page.wait_for_load_state("networkidle")
                    page.evaluate("window.scrollTo(0, 0)")
                    path = out / f"{name}-{width_name}{'-dark' if dark else ''}.png"
                    page.screenshot(path=str(path), full_page=True)
                    shots.append(path)
                context.close()
            browser.close()
    return shots


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--pages", nargs="*", default=SHOWN, choices=sorted(PAGE_TYPES), metavar="TYPE")
    args = parser.parse_args()
    for shot in take(args.out, args.dark, tuple(args.pages)):
        print(shot)
