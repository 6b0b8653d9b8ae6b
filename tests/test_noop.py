"""The no-op fast path (input manifest), the parsed-item cache and the recycled spare tree."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import dump, line_in, not_issued, snapshot

import guidegen.cli
import guidegen.load.parse
from guidegen.load.cache import CACHE
from guidegen.render.templates import packaged_dir
from guidegen.write.publish import SPARE

FAST = ["--format", "html,docx"]
NOOP = "渲染 0，跳过 23，删除 0"  # tests/projects/incremental in html and docx


@pytest.fixture
def loads(monkeypatch):
    """Count calls of load_project by the CLI: zero means the fast path answered."""
    calls = []
    real = guidegen.cli.load_project

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(guidegen.cli, "load_project", spy)
    return calls


@pytest.fixture
def build(cli, incremental, tmp_path):
    """``guidegen build --out OUT ARGS`` in the project folder; asserts exit 0."""
    out = tmp_path / "out"

    def run(*args, code: int = 0):
        result = cli("build", "--out", out, "-q", *args, cwd=incremental)
        assert result.exit_code == code, result.output
        return result

    run.out = out
    return run


def item_path(root: Path, item_id: str) -> Path:
    return root / "data" / "items" / f"{item_id}.yaml"


def edit(root: Path, item_id: str, **changes) -> None:
    path = item_path(root, item_id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(dump(data), encoding="utf-8")


def test_second_build_takes_the_fast_path(build, loads):
    first = build(*FAST)
    assert len(loads) == 1 and first.stdout.startswith("渲染 23，")
    site = snapshot(build.out / "site")
    again = build(*FAST)
    assert len(loads) == 1, "the no-op build loaded the project"
    assert again.stdout == f"{NOOP}。网站位于 {build.out / 'site'}\n"
    assert snapshot(build.out / "site") == site


def test_touched_but_unchanged_file_still_takes_the_fast_path(build, incremental, loads):
    build(*FAST)
    build(*FAST)
    path = item_path(incremental, "residence")
    os.utime(path, ns=(1, 1))  # a new stat, the same bytes: hashed, then trusted
    assert build(*FAST).stdout.startswith(NOOP)
    assert len(loads) == 1
    state = json.loads((build.out / ".guidegen/state.json").read_text(encoding="utf-8"))
    stat, sha = state["inputs"]["files"][str(path)]
    assert stat is None  # its ctime is from just now: a stat too fresh to trust, so hashed
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()


CHANGES = {
    "edited item": lambda root, tmp: edit(root, "residence", name="实际居住情况证明"),
    "added item": lambda root, tmp: item_path(root, "new-item").write_text(
        dump(not_issued(id="new-item", name="新证明")), encoding="utf-8"),
    "removed item": lambda root, tmp: item_path(root, "kinship").unlink(),
    "renamed file": lambda root, tmp: item_path(root, "kinship").rename(
        item_path(root, "kinship-2")),
    "file in a subfolder": lambda root, tmp: shutil.move(
        item_path(root, "kinship"), root / "data" / "items" / "sub" / "kinship.yaml")
    if (root / "data" / "items" / "sub").mkdir() is None else None,
    "edited config": lambda root, tmp: (root / "guidegen.yaml").write_text(
        (root / "guidegen.yaml").read_text(encoding="utf-8").replace("测试县民政局", "测试市民政局"),
        encoding="utf-8"),
    "new user template": lambda root, tmp: _user_template(root),
    "deleted site file": lambda root, tmp: (tmp / "out/site/index.html").unlink(),
    "edited site file": lambda root, tmp: (tmp / "out/site/index.html").write_text("x"),
    "extra site file": lambda root, tmp: (tmp / "out/site/extra.html").write_text("x"),
}


def _user_template(root: Path) -> None:
    (root / "templates" / "html").mkdir(parents=True)
    source = (packaged_dir() / "html" / "item.html").read_text(encoding="utf-8")
    (root / "templates" / "html" / "item.html").write_text(
        source.replace("{% block content %}", "{% block content %}<p>本地修改</p>", 1),
        encoding="utf-8")


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_takes_the_normal_path(build, incremental, tmp_path, loads, change):
    build(*FAST)
    CHANGES[change](incremental, tmp_path)
    result = build(*FAST)
    assert len(loads) == 2, f"{change}: the fast path answered"
    build(*FAST)  # and the manifest it recorded holds again
    assert len(loads) == 2


def test_edited_user_template_takes_the_normal_path(build, incremental, loads):
    _user_template(incremental)
    build(*FAST)
    page = incremental / "templates" / "html" / "item.html"
    page.write_text(page.read_text(encoding="utf-8").replace("本地修改", "再次修改"),
                    encoding="utf-8")
    assert build(*FAST).stdout.startswith("渲染 4，")
    assert "再次修改" in (build.out / "site/items/kinship/index.html").read_text(encoding="utf-8")


OPTIONS = [["--format", "html"], ["--only", "residence"], ["--force"],
           ["--pdf-variant", "pdf/a-3b"], ["--strict"], ["--templates", "templates"]]


@pytest.mark.parametrize("option", OPTIONS, ids=[o[0] for o in OPTIONS])
def test_another_option_takes_the_normal_path(build, incremental, loads, option):
    (incremental / "templates").mkdir(exist_ok=True)  # --templates must name a folder
    build(*FAST)
    build(*FAST, *option)
    assert len(loads) == 2


def test_another_working_directory_takes_the_normal_path(cli, incremental, tmp_path, loads):
    out = tmp_path / "out"
    config = incremental / "guidegen.yaml"
    assert cli("build", "--config", config, "--out", out, *FAST, cwd=incremental).exit_code == 0
    result = cli("build", "--config", config, "--out", out, *FAST, cwd=tmp_path)
    assert len(loads) == 2 and result.stdout.startswith(NOOP)  # shown paths would differ


def test_warnings_are_replayed(build, incremental, loads):
    edit(incremental, "kinship", catalog="municipal")  # a retained-only key: a warning
    warning = (f"data/items/kinship.yaml:{line_in(item_path(incremental, 'kinship').read_text(encoding='utf-8'), '^catalog:')}"
               ": catalog: 警告：“catalog”只用于保留事项，不应出具的事项会忽略它")
    first = build(*FAST)
    assert first.stderr.splitlines() == [warning]
    again = build(*FAST)
    assert len(loads) == 1
    assert again.stderr.splitlines() == [warning] and again.stdout.startswith(NOOP)


def test_glyph_warnings_are_replayed(build, incremental, loads):
    edit(incremental, "kinship", route="由居民据实提供\ue000")  # private use: no font draws it
    first = build("--format", "pdf")
    missing = [line for line in first.stderr.splitlines() if "U+E000" in line]
    assert len(missing) == 1 and missing[0].startswith("data/items/kinship.yaml:")
    again = build("--format", "pdf")
    assert len(loads) == 1 and again.stderr == first.stderr


def test_strict_still_fails_with_a_warm_cache(build, incremental):
    build("--format", "pdf")
    edit(incremental, "kinship", route="由居民据实提供\ue000")
    result = build("--format", "pdf", "--strict", code=1)
    assert "U+E000" in result.stderr and "发现 1 个错误" in result.stderr


def test_cache_reparses_only_the_edited_file(build, incremental, monkeypatch):
    build(*FAST)
    assert (build.out / ".guidegen" / CACHE).is_file()
    parsed = []
    real = guidegen.load.parse.load_bytes

    def spy(raw, path):
        parsed.append(path)
        return real(raw, path)

    monkeypatch.setattr("guidegen.project.load_bytes", spy)
    edit(incremental, "residence", name="实际居住情况证明")
    result = build(*FAST)
    assert parsed == ["data/items/residence.yaml"]
    assert result.stdout.startswith("渲染 8，")
    assert "实际居住情况证明" in (build.out / "site/index.html").read_text(encoding="utf-8")


def test_errors_are_reported_exactly_with_a_warm_cache(build, incremental):
    build(*FAST)
    site = snapshot(build.out / "site")
    # A duplicate id: the other file comes from the cache, its line from the cached marks.
    text = dump(not_issued(id="kinship", name="另一个证明"))
    item_path(incremental, "zz-copy").write_text(text, encoding="utf-8")
    result = build(*FAST, code=1)
    kinship = item_path(incremental, "kinship").read_text(encoding="utf-8")
    assert result.stderr.splitlines() == [
        f"data/items/zz-copy.yaml:{line_in(text, '^id:')}: id: 编号“kinship”与 "
        f"data/items/kinship.yaml:{line_in(kinship, '^id:')} 重复",
        "发现 1 个错误，请修改后重试。"]
    assert snapshot(build.out / "site") == site
    again = build(*FAST, code=1)  # the same, now that both files are cached
    assert again.stderr == result.stderr


def test_a_foreign_cache_is_ignored(build, incremental):
    build(*FAST)
    (build.out / ".guidegen" / CACHE).write_bytes(b"not a cache")
    edit(incremental, "residence", name="实际居住情况证明")
    assert build(*FAST).stdout.startswith("渲染 8，")


def test_spare_tree_is_recycled_without_touching_the_live_site(build, incremental):
    build(*FAST)
    edit(incremental, "residence", name="实际居住情况证明")
    build(*FAST)
    spare = build.out / ".guidegen" / SPARE
    assert spare.is_dir()
    # Junk in the spare (a stray file, a stale copy of a kept output) must not be published.
    (spare / "stray.html").write_text("x")
    (spare / "assets" / "site.css").unlink()
    (spare / "assets" / "site.css").write_text("stale")
    live = build.out / "site"
    before = snapshot(live)
    inodes = {p: (live / p).stat().st_ino for p in before}
    edit(incremental, "residence", name="居住情况证明")
    result = build(*FAST)
    assert result.stdout.startswith("渲染 8，")
    after = snapshot(live)
    assert "stray.html" not in after and after["assets/site.css"] == before["assets/site.css"]
    listed = ("index.html", "changes.html", "assets/search-index.js", "downloads/items.csv",
              "downloads/items.json")  # made from every item, so rendered again
    kept = [p for p in before if p not in listed and not p.startswith("items/residence/")]
    assert all((live / p).stat().st_ino == inodes[p] for p in kept)  # linked, not rewritten


def test_fingerprint_trusts_only_settled_stats(tmp_path):
    from guidegen.incremental import manifest

    path = tmp_path / "a.yaml"
    path.write_text("id: a\n", encoding="utf-8")
    raw, entry = manifest.read(path)
    assert raw == b"id: a\n" and entry[0] is None  # written just now
    os.utime(path, ns=(10**9, 10**9))
    settled = [manifest.stat_of(path), entry[1]]
    assert manifest.unchanged(path, settled) is settled  # stat equal: not even hashed
    path.write_text("id: b\n", encoding="utf-8")  # same size, new bytes
    assert manifest.unchanged(path, settled) is None
    path.write_text("id: a\n", encoding="utf-8")  # back to the recorded bytes
    assert manifest.unchanged(path, settled)[1] == entry[1]
    assert manifest.unchanged(path, [settled[0], None]) is None  # stat-only entries (fonts)


def test_symlinks_disable_the_manifest(build, incremental, loads):
    os.symlink(item_path(incremental, "kinship"), incremental / "data" / "items" / "alias.yaml")
    for _ in range(3):  # a link could be retargeted without any stat of ours changing
        assert build(*FAST).exit_code == 0
    assert len(loads) == 3


def test_collector_settings_are_restored_after_a_build(build):
    import gc

    threshold = gc.get_threshold()
    build(*FAST)
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


def test_a_spare_that_is_not_a_folder_is_not_used(build, incremental):
    build(*FAST)
    (build.out / ".guidegen" / SPARE).write_text("x")
    edit(incremental, "residence", name="实际居住情况证明")
    assert build(*FAST).stdout.startswith("渲染 8，")
    assert "实际居住情况证明" in (build.out / "site/index.html").read_text(encoding="utf-8")
    assert (build.out / ".guidegen" / SPARE).is_dir()  # replaced by the previous site


def test_warnings_found_during_the_build_are_replayed_too(build, monkeypatch):
    from guidegen import build as build_module
    from guidegen.errors import WARNING, Problem

    late = Problem("data/items/kinship.yaml", 1, "", "渲染时发现的问题", WARNING)
    reports = []
    real_report, real_render_all = build_module.Report, build_module.render_all

    def make_report(*args, **kwargs):
        reports.append(real_report(*args, **kwargs))
        return reports[-1]

    def render_and_warn(*args):  # as a renderer reporting a problem might
        count = real_render_all(*args)
        reports[-1].warnings.append(late)
        return count

    monkeypatch.setattr(build_module, "Report", make_report)
    monkeypatch.setattr(build_module, "render_all", render_and_warn)
    first = build(*FAST)
    assert late.format() in first.stderr.splitlines()
    monkeypatch.setattr(build_module, "Report", real_report)
    monkeypatch.setattr(build_module, "render_all", real_render_all)
    again = build(*FAST)
    assert again.stdout.startswith(NOOP) and late.format() in again.stderr.splitlines()


EXITS = """
import atexit, sys
atexit.register(lambda: print("teardown"))
from guidegen.cli import main
sys.argv[0] = "guidegen"
main()
"""


@pytest.mark.parametrize(("jobs", "teardown"), [("1", False), ("2", True)])
def test_the_process_skips_teardown_unless_a_pool_ran(incremental, tmp_path, jobs, teardown):
    import subprocess
    import sys

    from conftest import guidegen_env

    result = subprocess.run(
        [sys.executable, "-c", EXITS, "build", "--out", str(tmp_path / "out"), *FAST,
         "-j", jobs, "-q"],
        cwd=incremental, capture_output=True, text=True, timeout=300, env=guidegen_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("渲染 23，跳过 0，删除 0。")  # flushed before os._exit
    assert ("teardown" in result.stdout) == teardown
    assert "leaked" not in result.stderr


def test_the_build_reuses_the_state_the_fast_path_read(build, incremental, monkeypatch):
    from guidegen.incremental.state import BuildState

    build(*FAST)
    parses = []
    real = BuildState._parse.__func__
    monkeypatch.setattr(BuildState, "_parse",
                        classmethod(lambda cls, path: parses.append(path) or real(cls, path)))
    edit(incremental, "residence", name="实际居住情况证明")
    assert build(*FAST).stdout.startswith("渲染 8，")
    assert len(parses) == 1  # read once for the no-op check, handed on to the build


def test_a_replaced_state_is_read_again(tmp_path):
    from guidegen.incremental.state import BuildState

    BuildState(items={"a": {"name": "甲", "status": "保留清单"}}).save(tmp_path)
    first = BuildState.load(tmp_path / "state.json", hand_on=True)
    assert BuildState.load(tmp_path / "state.json") is first  # handed on once
    assert BuildState.load(tmp_path / "state.json") is not first  # and only once
    first = BuildState.load(tmp_path / "state.json", hand_on=True)
    BuildState(items={"b": {"name": "乙", "status": "保留清单"}}).save(tmp_path)  # a new inode
    assert list(BuildState.load(tmp_path / "state.json").items) == ["b"]
