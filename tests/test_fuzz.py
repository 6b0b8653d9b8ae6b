"""Property-based fuzzing: items generated from the schema, with random Unicode and structure.

The loader, schema and rules return a model or clean Chinese problems, never an exception; every
valid generated item renders to DOCX that python-docx and LibreOffice open and to an HTML page whose
tags balance. Example counts come from the Hypothesis profile (conftest: ``ci`` / ``long``).
"""

from __future__ import annotations

import io
import json
import marshal
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from clients import pdftotext, soffice_convert, squash
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import not_issued_items, retained_items, text, valid_not_issued, valid_retained

from guidegen.context import Contexts
from guidegen.errors import ValidationFailed
from guidegen.load.parse import LoadError, load_text
from guidegen.model import Config, Item
from guidegen.plan import plan
from guidegen.project import load_project
from guidegen.render.docx import DocxRenderer, document_text
from guidegen.render.html import HtmlRenderer
from guidegen.render.templates import TemplateSet
from guidegen.validate import messages, rules

EXAMPLES = settings().max_examples  # 100 with the ci profile, thousands with long
RENDERED = max(12, EXAMPLES // 3)
CJK = re.compile(r"[\u4e00-\u9fff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")  # never valid in XML/HTML text

@st.composite
def tainted_items(draw):
    """A valid item with one control character spelt as a YAML escape in one of its texts."""
    item = draw(valid_retained)
    key = draw(st.sampled_from(["name", "department", "issuer", "fee"]))
    bad = draw(st.characters(whitelist_categories=("Cc",), blacklist_characters="\t\n\r"))
    item[key] = item.get(key, "费") + bad  # yaml.safe_dump writes it as "\x01"-style escape
    return item


junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                    max_leaves=8)


@st.composite
def mangled_items(draw):
    """A generated item with random keys replaced by random structure, dropped or added."""
    item = draw(st.one_of(retained_items, not_issued_items))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        key = draw(st.sampled_from(sorted(item)))
        if action == "replace":
            item[key] = draw(junk)
        elif action == "drop":
            item.pop(key)
        else:
            item[draw(text)] = draw(junk)
    return item


def clean(problem) -> bool:
    return bool(problem.path) and problem.line >= 0 and bool(CJK.search(problem.message))


def check_pipeline(source: str) -> Item | None:
    """Load → schema → rules on one file's text: a model or clean problems, nothing else."""
    try:
        doc = load_text(source, "items/x.yaml")
    except LoadError as exc:
        assert exc.problems and all(clean(p) for p in exc.problems)
        return None
    item, problems = messages.build(Item, doc)
    problems += rules.check_raw(doc, set()) if item is None else rules.check_item(rules.Loaded(item, doc))
    assert all(clean(p) for p in problems), [p.format() for p in problems]
    assert item is not None or problems
    return item


@given(mangled_items())
@example({"id": "0", "name": "0", "status": [], "route": "0"})  # found by the long profile: was a TypeError
def test_generated_and_mangled_items_load_or_fail_cleanly(data):
    check_pipeline(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@given(st.one_of(retained_items, not_issued_items), st.data())
def test_randomly_edited_yaml_text_loads_or_fails_cleanly(data, draw):
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, len(source)))
        cut = draw.draw(st.integers(0, 3))
        source = source[:at] + draw.draw(st.text(max_size=4) | st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t\n "))) \
            + source[at + cut:]
    check_pipeline(source)


@given(st.sampled_from("xuU"), st.text("0123456789abcdefABCDEF", max_size=9))
@example("U", "FFFFFFFF")  # found by the long profile: chr() overflow inside PyYAML
def test_any_escape_sequence_loads_or_fails_cleanly(kind, digits):
    check_pipeline(f'id: a\nname: "x\\{kind}{digits}"\nstatus: not-issued\nroute: 由居民自行证明\n')


class StrictPage(HTMLParser):
    """html.parser plus strictness: every non-void element closes, in order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.feed(source)
        self.close()
        assert not self.stack, f"unclosed elements: {self.stack}"

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


HTML = HtmlRenderer(TemplateSet("html"))
DOCX = DocxRenderer(TemplateSet("docx"), Config())
BIDI_CLOSERS = str.maketrans("", "", "\u202c\u2069")
SITE_JS = '<script src="../../assets/site.js"></script>'


def render(folder: Path, data: dict, n: int) -> list[tuple[bytes, str]]:
    """Load one generated item as a real project; render its DOCX and page; check both."""
    data = {**data, "id": f"fuzz-{n}", "fee": f"收费标记{n}"}
    items = folder / "items"
    items.mkdir(parents=True)
    (items / "x.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "guidegen.yaml").write_text("title: 模糊测试\n", encoding="utf-8")
    try:
        project = load_project(folder / "guidegen.yaml", items)
    except ValidationFailed as exc:
        assert all(clean(p) for p in exc.problems)
        return []
    item, contexts = project.items[0], Contexts(project)
    docs = []
    for out in plan(project, ("docx", "html"), only=(item.id,)):
        body = (DOCX if out.fmt == "docx" else HTML).render(out, contexts.for_output(out))
        if out.fmt == "docx":
            opened = docx.Document(io.BytesIO(body))
            assert opened.paragraphs and not CONTROL.search(document_text(body))
            if out.kind == "guide":
                assert f"收费标记{n}" in document_text(body)
                docs.append((body, f"收费标记{n}"))
        else:
            page = StrictPage(body.decode("utf-8"))
            # the one script is the site's own (the 大字版 switch and the search box)
            assert page.tags.count("script") == 1 and SITE_JS in body.decode("utf-8")
            assert not CONTROL.search(body.decode("utf-8"))
            assert item.name.translate(BIDI_CLOSERS) in "".join(page.text).translate(BIDI_CLOSERS)
    return docs


def test_valid_generated_items_render_to_docx_and_html_that_open(tmp_path):
    collected: list[tuple[bytes, str]] = []
    counter = iter(range(10**9))

    @settings(max_examples=RENDERED)
    @given(st.one_of(valid_retained, valid_retained, valid_not_issued, tainted_items(), retained_items))
    def check(data):
        with tempfile.TemporaryDirectory() as folder:
            collected.extend(render(Path(folder), data, next(counter)))

    check()
    assert len(collected) >= 5, "too few valid items were generated to test rendering"
    sample = collected[:: max(1, len(collected) // 10)][:10]  # LibreOffice is slow: ~10, one call
    paths = []
    for index, (body, _) in enumerate(sample):
        paths.append(tmp_path / f"item{index}.docx")
        paths[-1].write_bytes(body)
    pdfs = soffice_convert(paths, tmp_path / "pdf", tmp_path / "profile")
    for pdf, (_, mark) in zip(pdfs, sample):
        assert mark in squash(pdftotext(pdf))


# --- the build state and the item cache: whatever their bytes, a warning and a full rebuild ---

json_junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                         | st.text(max_size=12),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)


def _mutate(draw, value):
    """``value`` with one randomly chosen nested value replaced by junk (or removed)."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value, key=repr)))
        if draw(st.integers(0, 3)) == 0:
            return {k: v for k, v in value.items() if k != key}
        return {**value, key: _mutate(draw, value[key])}
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        return [*value[:index], _mutate(draw, value[index]), *value[index + 1:]]
    return draw(json_junk)


def cached_build(root: Path, out: Path, force: bool = False):
    """Build as the CLI does: with the item cache in ``OUT/.guidegen``."""
    from guidegen.build import build
    from guidegen.settings import Settings

    project = load_project(root / "guidegen.yaml", cache_dir=out / ".guidegen")
    return build(project, Settings(out_dir=out, formats=("html",), force=force))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A one-item project built once (HTML): its state and cache are what gets mangled."""
    from conftest import not_issued, write_items

    root = write_items(tmp_path_factory.mktemp("state"), {"kinship.yaml": not_issued(id="kinship")},
                       config={"title": "某某市证明事项办事指南"})
    out = root / "out"
    cached_build(root, out)
    return root, out


@given(st.data())
@settings(max_examples=EXAMPLES, deadline=None)
def test_mangled_state_is_usable_or_unusable_never_an_exception(built, data):
    from guidegen.incremental.changes import compare
    from guidegen.incremental.state import BuildState
    from guidegen.site.links import chinese_day, last_changed

    _root, out = built
    real = json.loads((out / ".guidegen" / "state.json").read_text(encoding="utf-8"))
    text = json.dumps(_mutate(data.draw, real) if data.draw(st.booleans()) else data.draw(json_junk))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.json"
        path.write_text(text, encoding="utf-8")
        state = BuildState.load(path)
        if state.unusable:
            assert state == BuildState() and not state.published
            return
        compare(state.items, {"kinship": {"name": "亲属关系证明", "status": "不应出具清单"}})
        last_changed(state.changes)
        for entry in state.removed.values():
            chinese_day(entry["date"])
        for output in state.outputs:
            state.is_fresh(output, "key", out / "site" / output)


@given(st.data())
@settings(max_examples=max(10, EXAMPLES // 5), deadline=None)
def test_a_build_over_a_mangled_state_or_cache_warns_once_and_rebuilds(built, data):
    root, out = built
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "out"
        shutil.copytree(out, copy)
        state, cache = copy / ".guidegen" / "state.json", copy / ".guidegen" / "items.cache"
        if data.draw(st.booleans()):
            real = json.loads(state.read_text(encoding="utf-8"))
            state.write_text(json.dumps(_mutate(data.draw, real)), encoding="utf-8")
        else:
            header, entries = marshal.loads(cache.read_bytes())
            mangled = _mutate(data.draw, {k: list(v) for k, v in entries.items()})
            cache.write_bytes(marshal.dumps((header, mangled)) if data.draw(st.booleans())
                              else data.draw(st.binary(max_size=64)))
        report = cached_build(root, copy, force=data.draw(st.booleans()))
        assert len(report.notices) <= 2
        assert all("无法使用" in n.message for n in report.notices)
        assert (copy / "site" / "items" / "kinship" / "index.html").is_file()
