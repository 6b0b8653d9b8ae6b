"""Absolute addresses of site pages, and the QR codes printed documents carry."""

from __future__ import annotations

from guidegen.document.blocks import QrCode
from guidegen.model import Config, Item

ITEM_CAPTION = "扫码查看本事项网页（办事指南、证明式样下载）："
INDEX_CAPTION = "扫码查看两张清单和全部办事指南："


def site_url(config: Config, path: str = "") -> str:
    """``base_url`` joined with a site-relative path; "" when the project has no base_url."""
    base = config.base_url.strip()
    if not base:
        return ""
    return base.rstrip("/") + "/" + path.lstrip("/")


def item_page(config: Config, item: Item) -> str:
    """The absolute address of an item's page, or ""."""
    return site_url(config, f"items/{item.id}/")


def item_qr(config: Config, item: Item, size: float = 20) -> tuple[QrCode, ...]:
    """The item page's QR code, when there is a base_url."""
    url = item_page(config, item)
    return (QrCode(url, ITEM_CAPTION, size),) if url else ()


def index_qr(config: Config, size: float = 20) -> tuple[QrCode, ...]:
    """The index page's QR code, when there is a base_url."""
    url = site_url(config)
    return (QrCode(url, INDEX_CAPTION, size),) if url else ()
