"""Broken user templates (--templates DIR): file, line (or paragraph) and variable, in Chinese."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import jinja2
import pytest
from conftest import guidegen_env, not_issued, retained
from docx.text.paragraph import Paragraph

from guidegen.render.errors import syntax_message
from guidegen.render.templates import packaged_dir

BUILTIN = packaged_dir()
HINT = "（可用变量见 docs/template-context.md）"


@pytest.fixture
def project(make_project):
    return make_project({"r.yaml": retained(), "n.yaml": not_issued()})


def html_template(root: Path, name: str, line: int, append: str) -> Path:
    """Copy a built-in HTML template into ``root/html`` with ``append`` at the end of ``line``."""
    target = root / "html" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = (BUILTIN / "html" / name).read_text(encoding="utf-8").split("\n")
    lines[line - 1] += append
    target.write_text("\n".join(lines), encoding="utf-8")
    return root


def docx_template(root: Path, text: str, after: str = "{{ doc.title }}") -> Path:
    """Copy the built-in guide.docx into ``root/docx`` with a paragraph ``text`` after ``after``."""
    document = docx.Document(BUILTIN / "docx" / "guide.docx")
    anchor = next(p for p in document.paragraphs if p.text == after)
    element = copy.deepcopy(anchor._p)
    anchor._p.addnext(element)
    paragraph = Paragraph(element, anchor._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text
    (root / "docx").mkdir(parents=True, exist_ok=True)
    document.save(root / "docx" / "guide.docx")
    return root


def fails(cli, project: Path, templates: Path, fmt: str) -> list[str]:
    """Build with the broken templates; assert a clean exit 1; the stderr lines."""
    result = cli("build", "--templates", templates, "--format", fmt, "--out", project / "out", "-j", "1",
                 "-q", cwd=project)
    assert isinstance(result.exception, SystemExit), result.exception  # no Python exception escaped
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr and "jinja2" not in result.stderr
    assert not (project / "out" / "site").exists()
    return result.stderr.splitlines()


def test_html_syntax_error_names_file_line_and_the_unclosed_tag(cli, project, tmp_path):
    templates = html_template(tmp_path / "t", "item.html", 5, "{% if item.name %}")
    (line,) = fails(cli, project, templates, "html")
    end = (templates / "html/item.html").read_text(encoding="utf-8").split("\n").index("{% endblock %}") + 1
    assert line == (f"错误：模板 html/item.html:{end}：模板语法错误：遇到未知的标签 {{% endblock %}}"
                    "（标签嵌套有误：第 5 行的 {% if %} 没有对应的 {% endif %}）")


def test_print_template_syntax_error_stops_the_pdf(cli, project, tmp_path):
    templates = html_template(tmp_path / "t", "print_guide.html", 4, "{% for x in %}")
    assert fails(cli, project, templates, "pdf") == [
        "错误：模板 html/print_guide.html:4：模板语法错误：此处缺少表达式（例如 {% if %} 后没有写条件），遇到的是 “%}”"]


@pytest.mark.parametrize("name, fmt, expr, line", [("print_guide.html", "pdf", "item.nonexistent_var", 5),
                                                   ("item.html", "html", "nonexistent_var", 8)])
def test_unknown_variable_names_the_whole_expression(cli, project, tmp_path, name, fmt, expr, line):
    templates = html_template(tmp_path / "t", name, line, f"{{{{ {expr} }}}}")
    assert fails(cli, project, templates, fmt) == [f"错误：模板 html/{name}:{line}：使用了未定义的变量 {expr}{HINT}"]


def test_error_in_an_included_template_names_that_template(cli, project, tmp_path):
    templates = html_template(tmp_path / "t", "_guide.html", 9, "{{ item.name }")
    assert fails(cli, project, templates, "html") == ["错误：模板 html/_guide.html:9：模板语法错误：多余或不成对的 “}”"]


def test_runtime_error_in_an_expression_is_not_a_traceback(cli, project, tmp_path):
    templates = html_template(tmp_path / "t", "item.html", 5, "{{ item.name() }}")
    assert fails(cli, project, templates, "html") == [
        "错误：模板 html/item.html:5：表达式执行出错（对这种值不能这样运算或调用（例如把文字当作函数调用，或把文字和数字相加）），"
        "请检查该行的计算或调用"]


def test_template_saved_as_gbk_and_missing_include(cli, project, tmp_path):
    gbk = html_template(tmp_path / "gbk", "item.html", 1, "")
    (gbk / "html/item.html").write_bytes("{# 页面 #}\n".encode("gbk"))
    assert fails(cli, project, gbk, "html") == ["错误：模板 html/item.html 不是 UTF-8 编码，请另存为 UTF-8"]
    include = html_template(tmp_path / "inc", "item.html", 5, '{% include "nope.html" %}')
    assert fails(cli, project, include, "html") == ["错误：模板 html/item.html 引用的模板 html/nope.html 不存在"]


def test_docx_unknown_variable_shows_the_paragraphs_around_it(cli, project, tmp_path):
    templates = docx_template(tmp_path / "t", "填写人：{{ item.nonexistent }}")
    lines = fails(cli, project, templates, "docx")
    assert lines[0] == f"错误：模板 docx/guide.docx：使用了未定义的变量 item.nonexistent{HINT}"
    assert lines[1] == "出错的段落（→ 所指）及前后段落："
    # One line per paragraph of the template as docxtpl renders it: a {%p %} paragraph
    # becomes its bare tag at the end of the line before.
    marked = next(i for i, line in enumerate(lines) if line.startswith("→ 填写人：{{ item.nonexistent }}"))
    assert lines[marked - 1] == "  {{ doc.title }}" and "{% for b in doc.blocks %}" in lines[marked]


def test_docx_broken_tag_shows_its_paragraph(cli, project, tmp_path):
    templates = docx_template(tmp_path / "t", "{% if %}仅限本村{% endif %}")
    lines = fails(cli, project, templates, "docx")
    assert lines[0] == ("错误：模板 docx/guide.docx：模板语法错误：此处缺少表达式（例如 {% if %} 后没有写条件），"
                        "遇到的是 “%}”")
    assert any(line.startswith("→ {% if %}仅限本村{% endif %}") for line in lines)
    assert "  {{ doc.title }}" in lines


def test_docx_unclosed_loop_points_at_the_paragraph_that_opened_it(cli, project, tmp_path):
    templates = docx_template(tmp_path / "t", "{% for x in item.purposes %}{{ x }}")
    lines = fails(cli, project, templates, "docx")
    assert lines[0] == "错误：模板 docx/guide.docx：模板语法错误：模板意外结束：{% for %} 没有对应的 {% endfor %}"
    assert any(line.startswith("→ {% for x in item.purposes %}{{ x }}") for line in lines)


def broken_docx(path: Path, how: str) -> None:
    path.parent.mkdir(parents=True)
    if how == "text":
        path.write_text("不是 Word 文件", encoding="utf-8")
        return
    source = zipfile.ZipFile(BUILTIN / "docx" / "guide.docx")
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]  # saved half-way
            if how == "truncated" or info.filename != "[Content_Types].xml":
                target.writestr(info, data)


@pytest.mark.parametrize("how, detail", [("text", "不是有效的 zip 压缩包"),
                                         ("no-types", "缺少其中的部件 [Content_Types].xml"),
                                         ("truncated", "XML 在第 2 行无法解析")])
def test_docx_that_is_not_a_word_file(cli, project, tmp_path, how, detail):
    broken_docx(tmp_path / "t/docx/guide.docx", how)
    (line,) = fails(cli, project, tmp_path / "t", "docx")
    assert line.startswith("错误：模板 docx/guide.docx 不是有效的 Word 文档：") and detail in line
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"\S*[./]\S*|Word", "", line)), line


def test_real_cli_prints_no_traceback_for_a_broken_docx_template(project, tmp_path):
    templates = docx_template(tmp_path / "t", "{{ item.nonexistent }}")
    done = subprocess.run([sys.executable, "-m", "guidegen", "build", "--templates", str(templates),
                           "--format", "docx", "--out", str(tmp_path / "out"), "-j", "2", "-q"],
                          cwd=project, capture_output=True, text=True, timeout=120, env=guidegen_env())
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"错误：模板 docx/guide.docx：使用了未定义的变量 item.nonexistent{HINT}\n")


@pytest.mark.parametrize("source", [
    "{% if x %}", "{% for a in b %}{% endif %}", "{{ x", "{{ x }", "{% %}", "{{ x|nope }}",
"{# note", "{% block a %}{% endblock %}{% block a %}{% endblock %}",
    "{{ 'x }}", "{{ x y }}", "{{ $ }}", "{% endfor %}",
])
def test_every_common_syntax_error_is_explained_in_chinese(source):
    env = jinja2.Environment(extensions=[])
    with pytest.raises(jinja2.TemplateSyntaxError) as info:
        env.from_string(source)
    text = syntax_message(info.value.message or "", source, info.value.lineno)
    assert not text.startswith("无法解析"), (info.value.message, text)
    assert not any(word in text for word in ("expected", "unexpected", "Encountered", "named"))


def test_unclosed_block_reports_the_line_it_opened_on():
    source = "a\n{% for x in y %}\n{% if x %}\n{% endif %}\n"
    with pytest.raises(jinja2.TemplateSyntaxError) as info:
        jinja2.Environment().parse(source)
    assert syntax_message(info.value.message, source, info.value.lineno) == \
        "模板意外结束：第 2 行的 {% for %} 没有对应的 {% endfor %}"



@pytest.mark.parametrize("expr, reason", [("1 // 0", "除数为零"), ("'甲' + 1", "对这种值不能这样运算或调用"),
                                          ("'甲'.encode('ascii')", "值的格式不对")])
def test_runtime_errors_are_said_in_chinese_without_python_text(cli, project, tmp_path, expr, reason):
    templates = html_template(tmp_path / "t", "item.html", 5, f"{{{{ {expr} }}}}")
    [message] = fails(cli, project, templates, "html")
    assert message.startswith("错误：模板 html/item.html:5：表达式执行出错（") and reason in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("html/item.html", "")), message
