"""A built site served on 127.0.0.1, and headless Chromium: shared by the browser tests
(tests/browser/conftest.py) and the benchmark (benchmarks/search.py), so both read a site
the same way. No pytest here: the benchmark imports it as a plain module.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Debian's package; CI installs it with apt (see .ci/run).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium",)
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# This machine has no internet: without these Chromium keeps trying (and logging) its own
# background connections, which would also blur the "no request to another host" check.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def find_chromium() -> str | None:
    """CHROMIUM_PATH if set (a Chromium elsewhere), else Debian's, else one on PATH."""
    chosen = os.environ.get("CHROMIUM_PATH")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_chromium(playwright: Any, executable: str) -> Any:
    """Headless Chromium through Playwright, with the arguments above; it downloads nothing."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)


# --- The site, served -------------------------------------------------------------------------

Record = Callable[[str, int], None]  # (request path, bytes sent)
_GZIP_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".mjs")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    gzip_text = False
    record: Record | None = None
    gzipped: dict[str, bytes]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Chromium drops connections it no longer needs (navigation away mid-load); that is
        # not a failure of the site, and printing tracebacks for it would hide real ones.
        pass


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site quietly; on request, gzips text as a CDN does and reports the
    bytes of each response (what a reader would really download)."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if not self.server.gzip_text and self.server.record is None:
            super().do_GET()
            return
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = Path(path).read_bytes()
        gz = (self.server.gzip_text and "gzip" in self.headers.get("Accept-Encoding", "")
              and path.endswith(_GZIP_TYPES))
        body = data
        if gz:
            body = self.server.gzipped.get(path) or self.server.gzipped.setdefault(
                path, gzip.compress(data, 6))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
        if self.server.record is not None:
            self.server.record(self.path.split("?")[0], len(body))


@contextlib.contextmanager
def serve(directory: Path, *, gzip_text: bool = False,
          record: Record | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) for the block; yields the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    server.gzip_text, server.record, server.gzipped = gzip_text, record, {}
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
