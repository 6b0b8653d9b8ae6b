"""Addresses, dates of change and download names (guidegen/site/links.py)."""

from __future__ import annotations

from guidegen.site.links import absolute, download_name, last_changed, site_url


def test_site_url_ends_in_one_slash_or_is_empty():
    assert site_url("") == "" and site_url("  ") == ""
    assert site_url("https://a.gov.cn/z") == site_url("https://a.gov.cn/z//") == "https://a.gov.cn/z/"
    assert absolute("https://a.gov.cn/z", "items/x/index.html") == "https://a.gov.cn/z/items/x/index.html"
    assert absolute("", "index.html") == ""


def test_download_names_are_chinese_and_safe_on_every_system():
    assert download_name("居住情况证明-办事指南", "pdf") == "居住情况证明-办事指南.pdf"
    assert download_name('a/b\\c:d*e?f"g<h>i|j\x01', "docx") == "a_b_c_d_e_f_g_h_i_j_.docx"
    assert download_name(" .. ", "pdf") == "下载.pdf"
    assert len(download_name("证" * 300, "pdf")) == 80 + len(".pdf")


def test_last_changed_is_the_latest_entry_that_added_moved_or_changed_an_item():
    history = [
        {"date": "2026-01-01", "added": [{"id": "a"}, {"id": "b"}], "removed": [], "moved": [], "changed": []},
        {"date": "2026-03-01", "added": [], "removed": [{"id": "c"}], "moved": [{"id": "b"}], "changed": []},
        {"date": "2026-02-01", "added": [], "removed": [], "moved": [], "changed": [{"id": "a"}]},
    ]
    assert last_changed(history) == {"a": "2026-02-01", "b": "2026-03-01"}

