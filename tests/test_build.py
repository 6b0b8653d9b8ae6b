"""Incremental builds: only stale outputs render; prune, tombstones, progress, reproducibility."""

from __future__ import annotations

import fcntl
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import (
    PROJECTS,
    dump,
    guidegen_cmd,
    guidegen_env,
    not_issued,
    run_build,
    snapshot,
)

from guidegen.errors import GuidegenError
from guidegen.render.templates import packaged_dir
from guidegen.write.progress import Progress

GUARDIAN = ["items/guardian-designation/index.html",
            *(f"items/guardian-designation/guardian-designation-{k}.docx"
              for k in ("guide", "form", "letter"))]
RESIDENCE = ["items/residence/index.html", "items/residence/residence-guide.docx",
             "items/residence/residence-form.docx"]
LISTS = ["index.html", "downloads/not-issued.docx"]
# Site files made from every item (guidegen/site/): any item edit renders them again.
LISTED = ["index.html", "assets/search-index.js", "downloads/items.csv", "downloads/items.json"]
SITE_FILES = ["404.html", "robots.txt", "assets/favicon.svg", "assets/icon.png", "assets/site.css",
              "assets/site.js", "assets/search-index.js", "downloads/items.csv",
              "downloads/items.json", "downloads/items.schema.json"]
ALL_FAST = sorted([*GUARDIAN, *RESIDENCE, *LISTS, *SITE_FILES, "items/kinship/index.html",
                   "items/no-crime/index.html", "changes.html", "downloads/seal-register.docx"])
HTML_PAGES = [p for p in ALL_FAST if p.endswith(".html")]
N = len(ALL_FAST)  # 23


def edit_item(root: Path, item_id: str, **changes) -> None:
    """Change fields of one item file in place."""
    path = root / "data" / "items" / f"{item_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(dump(data), encoding="utf-8")


def changed(before: dict, after: dict) -> list[str]:
    """Paths whose bytes differ, plus paths only one side has."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def test_first_build_renders_everything_and_records_hashes(incremental, tmp_path):
    out = tmp_path / "out"
    report = run_build(incremental, out)
    assert sorted(report.rendered) == ALL_FAST
    assert report.summary() == f"渲染 {N}，跳过 0，删除 0"
    files = snapshot(out / "site")
    assert sorted(files) == ALL_FAST
    state = json.loads((out / ".guidegen" / "state.json").read_text(encoding="utf-8"))
    # Per output: the input key it was made from and the hash of the published bytes.
    assert {p: e["sha256"] for p, e in state["outputs"].items()} == files
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["key"]) for e in state["outputs"].values())
    assert sorted(p.name for p in (out / ".guidegen").iterdir()) == ["lock", "state.json"]


def test_noop_rebuild_renders_nothing_and_rewrites_nothing(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    inodes = {p: (out / "site" / p).stat().st_ino for p in before}
    report = run_build(incremental, out)
    assert report.summary() == f"渲染 0，跳过 {N}，删除 0"
    assert report.rendered == [] and report.removed == [] and not report.changes
    assert snapshot(out / "site") == before
    # Carried over by hard link, not rewritten.
    assert {p: (out / "site" / p).stat().st_ino for p in before} == inodes


def test_touch_one_item_changes_only_its_outputs_and_the_lists(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    edit_item(incremental, "residence", name="实际居住情况证明")
    report = run_build(incremental, out)
    # The counter notice shows only not-issued items, so editing a retained one leaves it.
    assert sorted(report.rendered) == sorted([*RESIDENCE, *LISTED, "changes.html"])
    assert report.summary() == f"渲染 8，跳过 {N - 8}，删除 0"
    # The form shows (and is titled by) the certificate's own title: rendered, same bytes.
    unchanged = {"items/residence/residence-form.docx"}
    assert changed(before, snapshot(out / "site")) == sorted(
        {*RESIDENCE, *LISTED, "changes.html"} - unchanged)
    assert "实际居住情况证明" in (out / "site/index.html").read_text(encoding="utf-8")


def test_list_order_change_rerenders_lists(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    edit_item(incremental, "guardian-designation", order=3)  # now listed after residence
    report = run_build(incremental, out)
    assert sorted(report.rendered) == sorted([*GUARDIAN, *LISTED])
    index = (out / "site/index.html").read_text(encoding="utf-8")
    assert index.index("居住情况证明") < index.index("指定监护人证明")


def test_changed_item_template_rebuilds_exactly_the_item_pages(incremental, tmp_path):
    out, templates = tmp_path / "out", tmp_path / "templates"
    run_build(incremental, out)
    before = snapshot(out / "site")
    (templates / "html").mkdir(parents=True)
    source = (packaged_dir() / "html" / "item.html").read_text(encoding="utf-8")
    assert "{% block content %}" in source
    changed_source = source.replace("{% block content %}", "{% block content %}<p>本地修改</p>", 1)
    (templates / "html" / "item.html").write_text(changed_source, encoding="utf-8")
    report = run_build(incremental, out, templates_dir=templates)
    pages = sorted(p for p in ALL_FAST if p.startswith("items/") and p.endswith("index.html"))
    assert sorted(report.rendered) == pages
    assert changed(before, snapshot(out / "site")) == pages
    assert all("本地修改" in (out / "site" / p).read_text(encoding="utf-8") for p in pages)


def test_changed_base_template_rebuilds_every_html_page_only(incremental, tmp_path):
    out, templates = tmp_path / "out", tmp_path / "templates"
    run_build(incremental, out)
    (templates / "html").mkdir(parents=True)
    source = (packaged_dir() / "html" / "base.html").read_text(encoding="utf-8")
    (templates / "html" / "base.html").write_text(source.replace("</body>", "<!-- x --></body>"),
                                                  encoding="utf-8")
    report = run_build(incremental, out, templates_dir=templates)
    assert sorted(report.rendered) == HTML_PAGES  # not the stylesheet, not the Word files


def test_changed_docx_template_rebuilds_exactly_that_kind(incremental, tmp_path):
    out, templates = tmp_path / "out", tmp_path / "templates"
    run_build(incremental, out)
    before = snapshot(out / "site")
    (templates / "docx").mkdir(parents=True)
    with zipfile.ZipFile(packaged_dir() / "docx" / "guide.docx") as source, \
            zipfile.ZipFile(templates / "docx" / "guide.docx", "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                assert b"{{ doc.title }}" in data
                data = data.replace(b"{{ doc.title }}", "{{ doc.title }}（修订）".encode(), 1)
            target.writestr(info, data)
    report = run_build(incremental, out, templates_dir=templates)
    guides = ["items/guardian-designation/guardian-designation-guide.docx",
              "items/residence/residence-guide.docx"]
    assert sorted(report.rendered) == guides
    assert changed(before, snapshot(out / "site")) == guides


def test_config_change_rebuilds_everything(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    config = incremental / "guidegen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("测试县民政局", "测试县民政厅"),
                      encoding="utf-8")
    assert sorted(run_build(incremental, out).rendered) == ALL_FAST


def test_remove_item_leaves_tombstone_and_deletes_its_documents(incremental, tmp_path, cli):
    out = tmp_path / "out"
    run_build(incremental, out, formats=("html", "docx", "pdf"))
    removed_file = incremental / "data/items/residence.yaml"
    saved = removed_file.read_bytes()
    removed_file.unlink()
    result = cli("build", "--out", out, "--format", "html,docx", "-j", "1", cwd=incremental)
    assert result.exit_code == 0, result.output
    # Its documents are deleted in every format (also PDFs this build was not asked for);
    # its page is not: it becomes the tombstone.
    assert "清单变化（2026-03-01）：\n  移除：居住情况证明（原保留清单，编号 residence）\n" in result.stdout
    assert "渲染 6，跳过 20，删除 4。" in result.stdout
    site = out / "site"
    assert sorted(p.name for p in (site / "items/residence").iterdir()) == ["index.html"]
    tomb = (site / "items/residence/index.html").read_text(encoding="utf-8")
    assert "该证明事项已调整" in tomb
    assert 'href="../../index.html#retained"' in tomb and 'href="../../changes.html"' in tomb
    assert "items/residence/" not in (site / "index.html").read_text(encoding="utf-8")
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert "移除：" in changes and "居住情况证明" in changes

    removed_file.write_bytes(saved)
    report = run_build(incremental, out)
    assert sorted(report.rendered) == sorted([*RESIDENCE, *LISTED, "changes.html"])
    assert report.removed == []
    page = (site / "items/residence/index.html").read_text(encoding="utf-8")
    assert "该证明事项已调整" not in page and "residence-guide.docx" in page
    state = json.loads((out / ".guidegen/state.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in state["changes"][-1]["added"]] == ["residence"]
    assert "residence" not in state["removed"]
    assert "新增：" in (site / "changes.html").read_text(encoding="utf-8")


def test_partial_build_still_tombstones_what_it_prunes(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    (incremental / "data/items/residence.yaml").unlink()
    report = run_build(incremental, out, formats=("docx",), only=("guardian-designation",))
    assert report.rendered == ["items/residence/index.html"]  # nothing else was asked for
    assert report.removed == ["items/residence/residence-form.docx",
                              "items/residence/residence-guide.docx"]
    page = (out / "site/items/residence/index.html").read_text(encoding="utf-8")
    assert "该证明事项已调整" in page and "residence-guide.docx" not in page


def test_report_removed_counts_exactly_the_files_gone(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = set(snapshot(out / "site"))
    # Moving to the other list drops the guide and form; the page stays (re-rendered).
    (incremental / "data/items/residence.yaml").write_text(dump(not_issued(
        id="residence", name="居住情况证明", route="由公安机关出具居住证明")), encoding="utf-8")
    (incremental / "data/items/no-crime.yaml").unlink()
    report = run_build(incremental, out)
    after = set(snapshot(out / "site"))
    assert report.removed == sorted(before - after) == [
        "items/residence/residence-form.docx", "items/residence/residence-guide.docx"]
    assert report.summary().endswith("删除 2")
    assert "items/no-crime/index.html" in after  # the tombstone
    assert [m["id"] for m in report.changes.moved] == ["residence"]


def test_force_renders_everything_with_identical_bytes(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    report = run_build(incremental, out, force=True)
    assert sorted(report.rendered) == ALL_FAST and report.skipped == []
    assert snapshot(out / "site") == before
    assert run_build(incremental, out).summary() == f"渲染 0，跳过 {N}，删除 0"


def test_altered_live_file_is_rendered_again(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    (out / "site/index.html").write_text("hand-edited", encoding="utf-8")
    (out / "site/items/kinship/index.html").unlink()
    report = run_build(incremental, out)
    assert sorted(report.rendered) == ["index.html", "items/kinship/index.html"]
    assert snapshot(out / "site") == before


def test_only_renders_one_item_and_keeps_the_rest(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    edit_item(incremental, "guardian-designation", fee="收费标准见公示")
    edit_item(incremental, "residence", fee="收费标准见公示")
    report = run_build(incremental, out, only=("residence",))
    assert sorted(report.rendered) == sorted(RESIDENCE)
    assert report.removed == []
    assert set(changed(before, snapshot(out / "site"))) <= set(RESIDENCE)
    # The rest is still stale and is rendered by the next full build.
    assert set(GUARDIAN) <= set(run_build(incremental, out).rendered)


def test_other_formats_are_carried_not_deleted(incremental, tmp_path):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    report = run_build(incremental, out, formats=("html",))
    assert report.rendered == [] and report.removed == []
    assert snapshot(out / "site") == before


def test_second_build_on_same_out_is_refused(incremental, tmp_path):
    out = tmp_path / "out"
    (out / ".guidegen").mkdir(parents=True)
    with open(out / ".guidegen" / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(GuidegenError, match="另一个 guidegen build 正在写入"):
            run_build(incremental, out)
    assert not (out / "site").exists()


RECYCLING = """
import sys
from pathlib import Path
from guidegen import build
from guidegen.settings import Settings
from guidegen.write import pool
from guidegen.project import load_project
pool.TASKS_PER_WORKER = 2
pool.RENDER_WHILE_WARMING = sys.argv[3] == "warming"
root, out = Path(sys.argv[1]), Path(sys.argv[2])
settings = Settings(out_dir=out, formats=("html", "docx"), jobs=2)
report = build.build(load_project(root / "guidegen.yaml"), settings)
print(len(report.rendered), report.workers, report.busiest)
"""


def test_pool_recycles_workers_and_matches_serial_bytes(incremental, tmp_path):
    serial = run_build(incremental, tmp_path / "serial", jobs=1)
    assert serial.workers == 0
    # In a subprocess with a timeout: CPython's own recycling deadlocks (gh-115634).
    result = subprocess.run([sys.executable, "-c", RECYCLING, incremental, tmp_path / "pooled",
                             "pool only"],
                            env=guidegen_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rendered, workers, busiest = map(int, result.stdout.split())
    # 19 outputs in the pool (the build renders the 4 listing every item): at most 2 per
    # worker process.
    assert rendered == N and busiest == 2 and workers >= 10
    assert snapshot(tmp_path / "pooled/site") == snapshot(tmp_path / "serial/site")
    # By default the build renders outputs itself while the pool warms up: same bytes.
    result = subprocess.run([sys.executable, "-c", RECYCLING, incremental, tmp_path / "mixed",
                             "warming"],
                            env=guidegen_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == str(N)
    assert snapshot(tmp_path / "mixed/site") == snapshot(tmp_path / "serial/site")
    assert not list((tmp_path / "mixed").rglob("*.ready"))


def test_template_error_in_pool_fails_cleanly(incremental, tmp_path):
    out, templates = tmp_path / "out", tmp_path / "templates"
    run_build(incremental, out)
    before = snapshot(out / "site")
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "item.html").write_text("{{ item.no_such_field }}", encoding="utf-8")
    with pytest.raises(GuidegenError, match="no_such_field"):
        run_build(incremental, out, templates_dir=templates, jobs=2, force=True)
    assert snapshot(out / "site") == before
    assert sorted(p.name for p in (out / ".guidegen").iterdir()) == ["lock", "state.json"]


def test_two_clean_builds_are_byte_identical(tmp_path):
    """Different project folders, output folders, time zones, and -j 1 against -j 2."""
    sites = []
    for name, jobs, tz in (("a", "1", "UTC"), ("b", "2", "Asia/Shanghai")):
        root = Path(shutil.copytree(PROJECTS / "incremental", tmp_path / name / "project"))
        out = tmp_path / name / f"out-{name}"
        result = subprocess.run(guidegen_cmd("build", "--out", out, "-j", jobs, "-q"), cwd=root,
                                env=guidegen_env(TZ=tz), capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"渲染 {N + 7}，跳过 0，删除 0")
        sites.append(snapshot(out / "site"))
    assert len(sites[0]) == N + 7 and any(p.endswith(".pdf") for p in sites[0])
    assert sites[0] == sites[1]


def test_cli_plain_progress_lines_without_terminal(incremental, tmp_path, cli):
    out = tmp_path / "out"
    result = cli("build", "--out", out, "--format", "html,docx", "-j", "2", cwd=incremental)
    assert result.exit_code == 0, result.output
    *lines, config = result.stderr.splitlines()
    assert config == "使用配置文件 guidegen.yaml"
    assert len(lines) == N
    assert sorted(re.fullmatch(rf"\[\d+/{N}\] (\S+)", line).group(1) for line in lines) == ALL_FAST
    assert lines[-1].startswith(f"[{N}/{N}] ")
    assert "清单变化（2026-03-01）：" in result.stdout
    assert result.stdout.endswith(f"渲染 {N}，跳过 0，删除 0。网站位于 {out / 'site'}\n")


def test_cli_quiet_prints_only_the_summary(incremental, tmp_path, cli):
    out = tmp_path / "out"
    result = cli("build", "--out", out, "--format", "html,docx", "--quiet", cwd=incremental)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == f"渲染 {N}，跳过 0，删除 0。网站位于 {out / 'site'}\n"
    again = cli("build", "--out", out, "--format", "html,docx", "-q", cwd=incremental)
    assert again.stdout == f"渲染 0，跳过 {N}，删除 0。网站位于 {out / 'site'}\n"


def test_terminal_progress_bar_shows_counts_and_eta():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with Progress(stream=stream) as bar:
        bar.start(3)
        for name in ("a", "b", "c"):
            bar.advance(name)
    text = stream.getvalue()
    assert text.count("\r") == 3 and "1/3" in text and "3/3" in text
    assert "剩余约 00:00" in text and text.endswith("\n")


def test_build_frees_parsed_sources_once_cached(incremental, tmp_path):
    """A large data set's parsed files are most of the build's memory: gone before rendering."""
    from guidegen.build import build
    from guidegen.project import load_project
    from guidegen.settings import Settings

    out = tmp_path / "out"
    project = load_project(incremental / "guidegen.yaml", cache_dir=out / ".guidegen")
    assert project.docs and project.cache.new
    build(project, Settings(out_dir=out, formats=("html",)))
    assert project.docs == {} and project.cache.new == {} and project.cache.path is None
    assert (out / ".guidegen" / "items.cache").stat().st_size > 0  # saved before it was freed
    again = load_project(incremental / "guidegen.yaml", cache_dir=out / ".guidegen")
    assert len(again.cache.old) == len(again.items)


def test_booklets_follow_the_lists_they_are_made_of(incremental, tmp_path):
    config = incremental / "guidegen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("booklets: false", "booklets: true"),
                      encoding="utf-8")
    out = tmp_path / "out"
    report = run_build(incremental, out)
    assert "downloads/guide-booklet.docx" in report.rendered
    # A not-issued item's edit leaves the guide booklet (made of the retained items) alone.
    edit_item(incremental, "kinship", route="到派出所办理")
    report = run_build(incremental, out)
    assert "downloads/guide-booklet.docx" in report.skipped
    assert "downloads/not-issued.docx" in report.rendered
    # A retained item's edit renders it again.
    edit_item(incremental, "residence", fee="不收取任何费用")
    report = run_build(incremental, out)
    assert "downloads/guide-booklet.docx" in report.rendered
    assert "不收取任何费用" in zipfile.ZipFile(out / "site/downloads/guide-booklet.docx").read(
        "word/document.xml").decode()
