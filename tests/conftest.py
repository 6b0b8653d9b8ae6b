"""Shared fixtures: item dictionaries, a project factory and a CLI runner."""

from __future__ import annotations

import copy
import re
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from guidegen.load.parse import LoadError, load_text
from guidegen.model import Item
from guidegen.validate import messages, rules

# A suite started in the background by a script (`cmd &`, nohup) inherits SIGINT ignored;
# the Ctrl-C tests need it delivered here and in the builds they start (an ignored signal
# stays ignored across exec, a handler does not).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

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
    item, problems = messages.build(Item, doc)
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


# ---- Document-output tests (test_plan.py, test_render_*.py, test_fonts.py,
# test_build_outputs.py): the fixture project tests/projects/documents is built
# ONCE per session by the real CLI in a separate process; tests read its files.

import subprocess  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = PROJECTS / "documents"
DOCUMENT_ITEMS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in sorted((DOCUMENTS / "data" / "items").glob("*.yaml"))}
HOSTILE = "& <script>alert(1)</script> {{ 7*7 }}"  # inside a purpose of residence-hardship
PWNED = "<script>document.title='PWNED'</script>"  # inside its conditions
RARE = "䶮堃喆𠮷"  # in its form text and commitment content


def guidegen_build(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m guidegen build ARGS`` in a new process (text output)."""
    return subprocess.run([sys.executable, "-m", "guidegen", "build", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


@dataclass(frozen=True)
class BuiltSite:
    """A finished ``guidegen build``: OUT, OUT/site and the process result."""

    out: Path
    result: subprocess.CompletedProcess

    @property
    def site(self) -> Path:
        return self.out / "site"

    def doc(self, kind: str, fmt: str, item_id: str | None = None) -> Path:
        """Path of one document: an item kind (guide/form/letter) or notice/register."""
        if kind == "notice":
            return self.site / f"downloads/not-issued.{fmt}"
        if kind == "register":
            return self.site / f"downloads/seal-register.{fmt}"
        return self.site / f"items/{item_id}/{item_id}-{kind}.{fmt}"

    def docs(self, kind: str, fmt: str) -> list[Path]:
        """Every document of a kind in the site, in id order."""
        if kind in ("notice", "register"):
            return [self.doc(kind, fmt)]
        return sorted(self.site.glob(f"items/*/*-{kind}.{fmt}"))

    def files(self) -> list[str]:
        """Sorted site-relative paths of every file under OUT/site."""
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*") if p.is_file())


def build_documents(out: Path, *args) -> BuiltSite:
    """Build the documents fixture project into ``out``; fail with its stderr if it fails."""
    result = guidegen_build("--config", DOCUMENTS / "guidegen.yaml", "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, result)


@pytest.fixture(scope="session")
def documents_site(tmp_path_factory) -> BuiltSite:
    """The whole documents project, built once: ``guidegen build --out <tmp> -j 2``."""
    return build_documents(tmp_path_factory.mktemp("documents") / "out", "-j", "2")


@pytest.fixture(scope="session")
def libreoffice_pdfs(documents_site, tmp_path_factory):
    """kind → {DOCX stem: PDF converted by LibreOffice}; one soffice call per kind, on first use."""
    from clients import soffice_convert

    root = tmp_path_factory.mktemp("libreoffice")
    converted: dict[str, dict[str, Path]] = {}

    def convert(kind: str) -> dict[str, Path]:
        if kind not in converted:
            docx = documents_site.docs(kind, "docx")
            pdfs = soffice_convert(docx, root / kind, root / "profile")
            converted[kind] = {p.stem: p for p in pdfs}
        return converted[kind]

    return convert


# --- Incremental build, atomic publish and crash tests (test_build.py, test_crash.py, ...) ---

INCREMENTAL = "incremental"  # tests/projects/incremental: 2 retained + 2 not-issued items
FAST = ("html", "docx")  # formats for tests where PDFs are not the point


def snapshot(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root`` ({} when it does not exist)."""
    import hashlib

    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_build(root: Path, out: Path, formats=FAST, **settings):
    """Build the project at ``root`` into ``out`` in this process; returns the Report."""
    from guidegen.build import build
    from guidegen.project import load_project
    from guidegen.settings import Settings

    project = load_project(root / "guidegen.yaml")
    return build(project, Settings(out_dir=out, formats=tuple(formats), **settings))


def guidegen_cmd(*args) -> list[str]:
    """argv running this checkout's guidegen in a fresh interpreter."""
    import sys

    return [sys.executable, "-m", "guidegen", *(str(a) for a in args)]


def guidegen_env(**extra: str) -> dict[str, str]:
    """Environment for guidegen subprocesses: this checkout first, no stray fault hooks."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "GUIDEGEN_FAULT"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@pytest.fixture
def incremental(copy_project):
    """A writable copy of tests/projects/incremental."""
    return copy_project(INCREMENTAL)


# ---- Hypothesis profiles (tests/test_fuzz.py and the other property tests) -------------
# ``ci`` (default) keeps the whole suite fast; ``HYPOTHESIS_PROFILE=long`` (``make fuzz``)
# runs thousands of examples. Tests that render documents scale their count from this one.

import os as _os  # noqa: E402

from hypothesis import HealthCheck as _HealthCheck  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile(
    "ci", max_examples=100, deadline=None, derandomize=True,
    suppress_health_check=[_HealthCheck.too_slow, _HealthCheck.data_too_large])
_hypothesis_settings.register_profile(
    "long", max_examples=2500, deadline=None,
    suppress_health_check=[_HealthCheck.too_slow, _HealthCheck.data_too_large])
_hypothesis_settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# ---- The site in a real browser (test_site_*.py): tests/projects/site built twice ---------
# (v1, then v2 with one item removed and one changed on a later date, so every page type
# exists: index, retained and not-issued item, changes, tombstone, 404), and one Chromium.

SITE = PROJECTS / "site"
SITE_REMOVED = "dog-keeping"  # in v1 only: its page becomes a tombstone
SITE_CHANGED = "adopter-capability"  # edited in v2, published later


@dataclass(frozen=True)
class SiteBuild(BuiltSite):
    """tests/projects/site after its second build, and the copy it was built from."""

    project: Path = Path()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    """Build the site project (all formats), change it, build again: every page type."""
    root = Path(shutil.copytree(SITE, tmp_path_factory.mktemp("site-project") / "site"))
    out = tmp_path_factory.mktemp("site") / "out"
    first = guidegen_build("--config", root / "guidegen.yaml", "--out", out, "-j", "2")
    assert first.returncode == 0, first.stderr
    (root / "data" / "items" / f"{SITE_REMOVED}.yaml").unlink()
    changed = root / "data" / "items" / f"{SITE_CHANGED}.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("days: 5", "days: 7"),
                       encoding="utf-8")
    config = root / "guidegen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("2026-05-01", "2026-06-15"),
                      encoding="utf-8")
    second = guidegen_build("--config", config, "--out", out, "-j", "2")
    assert second.returncode == 0, second.stderr
    return SiteBuild(out, second, root)


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Debian Chromium for the whole session (Playwright, no download)."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
