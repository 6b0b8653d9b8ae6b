"""The libyaml fast path against the careful parser on every sample, fixture and corpus file.

Where the fast path accepts a file it must give the same data (key order and types included)
and the same line for every key; where the careful parser reports an error the fast path must
decline, so that the careful one explains it. Files the loader rejects before parsing (too big,
not UTF-8) reach neither.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECTS, REPO
from test_corpus import CASES, materialize

from guidegen.load import fastyaml, parse
from guidegen.load.parse import MAX_DEPTH, MAX_FILE_BYTES, LoadError

FAST = fastyaml.compose  # the tests below switch it off to run the careful parser alone

SOURCES = {"sample": REPO, **{f"projects/{p.name}": p for p in sorted(PROJECTS.iterdir()) if p.is_dir()}}


def yaml_files(root: Path) -> list[Path]:
    """YAML files under ``root`` (symlinks and folders named like files left out: the loader never parses them)."""
    if root == REPO:
        return [REPO / "guidegen.yaml", *sorted((REPO / "data" / "items").rglob("*.y*ml"))]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_symlink() and p.is_file()
                  and p.name != "case.yaml")


def compare(path: Path, name: str, monkeypatch) -> str:
    """How the file went: "fast", "fallback" (declined, careful path succeeds), "error" or "unparsed"."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return "unparsed"
    try:
        text = parse.decode(raw, name)
    except LoadError:
        return "unparsed"
    fast = FAST(text, MAX_DEPTH)
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "compose", lambda text, max_depth: None)
        try:
            careful = parse.load_text(text, name)
        except LoadError as exc:
            assert fast is None, f"{name}: the fast path accepted what the careful parser rejects: {exc}"
            return "error"
    if fast is None:
        return "fallback"
    data, lines = fast
    assert repr(data) == repr(careful.data), name
    assert lines == careful.lines, name
    return "fast"


def test_the_fast_path_is_available():
    assert fastyaml.AVAILABLE, "PyYAML was built without libyaml: every load takes the slow path"


@pytest.mark.parametrize("source", SOURCES)
def test_samples_and_fixture_projects(source, monkeypatch):
    root = SOURCES[source]
    outcomes = {str(p.relative_to(root)): compare(p, f"{source}/{p.relative_to(root)}", monkeypatch)
                for p in yaml_files(root)}
    assert outcomes, root
    if source != "projects/invalid":  # every file a clerk could have written takes the fast path
        assert set(outcomes.values()) == {"fast"}, outcomes


def test_corpus(tmp_path, monkeypatch):
    outcomes: dict[str, set[str]] = {}
    for case in CASES:
        root = materialize(case, tmp_path / case)  # with its generated files: BOMs, bombs, deep nesting
        for path in yaml_files(root / "items"):
            name = f"{case}/{path.relative_to(root)}"
            outcomes.setdefault(compare(path, name, monkeypatch), set()).add(name)
    assert {"fast", "error", "unparsed"} <= set(outcomes), outcomes
    assert len(outcomes["fast"]) >= 30 and len(outcomes["error"]) >= 15, outcomes
    assert "fallback" not in outcomes, outcomes["fallback"]  # no file there needs it: see below


def test_explicit_tags_take_the_careful_path_and_stay_text():
    text = "id: !!str 05\nname: !!int 7\nstatus: not-issued\n"
    assert FAST(text, MAX_DEPTH) is None
    doc = parse.load_text(text, "a.yaml")
    assert doc.data == {"id": "05", "name": "7", "status": "not-issued"}
    assert doc.lines == {(): 1, ("id",): 1, ("name",): 2, ("status",): 3}
