"""The DOCX renderer writes the same bytes and raises the same errors as before it was made fast.

``docx_reference.ReferenceDocxRenderer`` is the renderer as it was (python-docx opens and
saves the whole template for every document, then the zip is rewritten). Every document
of the sample data, the test projects and of generated projects is compared byte for byte,
and so are user templates with Jinja in every part docxtpl renders; broken templates
must give the same messages.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import docx_variants as variants
import pytest
from conftest import PROJECTS, REPO, not_issued, retained, write_items
from docx_reference import ReferenceDocxRenderer, normalize_zip
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

from guidegen.context import Contexts
from guidegen.errors import GuidegenError, ValidationFailed
from guidegen.plan import Output, plan
from guidegen.project import load_project
from guidegen.render import docxzip
from guidegen.render.docx import DocxRenderer
from guidegen.render.patches.docxtemplate import _Template
from guidegen.render.templates import TemplateSet


def both(project, templates: Path | None = None) -> tuple[DocxRenderer, ReferenceDocxRenderer]:
    """The fast and the reference renderer for one project and template folder."""
    found = TemplateSet("docx", templates)
    return DocxRenderer(found, project.config), ReferenceDocxRenderer(found, project.config)


def assert_identical(project, templates: Path | None = None, kinds=None) -> int:
    """Every DOCX of the project, one renderer each, in plan order (kinds interleaved)."""
    fast, reference = both(project, templates)
    contexts = Contexts(project)
    outputs = [o for o in plan(project, ("docx",)) if kinds is None or o.kind in kinds]
    for output in outputs:
        ctx = contexts.for_output(output)
        assert fast.render(output, ctx) == reference.render(output, ctx), output.path
    return len(outputs)


@pytest.mark.parametrize("name", ["sample", "documents", "incremental", "minimal", "encodings"])
def test_every_document_of_the_projects_is_byte_identical(name):
    if name == "sample":
        project = load_project(REPO / "guidegen.yaml", REPO / "data" / "items")
    else:
        project = load_project(PROJECTS / name / "guidegen.yaml")
    assert assert_identical(project) > 0


def test_every_document_of_generated_projects_is_byte_identical():
    compared = []

    @settings(max_examples=max(10, settings().max_examples // 4))
    @given(projects())
    def check(items):
        with tempfile.TemporaryDirectory() as folder:
            root = write_items(Path(folder), {f"{i['id']}.yaml": i for i in items}, {"title": "生成的项目"})
            try:
                project = load_project(root / "guidegen.yaml")
            except ValidationFailed:  # rare: e.g. two names that differ only in look-alike characters
                return
            compared.append(assert_identical(project))

    check()
    assert len(compared) >= 5 and sum(compared) >= 50, compared


def test_configured_fonts_and_an_old_date_are_byte_identical(make_project):
    config = {"published": "1975-02-03", "authority": "某县民政局",
              "fonts": {"body": "仿宋", "title": "黑体", "number": "Liberation Serif"}}
    root = make_project({"a.yaml": retained(), "b.yaml": not_issued()}, config)
    assert assert_identical(load_project(root / "guidegen.yaml")) == 6  # guide, form, letter, notice, register and the guide booklet


@pytest.fixture
def project(make_project):
    root = make_project({"a.yaml": retained(), "b.yaml": not_issued()},
                        {"published": "2026-03-15", "authority": "测试县民政局"})
    return load_project(root / "guidegen.yaml")


USER_TEMPLATES = {
    "word": lambda: ("guide", variants.word_guide()),
    "word-without-core": lambda: ("guide", variants.without_core_properties(variants.word_guide())),
    "header-and-footer": lambda: ("guide", variants.builtin_with(
        "guide", header="{{ item.name }} {{ project.region }}", footer="— {{ item.id }} —")),
    "header-only": lambda: ("letter", variants.builtin_with("letter", header="{{ item.name }}")),
    "static-header": lambda: ("form", variants.builtin_with("form", header="存根\t{_{ 原样 }_}")),
    "title": lambda: ("form", variants.builtin_with("form", title="{{ item.name }}（{{ item.id }}）")),
    "footnotes": lambda: ("form", variants.add_footnotes(
        variants.builtin_with("form"), "注：{{ item.name }}")),
}


@pytest.mark.parametrize("case", USER_TEMPLATES)
def test_user_templates_with_jinja_in_every_part_are_byte_identical(case, project, tmp_path):
    kind, data = USER_TEMPLATES[case]()
    templates = variants.write_template(tmp_path / "t", kind, data)
    assert assert_identical(project, templates, kinds=(kind,)) >= 1


def render_error(renderer, output: Output, ctx: dict) -> str:
    with pytest.raises(GuidegenError) as info:
        renderer.render(output, ctx)
    return f"{type(info.value).__name__}: {info.value}"


BROKEN = {
    "unknown-variable": lambda: variants.builtin_with("guide", after=("{{ doc.title }}", "填写人：{{ item.nonexistent }}")),
    "bad-tag": lambda: variants.builtin_with("guide", after=("{{ doc.title }}", "{% if %}仅限本村{% endif %}")),
    "unclosed-loop": lambda: variants.builtin_with("guide", after=("{{ doc.title }}", "{% for x in item.purposes %}{{ x }}")),
    "runtime": lambda: variants.builtin_with("guide", after=("{{ doc.title }}", "{{ item.name() }}")),
    "header": lambda: variants.builtin_with("guide", header="{{ item.nonexistent }}"),
    "footer-syntax": lambda: variants.builtin_with("guide", footer="{{ item.name }"),
    "title": lambda: variants.builtin_with("guide", title="{{ nope }}"),
    "title-no-footer": lambda: variants.builtin_with("form", title="{{ item.name | nope }}"),
    "footnotes": lambda: variants.add_footnotes(variants.builtin_with("guide"), "{{ nope }}"),
    "word-footnotes": lambda: variants.edit_zip(
        variants.word_guide(), {"word/footnotes.xml": variants.footnotes_xml("{% endif %}")}),
    # docxtpl renders footnotes once per section: the second time, {_{ x }_} is a variable
    "footnotes-twice": lambda: variants.edit_zip(
        variants.word_guide(), {"word/footnotes.xml": variants.footnotes_xml("{_{ 不是变量 }_}")}),
    "not-a-zip": lambda: "不是 Word 文件".encode(),
    "no-content-types": lambda: variants.edit_zip((variants.BUILTIN / "guide.docx").read_bytes(),
                                                  {"[Content_Types].xml": None}),
    "truncated": lambda: variants.edit_zip((variants.BUILTIN / "guide.docx").read_bytes(), rewrite=lambda n, b:
                                           b[: len(b) // 2] if n == "word/document.xml" else b),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_templates_give_the_same_message(case, project, tmp_path):
    data = BROKEN[case]()
    kind = "form" if case == "title-no-footer" else "guide"
    templates = variants.write_template(tmp_path / "t", kind, data)
    fast, reference = both(project, templates)
    output = next(o for o in plan(project, ("docx",)) if o.kind == kind)
    ctx = Contexts(project).for_output(output)
    expected = render_error(reference, output, ctx)
    assert render_error(fast, output, ctx) == expected
    assert render_error(fast, output, ctx) == expected  # and again, from the cached template


@given(st.lists(st.sampled_from(["<w:p>", "<w:p w:rsidR=\"1\">", "</w:p>", "<w:pPr><w:jc/></w:pPr>",
                                 "<w:r>", "</w:r>", "<w:rPr><w:b/></w:rPr>", "<w:t>", "</w:t>",
                                 '<w:t xml:space="preserve">', "x", "中", "\t", "\n", "\a", "\f"]),
                max_size=40))
def test_resolve_listing_only_on_the_paragraphs_that_need_it_is_the_same(pieces):
    xml = "".join(pieces)
    assert _Template(None, {}).resolve_listing(xml) == DocxTemplate(None).resolve_listing(xml)


@pytest.mark.parametrize("published", [dt.date(2026, 3, 15), dt.date(1975, 12, 31)])
def test_docxzip_writes_the_bytes_zipfile_wrote(published):
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as package:
        for name, data in (("[Content_Types].xml", b"<Types/>" * 50), ("word/媒体/图.xml", "中文".encode() * 99),
                           ("empty", b""), ("word/media/image1.png", bytes(range(256)) * 40)):
            package.writestr(name, data)
    stamp = docxzip.dos_stamp(published)
    members = [docxzip.Member(info.filename, zipfile.ZipFile(source).read(info), stamp)
               for info in zipfile.ZipFile(source).infolist()]
    assert docxzip.write(members) == normalize_zip(source.getvalue(), published)
