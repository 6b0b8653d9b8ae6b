"""The package's shape: no import cycles, and third-party internals only inside patches/.

Read from the source with ``ast`` (nothing is imported), so a violation fails here even
when the code path that holds it never runs in the other tests.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

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
                    modules[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not foreign(node.module.split(".")[0]):
                continue
            for alias in node.names:
                if private(node.module) or private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                names.add(alias.asname or alias.name)
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
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and (target.value.id in modules or target.value.id in names)):
                    found.append(f"line {node.lineno}: replaces {target.value.id}.{target.attr}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "setattr" and node.args
                and isinstance(node.args[0], ast.Name)
                and (node.args[0].id in modules or node.args[0].id in names)):
            found.append(f"line {node.lineno}: setattr on {node.args[0].id}")
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


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_stdlib_names_are_known():
    assert "multiprocessing" in sys.stdlib_module_names  # foreign() covers the stdlib too
