"""A built site served on loopback the way a static host serves a mirror: at a sub-path, with the site's 404.html
(status 404) for any missing address, as GitHub and GitLab Pages do, and optionally gzip for text files.

Used by the browser tests and by benchmarks/bench_lighthouse.py (which measures with gzip, as a real host sends).
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import sys
import threading
from pathlib import Path
from typing import Iterator

# What a host compresses: the text types.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/atom+xml", "application/rss+xml", "application/feed+json")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `sub_path` only (elsewhere, and for anything missing, the site's 404.html)."""

    sub_path = "/"
    use_gzip = False

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.sub_path):
            return os.path.join(self.directory, "\0missing")
        return super().translate_path("/" + path[len(self.sub_path):])

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) and not os.path.isdir(path):
            return self._send_file(os.path.join(self.directory, "404.html"), 404)
        if os.path.isdir(path):
            return super().send_head()  # a folder without the slash: the usual redirect to it
        return self._send_file(path, 200)

    def _send_file(self, path: str, status: int):
        try:
            body = Path(path).read_bytes()
        except OSError:
            self.send_error(404)
            return None
        kind = self.guess_type(path)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        packed = self.use_gzip and kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if packed:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if packed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that stopped reading is no error
            super().handle_error(request, client_address)


@contextlib.contextmanager
def running(server: http.server.HTTPServer) -> Iterator[str]:
    """Run `server` (bound to loopback) on a thread while the block runs; yield its root URL."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_site(site: Path, sub_path: str = "/guong-sang/", use_gzip: bool = False) -> Iterator[str]:
    """Serve the built `site` on 127.0.0.1 at `sub_path`; yield its base URL (ending in the sub-path)."""
    handler = type("Handler", (SiteHandler,), {"sub_path": sub_path, "use_gzip": use_gzip})
    with running(_Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))) as root:
        yield root + sub_path.lstrip("/")
