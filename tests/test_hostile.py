"""Hostile but valid content renders literally and legibly in DOCX, PDF and HTML; nothing is fetched.

One real ``guidegen build`` (all formats, worker pool) of an item full of template syntax, markup,
bidi overrides, joiners, emoji and 10,000-character paragraphs, with user print templates that try
to load resources from a loopback HTTP server which records every request it receives.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import docx
import pytest
from clients import (
    Page,
    dump_dom,
    page_count,
    pdffonts,
    pdftotext,
    run,
    soffice_convert,
    squash,
)
from conftest import dump, guidegen_env, not_issued, retained

from guidegen.render.templates import packaged_dir

ID = "guardian-designation"
MARKUP = ("{{ 7*7 }}", "{% for x in y %}环{% endfor %}", "<script>document.title='PWNED'</script>",
          "]]>", "&amp; & &lt;", "\"双引号\"", "'单引号'", "<![CDATA[x]]>")
EMOJI = ("😀", "👍🏽", "👨\u200d👩\u200d👧", "✅")
RTL = "\u202e右到左"  # displayed reversed inside its own field, and only there
LONG = "".join(f"第{i}句：村（居）民委员会应当依法出具证明，sentence {i} continues. " for i in range(1, 200))
TEMPLATE_MARK = "自定义模板已使用"


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server API
        Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with pytest.raises(urllib.error.HTTPError):  # the recorder works: it sees this canary
        urllib.request.urlopen(f"{url}/canary", timeout=5)
    assert Recorder.hits == ["/canary"]
    Recorder.hits.clear()
    yield url
    httpd.shutdown()


def hostile_item(url: str) -> dict:
    bait = f'<img src="{url}/field.png" onerror="document.body.dataset.pwned=1">'
    text = "".join(MARKUP) + bait
    return retained(
        name="指定监护人证明" + "".join(EMOJI), aliases=[MARKUP[0] + MARKUP[2]],
        purposes=[text[:200], "".join(EMOJI) + "a\u200db"], conditions=[text],
        legal_basis=[{"law": "中华人民共和国民法典", "article": "第三十一条", "excerpt": LONG}],
        procedure=[{"title": "申请", "actor": RTL, "detail": "提交申请书ABC"},
                   {"title": "出具", "actor": "村委会", "detail": LONG + text}],
        form={"title": "证明" + MARKUP[3], "text": "兹证明{guardian}<script>x</script> & ]]> \"'为{ward}的监护人。",
              "fields": [{"key": "guardian", "label": "监护人"}, {"key": "ward", "label": "被监护人"}]})


def bait_templates(root, url: str):
    html = root / "html"
    html.mkdir(parents=True)
    css = (packaged_dir() / "html/print.css").read_text(encoding="utf-8")
    (html / "print.css").write_text(
        f'@import url("{url}/import.css");\n{css}\n'
        f'@font-face {{ font-family: Bait; src: url("{url}/font.woff"); }}\n'
        f'body {{ background-image: url("{url}/bg.png"); }}\n', encoding="utf-8")
    guide = (packaged_dir() / "html/print_guide.html").read_text(encoding="utf-8")
    bait = (f'<p>{TEMPLATE_MARK}</p><img src="{url}/template.png"><link rel="stylesheet" href="{url}/t.css">'
            f'<img src="file:///etc/passwd"><iframe src="{url}/frame.html"></iframe>')
    assert guide.count("{% block content %}") == 1
    (html / "print_guide.html").write_text(guide.replace("{% block content %}", "{% block content %}" + bait),
                                           encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory, server):
    root = tmp_path_factory.mktemp("hostile")
    items = root / "data/items"
    items.mkdir(parents=True)
    (items / "guardian.yaml").write_text(dump(hostile_item(server)), encoding="utf-8")
    (items / "kinship.yaml").write_text(dump(not_issued()), encoding="utf-8")
    templates = bait_templates(root / "templates", server)
    done = subprocess.run([sys.executable, "-m", "guidegen", "build", "--out", str(root / "out"),
                           "--templates", str(templates), "-j", "2", "-q"],
                          cwd=root, capture_output=True, text=True, timeout=300, env=guidegen_env())
    assert done.returncode == 0, done.stderr
    hits = list(Recorder.hits)
    return root, root / "out/site", done, hits


def item_file(site, kind: str, fmt: str):
    return site / f"items/{ID}/{ID}-{kind}.{fmt}"


def body_text(pdf) -> str:
    """Text in drawing order (justified lines confuse the layout analysis), without whitespace
    and page numbers “— N —”."""
    raw = run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"]).stdout.decode("utf-8")
    return re.sub(r"—\d+—", "", squash(raw))


def assert_legible(text: str) -> None:
    """Every hostile string literally, the long paragraph whole, the override kept in its field."""
    for piece in MARKUP + EMOJI[:2] + ("指定监护人证明",):
        assert squash(piece) in text, piece
    assert squash(LONG) in text
    assert "申请（左到右）：提交申请书ABC" in text  # reversed in its own field, the text after it is not


def test_pdf_rendering_fetches_nothing(built):
    root, site, done, hits = built
    assert hits == []
    assert TEMPLATE_MARK in pdftotext(item_file(site, "guide", "pdf"))  # the bait template was used


def test_pdf_text_is_literal_and_the_long_paragraph_breaks_across_pages(built):
    _, site, _, _ = built
    guide = item_file(site, "guide", "pdf")
    assert page_count(guide) > 2
    assert_legible(body_text(guide))
    form = body_text(item_file(site, "form", "pdf"))
    assert squash("兹证明<script>x</script> & ]]> \"'为") in form and "{guardian}" not in form


def test_emoji_are_drawn_in_colour_from_the_embedded_emoji_font(built):
    _, site, done, _ = built
    guide = item_file(site, "guide", "pdf")
    fonts = {row["name"].split("+")[-1]: row for row in pdffonts(guide)}
    assert fonts["Noto-Color-Emoji"]["emb"] == "yes"
    images = run(["pdfimages", "-list", guide]).stdout.decode().splitlines()[2:]
    assert any(line.split()[2:3] == ["image"] and " rgb " in line for line in images)  # colour bitmaps
    assert "缺字" not in done.stderr  # the glyph check knows the emoji font


def test_bidi_override_is_kept_but_closed_at_the_end_of_its_field(built):
    _, site, done, _ = built
    document = docx.Document(item_file(site, "guide", "docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "\u202e右到左\u202c）：提交申请书ABC" in text
    assert "警告：含有双向文字控制字符 U+202E" in done.stderr and "procedure[0].actor" in done.stderr


def test_docx_opens_in_libreoffice_with_the_same_legible_text(built, tmp_path):
    _, site, _, _ = built
    docs = [item_file(site, kind, "docx") for kind in ("guide", "form")]
    guide, form = soffice_convert(docs, tmp_path / "pdf", tmp_path / "profile")
    assert page_count(guide) > 2
    assert_legible(body_text(guide))
    assert squash("<script>x</script> & ]]>") in body_text(form)


def test_html_is_escaped_and_no_injected_script_or_element_runs(built, server, tmp_path):
    _, site, _, _ = built
    page = site / f"items/{ID}/index.html"
    source = Page(page.read_text(encoding="utf-8"))
    own = [{"src": "../../assets/site.js"}]  # the site's script, nothing from the data
    assert source.find("script") == own and not source.find("iframe")
    assert not [a for tag, a in source.tags if "127.0.0.1" in a.get("src", "") or "onerror" in a]
    for piece in MARKUP + EMOJI + (RTL + "\u202c",):
        assert piece in source.text, piece
    assert squash(LONG) in squash(source.text)
    Recorder.hits.clear()
    dom = Page(dump_dom(page, tmp_path / "chromium"))
    assert dom.title == source.title and "PWNED" not in dom.title
    assert dom.find("script") == own and not [a for _, a in dom.tags if "data-pwned" in a]
    assert [name for name, _ in dom.tags if name == "img"] == [name for name, _ in source.tags if name == "img"]
    assert Recorder.hits == []  # Chromium found nothing to fetch from the hostile text either


def test_the_bait_server_really_would_have_been_hit(server, tmp_path):
    """Control: without guidegen's fetcher, WeasyPrint does fetch the same bait."""
    import weasyprint

    Recorder.hits.clear()
    weasyprint.HTML(string=f'<img src="{server}/control.png">').write_pdf(tmp_path / "c.pdf")
    assert Recorder.hits == ["/control.png"]
    Recorder.hits.clear()
