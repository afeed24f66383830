"""`guongsang serve`: a live preview on 127.0.0.1 that rebuilds when a record, page or the config changes.

The preview shows drafts and embargoed records (marked on the page). When an edit breaks something, the
problems go to the terminal and onto every page, and the last good build keeps being served; pages
reload themselves after each rebuild. The reload script and the problem list are added to pages as
they are sent: nothing of the preview is written into a built site.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import messages as msg
from .build import build_site
from .config import CONFIG_FILE
from .problems import InputError, Problem
from .records import remember_reads

log = logging.getLogger(__name__)

VERSION_PATH = "/__guongsang__/version"
WATCHED = ("models", "content", "lessons")  # folders whose changes rebuild the preview, with site_config.yml
SETTLE_SECONDS = 0.3  # editors save in several steps: wait for the last one
# The preview answers only requests addressed to this machine by a loopback name: a page from another
# site that points its own host name at 127.0.0.1 (DNS rebinding) sends that name, and is refused.
LOOPBACK_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)

_TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates/serve"), autoescape=True)


class Preview:
    """The preview's state: the site folder, the problems of the latest build, and a version that changes
    with every rebuild (pages poll it to know when to reload)."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        remember_reads()  # each rebuild reads again only the files that changed
        self.version = 0
        self.problems: list[Problem] = []
        self._lock = threading.Lock()
        self._saved_at: float | None = None  # when the first change since the last build was seen
        self._changed = threading.Event()
        self._stopped = threading.Event()

    def rebuild(self) -> bool:
        """Build the preview; on problems keep the previous site and remember them. True if it built."""
        with self._lock:
            saved_at, self._saved_at = self._saved_at, None
            try:
                result = build_site(self.root, self.out, preview=True)
                problems: list[Problem] = []
            except InputError as err:
                problems = err.problems
            except Exception as err:  # a bug must not end the preview: show it like a problem
                log.exception("preview build failed")
                problems = [Problem(CONFIG_FILE, 1, msg.BUILD_CRASHED.format(error=err))]
            self.problems = problems
            self.version += 1
        if problems:
            for problem in problems:
                log.error("%s", problem)
            log.error(msg.PREVIEW_KEPT.format(count=len(problems)))
        elif saved_at is None:
            log.info(msg.PREVIEW_BUILT.format(records=result.records, seconds=result.seconds))
        else:  # what the press officer waited, from the save to the page reloading (it polls: see inject.html)
            log.info(msg.PREVIEW_REBUILT.format(records=result.records, seconds=time.monotonic() - saved_at,
                                                build=result.seconds))
        return not problems

    # -- watching ------------------------------------------------------------------------------

    def changed(self) -> None:
        if self._saved_at is None:
            self._saved_at = time.monotonic()
        self._changed.set()

    def watch(self) -> Observer:
        """Start watching the project; changes are rebuilt on a background thread."""
        observer = Observer()
        handler = _ChangeHandler(self)
        for folder in WATCHED:
            if (self.root / folder).is_dir():
                observer.schedule(handler, str(self.root / folder), recursive=True)
        observer.schedule(handler, str(self.root), recursive=False)  # site_config.yml, and new folders
        observer.daemon = True
        observer.start()
        threading.Thread(target=self._rebuild_on_change, name="guongsang-rebuild", daemon=True).start()
        return observer

    def stop(self) -> None:
        self._stopped.set()
        self._changed.set()

    def _rebuild_on_change(self) -> None:
        while not self._stopped.is_set():
            self._changed.wait()
            while self._changed.is_set() and not self._stopped.is_set():  # settle: wait for a quiet moment
                self._changed.clear()
                time.sleep(SETTLE_SECONDS)
            if not self._stopped.is_set():
                log.info(msg.PREVIEW_REBUILDING)
                self.rebuild()

    # -- what pages get ------------------------------------------------------------------------

    def inject(self, html: bytes) -> bytes:
        snippet = _TEMPLATES.get_template("inject.html").render(problems=self.problems, version=self.version)
        head, marker, tail = html.rpartition(b"</body>")
        if not marker:
            return html + snippet.encode("utf-8")
        return head + snippet.encode("utf-8") + marker + tail


class _ChangeHandler(FileSystemEventHandler):
    def __init__(self, preview: Preview):
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        root = self.preview.root
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            rel = Path(path).relative_to(root).as_posix() if path and Path(path).is_relative_to(root) else ""
            if rel == CONFIG_FILE or rel.split("/")[0] in WATCHED and not Path(rel).name.startswith("."):
                self.preview.changed()
                return


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # one line per request is noise for a preview
        log.debug(format, *args)

    def parse_request(self) -> bool:
        """Read the request line and headers; refuse (403) a request whose Host is not a loopback name."""
        if not super().parse_request():
            return False
        if LOOPBACK_HOST.fullmatch(self.headers.get("Host", "")):
            return True
        self.close_connection = True
        self._send(msg.SERVE_BAD_HOST.format(port=self.server.server_address[1]).encode("utf-8"),
                   "text/plain; charset=utf-8", 403)
        return False

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _PreviewHandler(_QuietHandler):
    preview: Preview

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # edits must show at once
        super().end_headers()

    def do_GET(self) -> None:
        if self.path.split("?")[0] == VERSION_PATH:
            self._send(str(self.preview.version).encode("ascii"), "text/plain; charset=utf-8")
            return
        if not (self.preview.out / "index.html").is_file():  # no good build yet: show the problems
            page = _TEMPLATES.get_template("no_site.html").render().encode("utf-8")
            self._send(self.preview.inject(page), "text/html; charset=utf-8", 503)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # the standard redirect to the folder's address with a slash
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(self.preview.inject(path.read_bytes()), "text/html; charset=utf-8")
            return
        super().do_GET()


def make_server(site: Path, port: int, preview: Preview | None = None) -> ThreadingHTTPServer:
    """An HTTP server for `site` on 127.0.0.1 only; port 0 picks a free one.

    With a `preview`, pages get the reload script and the problem list.
    """
    if preview is None:
        handler = functools.partial(_QuietHandler, directory=str(site))
    else:
        handler_class = type("Handler", (_PreviewHandler,), {"preview": preview})
        handler = functools.partial(handler_class, directory=str(site))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)
