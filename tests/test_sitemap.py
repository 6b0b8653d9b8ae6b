"""sitemap.xml and robots.txt (guidegen/site/sitemap.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import datetime as dt

from conftest import VALID_NOT_ISSUED, VALID_RETAINED

from guidegen.model import Config, Item
from guidegen.site.sitemap import robots_txt, sitemap_xml

ITEMS = [Item.model_validate(VALID_RETAINED), Item.model_validate(VALID_NOT_ISSUED)]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_live_page_with_absolute_urls_and_dates():
    config = Config(base_url="https://zwfw.example.gov.cn/zhengming", published=dt.date(2026, 5, 1))
    root = ET.fromstring(sitemap_xml(ITEMS, config, {"kinship": "2026-06-15"}))
    urls = {u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in root.findall("s:url", NS)}
    base = "https://zwfw.example.gov.cn/zhengming/"
    assert urls == {f"{base}index.html": "2026-06-15", f"{base}changes.html": "2026-06-15",
                    f"{base}items/guardian-designation/index.html": "2026-05-01",
                    f"{base}items/kinship/index.html": "2026-06-15"}


def test_robots_allows_everything_and_names_the_sitemap_only_when_there_is_one():
    assert robots_txt(Config()).decode() == "User-agent: *\nAllow: /\n"
    with_url = robots_txt(Config(base_url="https://example.gov.cn/z/")).decode()
    assert with_url.endswith("Sitemap: https://example.gov.cn/z/sitemap.xml\n")
