"""Screenshots of the example site's main page types, at desktop and phone widths, for a person to look at.

    python tests/screenshots.py OUT_DIR [--dark]

Builds the example site into a temporary folder, serves it on 127.0.0.1 and saves one PNG per page and
width with Debian's Chromium (driven by Playwright). The PNGs are for looking at, not for committing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (this script's folder is on sys.path)
from generator.build import build_site  # noqa: E402
from generator.serve import make_server  # noqa: E402

PAGES = {
    "home": "",
    "listing": "ca-nhan/",
    "individual": "ca-nhan/nguyen-hung-dao/",
    "collective": "tap-the/hop-tac-xa-mien-dong-thang-loi/",
    "practice": "mo-hinh/mo-hinh-4-dung-5-phai-3-sat/",
    "province": "dia-phuong/ca-mau/",
}
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def take(out: Path, dark: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(REPO, site)
        server = make_server(site, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for width_name, (width, height) in WIDTHS.items():
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  color_scheme="dark" if dark else "light")
                    page = context.new_page()
                    for name, url in PAGES.items():
                        page.goto(base + url, wait_until="load")
                        path = out / f"{name}-{width_name}{'-dark' if dark else ''}.png"
                        page.screenshot(path=str(path), full_page=True)
                        shots.append(path)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return shots


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    for shot in take(args.out, args.dark):
        print(shot)
