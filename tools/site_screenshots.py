#!/usr/bin/env python3
"""Screenshots of the sample site for README and docs/ (make screenshots).

Usage:  .venv/bin/python tools/site_screenshots.py [--site output/site] [--out docs]

Builds nothing: run ``make build`` first (the default site is output/site). Drives Debian's
Chromium through Playwright, the same way the browser tests do, at 1280 px (a desktop) and
375 px (a phone), and writes docs/site-*.png: the index, a guide page, a not-issued item,
the search box with results, and the 大字版.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import launch  # noqa: E402  (one way to start Chromium for tests and tools)

# (file name, page, viewport width, height shown, what to do first)
SHOTS = [
    ("site-index-1280.png", "index.html", 1280, 1100, None),
    ("site-index-375.png", "index.html", 375, 1400, None),
    ("site-search-375.png", "index.html", 375, 900, ("search", "hj")),
    ("site-guide-1280.png", "items/guardian-designation/index.html", 1280, 1300, None),
    ("site-guide-375-large.png", "items/guardian-designation/index.html", 375, 1400, ("large", "")),
    ("site-not-issued-375.png", "items/household-identity/index.html", 375, 1100, None),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "output" / "site")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"错误：{args.site} 中没有网站，请先运行 make build", file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, path, width, height, action in SHOTS:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.goto((args.site / path).resolve().as_uri())
            if action and action[0] == "search":
                page.fill("#search-input", action[1])
                page.wait_for_function("() => document.querySelectorAll('#search-list a').length > 0")
            elif action and action[0] == "large":
                page.click("button.size-switch")
                page.mouse.move(width - 1, height - 1)  # no hover effect where the switch was
            page.screenshot(path=str(args.out / name))
            print(args.out / name)
            page.context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
