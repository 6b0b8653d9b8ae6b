"""Addresses and names the site hands out: absolute URLs, dates of change, download names."""

from __future__ import annotations

import re

# Characters Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 80  # characters before the suffix: long names still fit every file system


def site_url(base_url: str) -> str:
    """``base_url`` ending in one slash, or "" when the site's address is not configured."""
    base = base_url.strip()
    return base.rstrip("/") + "/" if base else ""


def absolute(base_url: str, path: str) -> str:
    """The absolute URL of a site path, or "" without a configured address."""
    base = site_url(base_url)
    return base + path if base else ""


def download_name(stem: str, fmt: str) -> str:
    """A file name for the ``download`` attribute: ``居住情况证明-办事指南.pdf``.

    The URL stays ASCII; only the name the browser saves the file under is Chinese.
    """
    clean = _UNSAFE.sub("_", stem).strip(" .") or "下载"
    return f"{clean[:MAX_NAME]}.{fmt}"


def chinese_day(iso: str) -> str:
    """An ISO date as 2026年6月15日."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def last_changed(history: list[dict]) -> dict[str, str]:
    """Item id → date (ISO) of the latest change history entry that added or changed it."""
    dates: dict[str, str] = {}
    for entry in history:
        touched = [e["id"] for key in ("added", "moved", "changed") for e in entry.get(key, ())]
        for item_id in touched:
            if entry["date"] > dates.get(item_id, ""):
                dates[item_id] = entry["date"]
    return dates
