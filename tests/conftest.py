"""Shared fixtures: item dictionaries, a project factory and a CLI runner."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from guidegen import rules, schema
from guidegen.loader import LoadError, load_text
from guidegen.model import Item

PROJECTS = Path(__file__).parent / "projects"
DROP = object()  # pass as a value to ``retained``/``not_issued`` to delete the key

# What ``guidegen check`` must report for tests/projects/invalid (sorted).
INVALID = [
    "data/items/bad-id.yaml:2: id: 编号只能由小写英文字母、数字和连字符组成，以字母或数字开头，最长 64 个字符（如 guardian-designation）",
    "data/items/days.yaml:16: deadline.days: 工作日天数应在 1 到 60 之间",
    "data/items/gbk.yaml:2: 文件不是有效的 UTF-8 编码（可能是 GBK/GB2312 编码），请用记事本或 WPS 另存为 UTF-8",
    "data/items/same-name.yaml:2: name: “指定监护人证明”同时出现在保留清单（data/items/valid.yaml）和不应出具清单中",
    "data/items/syntax.yaml:3: YAML 语法错误：方括号 [ ] 没有正确闭合",
    "data/items/two-errors.yaml:2: name: 不能为空",
    "data/items/two-errors.yaml:3: aliases: 应为列表（每项以“- ”开头）",
    "data/items/unknown-key.yaml:4: batchs: 未知字段“batchs”，是否应为“batch”？",
]

VALID_RETAINED = {
    "id": "guardian-designation",
    "name": "指定监护人证明",
    "aliases": ["监护人指定证明"],
    "status": "retained",
    "catalog": "municipal",
    "department": "民政部门",
    "issuer": "村（居）民委员会",
    "purposes": ["办理监护相关事务"],
    "legal_basis": [{
        "law": "中华人民共和国民法典",
        "article": "第三十一条",
        "excerpt": "对监护人的确定有争议的，由被监护人住所地的居民委员会、村民委员会或者民政部门指定监护人。",
    }],
    "deadline": {"type": "working-days", "days": 5},
    "conditions": ["被监护人住所地在本村（社区）"],
    "materials": [{"name": "申请人居民身份证", "copies": 1, "original": True, "note": "核验原件"}],
    "procedure": [
        {"title": "申请", "actor": "申请人", "detail": "向村（居）民委员会提出书面申请"},
        {"title": "调查核实", "actor": "村（居）民委员会", "detail": "走访了解被监护人情况"},
        {"title": "出具证明", "actor": "村（居）民委员会", "detail": "负责人签字并加盖公章"},
    ],
    "verification": True,
    "public_interest": False,
    "fee": "不收费",
    "form": {
        "title": "指定监护人证明",
        "text": "兹指定{guardian}为{ward}的监护人。",
        "fields": [
            {"key": "guardian", "label": "监护人姓名", "width": 8},
            {"key": "ward", "label": "被监护人姓名", "width": 8},
        ],
    },
    "commitment": {
        "obligation": "申请人对所填内容的真实性负责",
        "content": "本人与被监护人的关系属实",
        "liability": "承诺不实的，依法承担相应责任",
        "verification": "村（居）民委员会可走访核实",
    },
}

VALID_NOT_ISSUED = {
    "id": "kinship",
    "name": "亲属关系证明",
    "status": "not-issued",
    "batch": "第一批",
    "route": "由居民据实提供居民户口簿、结婚证等予以证明",
}


def _changed(base: dict, changes: dict) -> dict:
    data = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = copy.deepcopy(value)
    return data


def retained(**changes) -> dict:
    """A deep copy of VALID_RETAINED with keys replaced (or removed with DROP)."""
    return _changed(VALID_RETAINED, changes)


def not_issued(**changes) -> dict:
    """A deep copy of VALID_NOT_ISSUED with keys replaced (or removed with DROP)."""
    return _changed(VALID_NOT_ISSUED, changes)


def dump(data) -> str:
    """YAML text the way clerks' files look (Chinese kept, key order kept)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def line_in(text: str, pattern: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line matching ``pattern`` (plain text search, no YAML)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    assert len(hits) >= nth, f"{pattern!r} not found {nth} time(s) in:\n{text}"
    return hits[nth - 1]


def check_one(data, path: str = "a.yaml") -> list[str]:
    """Load, validate and apply single-item rules to one file; formatted problems."""
    text = data if isinstance(data, str) else dump(data)
    try:
        doc = load_text(text, path)
    except LoadError as exc:
        return [p.format() for p in exc.problems]
    item, problems = schema.build(Item, doc)
    if item is not None:
        problems += rules.check_item(rules.Loaded(item, doc))
    return [p.format() for p in problems]


def write_items(root: Path, items: dict, config=None) -> Path:
    """Write ``guidegen.yaml`` (when given) and ``data/items/*`` under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        text = config if isinstance(config, str) else dump(config)
        (root / "guidegen.yaml").write_text(text, encoding="utf-8")
    folder = root / "data" / "items"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in items.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, str):
            target.write_bytes(content.encode("utf-8"))
        else:
            target.write_text(dump(content), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path):
    """Factory: ``make_project(items={...}, config=dict_or_None)`` → project root."""
    counter = iter(range(1000))

    def make(items: dict | None = None, config=None) -> Path:
        return write_items(tmp_path / f"project{next(counter)}", items or {}, config)

    return make


@pytest.fixture
def copy_project(tmp_path):
    """Copy a folder of tests/projects/ into tmp_path (for tests that write)."""

    def copy_(name: str) -> Path:
        return Path(shutil.copytree(PROJECTS / name, tmp_path / name, symlinks=True))

    return copy_


@pytest.fixture
def cli(monkeypatch):
    """Run ``guidegen`` through click's CliRunner inside ``cwd``; returns the Result."""
    from guidegen.cli import cli as command

    def run(*args: str, cwd: Path | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(command, [str(a) for a in args])

    return run
