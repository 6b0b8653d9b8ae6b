"""The package's shape: no import cycles, and third-party internals only inside patches/.

Read from the source with ``ast`` (nothing is imported), so a violation fails here even
when the code path that holds it never runs in the other tests.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "guidegen"
PATCHES = PACKAGE / "render" / "patches"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(), str(path)) for name, path in MODULES.items()}


def imports_of(name: str) -> set[str]:
    """guidegen modules ``name`` imports anywhere (module level, functions, TYPE_CHECKING)."""
    found = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "guidegen"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "guidegen":
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES and m != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def foreign(root: str) -> bool:
    return root != "guidegen" and root != "__future__"


PUBLIC = {"os._exit", "sys._getframe"}  # documented public API despite the underscore


def private(name: str) -> bool:
    if name in PUBLIC:
        return False
    return any(p.startswith("_") and not (p.startswith("__") and p.endswith("__"))
               for p in name.split("."))


# Stdlib state meant to be changed by programs: setting these is no monkeypatching.
PUBLIC_STATE = {"os.environ", "sys.path"}


def _targets(node: ast.AST) -> list[ast.expr]:
    """What an assignment, augmented or annotated assignment, or ``del`` writes to."""
    if isinstance(node, ast.Assign):
        found = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        found = [node.target]
    elif isinstance(node, ast.Delete):
        found = list(node.targets)
    else:
        return []
    flat = []
    while found:
        target = found.pop()
        if isinstance(target, ast.Tuple | ast.List):
            found.extend(target.elts)
        elif isinstance(target, ast.Starred):
            found.append(target.value)
        elif isinstance(target, ast.Attribute | ast.Subscript):
            flat.append(target)
    return flat


def _foreign_path(expr: ast.expr, modules: dict[str, str], names: set[str]) -> str | None:
    """``weasyprint.svg.TAGS`` for ``svg.TAGS[...]`` when ``svg`` is a foreign module (or a
    name imported from one); None when the expression is rooted elsewhere."""
    chain = []
    while isinstance(expr, ast.Attribute | ast.Subscript):
        if isinstance(expr, ast.Attribute):
            chain.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name) and (expr.id in modules or expr.id in names):
        return ".".join([modules.get(expr.id, expr.id), *reversed(chain)])
    return None


def _follow_aliases(tree: ast.AST, modules: dict[str, str], names: set[str]) -> None:
    """Bind names assigned a foreign module's attribute (``cls = weasyprint.HTML``,
    ``tags = getattr(svg, "TAGS")``) in ``modules``, so writes through them count."""
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                continue
            value, path = node.value, None
            if isinstance(value, ast.Attribute | ast.Subscript | ast.Name):
                path = _foreign_path(value, modules, names)
            elif (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                  and value.func.id == "getattr" and len(value.args) >= 2
                  and isinstance(value.args[1], ast.Constant)):
                base = _foreign_path(value.args[0], modules, names)
                path = None if base is None else f"{base}.{value.args[1].value}"
            name = node.targets[0].id
            if path is not None and modules.get(name) != path and name not in names:
                modules[name] = path
                changed = True


def violations(tree: ast.AST) -> list[str]:
    """Private names of other packages (stdlib included) used, replaced or overridden."""
    found = []
    modules: dict[str, str] = {}  # local name → foreign module it is bound to
    names: set[str] = set()  # local names imported from foreign modules
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if foreign(alias.name.split(".")[0]):
                    if private(alias.name):
                        found.append(f"line {node.lineno}: import {alias.name}")
                    # ``import a.b`` binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``
                    top = alias.name.split(".")[0]
                    modules[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not foreign(node.module.split(".")[0]):
                continue
            for alias in node.names:
                if private(node.module) or private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                names.add(alias.asname or alias.name)
    _follow_aliases(tree, modules, names)
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            chain, root = [node.attr], node.value
            while isinstance(root, ast.Attribute):
                chain.append(root.attr)
                root = root.value
            if isinstance(root, ast.Name) and (root.id in modules or root.id in names):
                if private(".".join([modules.get(root.id, root.id), *reversed(chain)])):
                    found.append(f"line {node.lineno}: {root.id}.{'.'.join(reversed(chain))}")
        for target in _targets(node):  # assignment into a foreign module or class
            path = _foreign_path(target, modules, names)
            if path is not None and path not in PUBLIC_STATE:
                found.append(f"line {node.lineno}: replaces {path}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr") and node.args
                and _foreign_path(node.args[0], modules, names) is not None):
            found.append(f"line {node.lineno}: {node.func.id} on "
                         f"{_foreign_path(node.args[0], modules, names)}")
        if isinstance(node, ast.ClassDef):
            bases = [b.id if isinstance(b, ast.Name) else
                     b.value.id if isinstance(b, ast.Attribute) and isinstance(b.value, ast.Name)
                     else "" for b in node.bases]
            if any(b in names or b in modules for b in bases):
                for item in node.body:
                    if (isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                            and private(item.name)):
                        found.append(f"line {item.lineno}: {node.name} overrides {item.name}")
    return found


def test_no_import_cycles():
    graph = {name: imports_of(name) for name in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, " → ".join(cycle or [])


def test_third_party_internals_only_in_patches():
    bad = {}
    for name, path in MODULES.items():
        if path.is_relative_to(PATCHES):
            continue
        found = violations(TREES[name])
        if found:
            bad[name] = found
    assert not bad, bad


def test_checker_sees_each_kind_of_violation():
    source = """
import multiprocessing.forkserver
from weasyprint.pdf import _private
from concurrent.futures import ProcessPoolExecutor
import weasyprint.text.fonts as fonts
multiprocessing.forkserver._forkserver._stop()
fonts.build_fonts_dictionary = None
setattr(fonts, "x", 1)
class Pool(ProcessPoolExecutor):
    def _adjust_process_count(self):
        pass
"""
    found = violations(ast.parse(source))
    assert len(found) == 5, found
    assert violations(ast.parse("import os\nos.path.join('a')\nclass A(dict):\n def get(s): pass\n")) == []


MONKEYPATCHES = {
    "import ctypes.util\nctypes.util.find_library = None": "ctypes.util.find_library",
    "import weasyprint\nweasyprint.HTML.render = None": "weasyprint.HTML.render",
    "from weasyprint import HTML\nHTML.render = None": "HTML.render",
    "import weasyprint.svg as svg\nsvg.TAGS['text'] = None": "weasyprint.svg.TAGS",
    "import pydyf\npydyf.Stream.data: object = None": "pydyf.Stream.data",
    "import pydyf\nx, pydyf.PDF.write = 1, None": "pydyf.PDF.write",
    "import pydyf\ndel pydyf.PDF.write": "pydyf.PDF.write",
    "import jinja2\njinja2.Environment.from_string += 1": "jinja2.Environment.from_string",
    "import docxtpl\nsetattr(docxtpl.DocxTemplate, 'render', None)": "docxtpl.DocxTemplate",
    "from docx import Document\ndelattr(Document, 'save')": "Document",
    "import weasyprint\ncls = weasyprint.HTML\ncls.render = None": "weasyprint.HTML.render",
    "import weasyprint.svg as svg\ntags = getattr(svg, 'TAGS', None)\ntags['text'] = None":
        "weasyprint.svg.TAGS",
}


@pytest.mark.parametrize("source", MONKEYPATCHES)
def test_checker_sees_monkeypatching(source):
    found = violations(ast.parse(source))
    assert len(found) == 1 and found[0].endswith(MONKEYPATCHES[source]), found


def test_checker_leaves_own_objects_and_public_state_alone():
    source = """
import os, sys
from docx import Document
os.environ["SOURCE_DATE_EPOCH"] = "0"
sys.path[0:0] = ["x"]
document = Document()
document.core_properties.title = "x"
own = {}
own["a"] = 1
"""
    assert violations(ast.parse(source)) == []


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_stdlib_names_are_known():
    assert "multiprocessing" in sys.stdlib_module_names  # foreign() covers the stdlib too


@pytest.mark.parametrize("name", ["marginboxes", "pdffonts", "pdfwrite", "weasyload"])
def test_checker_sees_what_the_patches_replace(name):
    """The patches are the real monkeypatching: the checker must see it there."""
    found = violations(TREES[f"guidegen.render.patches.{name}"])
    assert any(" replaces " in f for f in found), found
