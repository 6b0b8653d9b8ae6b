"""Real-browser helpers for the site tests: Debian's Chromium through Playwright, a static
server that serves a built site from a sub-path under a strict CSP, axe-core and vnu.

Playwright drives /usr/bin/chromium (``executable_path``): no browser is downloaded.
axe-core and the Nu checker come from the project's node_modules (scripts/bootstrap.sh).
"""

from __future__ import annotations

import json
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STRICT_CSP = "default-src 'self'"
SUB_PATH = "/sub/path/"


class SiteServer:
    """A built site over http at ``/sub/path/`` with ``Content-Security-Policy: default-src
    'self'``; like a web server set up as the README says, a missing page gets 404.html.
    Every request path is recorded, so a test can see anything asked outside the site."""

    def __init__(self, site: Path):
        self.site = site
        self.requests: list[str] = []
        handler = partial(_Handler, server_state=self, directory=str(site))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{SUB_PATH}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def outside(self) -> list[str]:
        """Requested paths that are not under the site's sub-path."""
        return [p for p in self.requests if not p.startswith(SUB_PATH)]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, server_state: SiteServer, **kwargs):
        self.state = server_state
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def end_headers(self):
        self.send_header("Content-Security-Policy", STRICT_CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path):
        return super().translate_path("/" + path.removeprefix(SUB_PATH))

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.state.requests.append(self.path)
        if not self.path.startswith(SUB_PATH):
            self.send_error(404)
            return
        if not Path(self.translate_path(self.path.split("?")[0])).exists():
            body = (self.state.site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def launch(playwright):
    """Debian's Chromium, headless, with the flags that work as root without a network."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


class Watched:
    """A page with its console errors, page errors, failed and foreign requests recorded."""

    def __init__(self, page, site_prefix: str):
        self.page = page
        self.prefix = site_prefix
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))

    def foreign(self) -> list[str]:
        """Requests that left the site."""
        return [u for u in self.requests if not u.startswith(self.prefix)]


def run_axe(page, rules_off: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's violations on the page, every rule on (AAA colour contrast too).

    The engine goes in through the DevTools protocol, which a page's CSP does not govern.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"],
               "rules": {"color-contrast-enhanced": {"enabled": True},
                         **{r: {"enabled": False} for r in rules_off}}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def vnu(paths: list[Path]) -> list[dict]:
    """The Nu HTML checker's errors for the given files (one JVM for all of them)."""
    done = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json", *paths],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") == "error"]
