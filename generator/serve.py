"""`guongsang serve`: a local preview of the built site over http on 127.0.0.1."""
from __future__ import annotations

import functools
import logging
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # one line per request is noise for a preview
        log.debug(format, *args)


def make_server(site: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server for `site` on 127.0.0.1 only; port 0 picks a free one."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)

