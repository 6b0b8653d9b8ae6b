"""The preview server of ``guidegen serve``: the built site on 127.0.0.1, reloaded on change.

Pages are served as built, except that each HTML response gets one external script
that listens on an event stream and reloads the page after a rebuild: nothing of it is
ever written into the site. Responses carry the strict Content-Security-Policy the
README suggests for the published site, so a preview also shows what it would break.
"""

from __future__ import annotations

import contextlib
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CSP = "default-src 'self'"
PREFIX = "/__guidegen__/"
RELOAD_JS = b"""// guidegen serve: reload this page after each rebuild (preview only)
(function () {
  var events = new EventSource("/__guidegen__/events");
  var seen = null;
  events.onmessage = function (event) {
    if (seen !== null && event.data !== seen) { location.reload(); }
    seen = event.data;
  };
}());
"""
TAG = b'<script src="/__guidegen__/reload.js"></script>'
KEEPALIVE_S = 10  # a comment line this often, so a closed tab ends its stream thread


class PreviewServer:
    """A threaded HTTP server of ``site`` on 127.0.0.1 with a reload event stream."""

    def __init__(self, site: Path, port: int):
        self.site = site
        self.generation = 0
        self.changed = threading.Condition()
        self.closing = False
        handler = partial(_Handler, preview=self, directory=str(site))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def reload(self) -> None:
        """Tell every open page to reload."""
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def stop(self) -> None:
        """End the event streams and the server."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        if self._thread.is_alive():  # shutdown() would wait forever for a loop never started
            self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(SimpleHTTPRequestHandler):
    """Static files with no caching, HTML with the reload script, and the event stream."""

    def __init__(self, *args, preview: PreviewServer, **kwargs):
        self.preview = preview
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: the terminal shows builds, not requests."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "reload.js":
            self.send_body(RELOAD_JS, "text/javascript; charset=utf-8")
        elif path == PREFIX + "events":
            self.send_events()
        elif path.endswith("/") or path.endswith(".html"):
            self.send_page()
        else:
            super().do_GET()

    def send_body(self, body: bytes, content_type: str, status: int = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_page(self) -> None:
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        status = HTTPStatus.OK
        if not file.is_file():  # what a web server configured as the README says would do
            file, status = self.preview.site / "404.html", HTTPStatus.NOT_FOUND
        try:
            body = file.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = body.replace(b"</body>", TAG + b"\n</body>", 1)
        self.send_body(body, "text/html; charset=utf-8", status)

    def send_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        preview = self.preview
        seen = -1
        with contextlib.suppress(OSError):
            while True:
                with preview.changed:
                    if seen == preview.generation and not preview.closing:
                        preview.changed.wait(KEEPALIVE_S)
                    if preview.closing:
                        return
                    current = preview.generation
                message = f"data: {current}\n\n" if current != seen else ":\n\n"
                seen = current
                self.wfile.write(message.encode())
                self.wfile.flush()
