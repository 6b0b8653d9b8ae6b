"""kill -9 at any point leaves the previous site intact; the next build repairs and succeeds."""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from conftest import FAST, dump, guidegen_cmd, guidegen_env, run_build, snapshot

from guidegen.load.cache import CACHE
from guidegen.write.publish import SPARE, recover

ALL = ("html", "docx", "pdf")


def change_data(root: Path) -> None:
    """Rename one item and remove another: the next build renders, deletes and tombstones."""
    path = root / "data/items/residence.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"] = "实际居住情况证明"
    path.write_text(dump(data), encoding="utf-8")
    (root / "data/items/no-crime.yaml").unlink()


def expected_site(root: Path, out: Path, tmp_path: Path, formats) -> dict[str, str]:
    """What an uninterrupted build from the current OUT would publish (built on a copy)."""
    copy = tmp_path / "reference"
    shutil.copytree(out, copy, symlinks=True)
    run_build(root, copy, formats=formats)
    return snapshot(copy / "site")


def members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found


def wait_all_gone(pgid: int, timeout: float = 20) -> None:
    """Workers, forkserver and resource tracker of a killed build must end by themselves."""
    deadline = time.monotonic() + timeout
    try:
        while members(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert members(pgid) == [], "processes of the killed build are still running"
    finally:
        if members(pgid):  # do not leave our own stragglers behind for other tests
            os.killpg(pgid, signal.SIGKILL)


def start(root: Path, out: Path, formats, jobs: str, fault: str = "", *extra) -> subprocess.Popen:
    """``guidegen build`` in its own session (so the whole process tree can be watched).

    Output goes to files, not pipes: orphaned workers would hold a pipe open.
    """
    env = guidegen_env(GUIDEGEN_FAULT=fault) if fault else guidegen_env()
    log = open(out.parent / f"build-{time.monotonic_ns()}.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        guidegen_cmd("build", "--out", out, "--format", ",".join(formats), "-j", jobs, "-q",
                     *extra),
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.log = log
    return proc


def output_of(proc: subprocess.Popen) -> str:
    proc.log.seek(0)
    return proc.log.read()


def killed(root: Path, out: Path, formats, jobs: str, fault: str) -> None:
    """Run a build with a kill point and check it really died of SIGKILL there."""
    proc = start(root, out, formats, jobs, fault)
    try:
        proc.wait(timeout=300)
        assert proc.returncode == -signal.SIGKILL, output_of(proc)
    finally:
        wait_all_gone(proc.pid)
        proc.log.close()


def work_files(out: Path) -> list[str]:
    # Neither the parsed-item cache nor the spare tree is state or a leftover: any version
    # of them is valid (the spare is checked file by file against the live site).
    return sorted(p.name for p in (out / ".guidegen").iterdir() if p.name not in (CACHE, SPARE))


def next_build_succeeds(cli, root: Path, out: Path, formats, expected: dict) -> str:
    """The build after a crash: exit 0, the expected site, nothing left over, then a no-op."""
    result = cli("build", "--out", out, "--format", ",".join(formats), "-j", "1", cwd=root)
    assert result.exit_code == 0, result.output
    assert snapshot(out / "site") == expected
    assert work_files(out) == ["lock", "state.json"]
    again = cli("build", "--out", out, "--format", ",".join(formats), "-q", cwd=root)
    assert again.stdout.startswith("渲染 0，"), again.stdout
    return result.stdout


OLD_SITE_KEPT = [  # (GUIDEGEN_FAULT, leftovers in OUT/.guidegen right after the kill)
    ("kill:render:1", ["lock", "staging-*", "state.json"]),
    ("kill:render:5", ["lock", "staging-*", "state.json"]),
    ("kill:before-swap", ["lock", "staging-*", "state.json", "state.next.json"]),
    ("no-exchange,kill:before-swap", ["lock", "staging-*", "state.json", "state.next.json"]),
]


def leftovers(out: Path) -> list[str]:
    return sorted(re.sub(r"^staging-\d+$", "staging-*", n) for n in work_files(out))


@pytest.mark.parametrize(("fault", "left"), OLD_SITE_KEPT, ids=[f for f, _ in OLD_SITE_KEPT])
def test_kill_before_the_swap_keeps_the_previous_site(incremental, tmp_path, cli, fault, left):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, FAST)
    killed(incremental, out, FAST, "1", fault)
    assert snapshot(out / "site") == before
    assert leftovers(out) == left
    printed = next_build_succeeds(cli, incremental, out, FAST, expected)
    assert "移除：无犯罪记录证明" in printed  # the change was never published, so it is news


def test_kill_between_fallback_renames_restores_the_previous_site(incremental, tmp_path, cli):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, FAST)
    killed(incremental, out, FAST, "1", "no-exchange,kill:swap-fallback-between")
    # The one window of the two-rename fallback: the site is moved aside, complete.
    assert not (out / "site").exists()
    [old] = (out / ".guidegen").glob("staging-*.old")
    assert snapshot(old) == before
    recover(out / ".guidegen", out / "site")
    assert snapshot(out / "site") == before
    killed(incremental, out, FAST, "1", "no-exchange,kill:swap-fallback-between")
    next_build_succeeds(cli, incremental, out, FAST, expected)


NEW_SITE_LIVE = ["kill:after-swap", "no-exchange,kill:after-swap",
                 "no-exchange,kill:swap-fallback-after"]


@pytest.mark.parametrize("fault", NEW_SITE_LIVE)
def test_kill_after_the_swap_keeps_the_new_site_and_its_history(incremental, tmp_path, cli,
                                                                 fault):
    out = tmp_path / "out"
    run_build(incremental, out)
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, FAST)
    killed(incremental, out, FAST, "1", fault)
    assert snapshot(out / "site") == expected  # complete, never a mix
    assert "state.next.json" in work_files(out)
    printed = next_build_succeeds(cli, incremental, out, FAST, expected)
    # The pending state belonged to the live site: nothing to redo, no duplicate history.
    assert printed.startswith("渲染 0，") and "清单变化" not in printed


def test_kill_in_the_pool_with_pdfs(incremental, tmp_path, cli):
    out = tmp_path / "out"
    run_build(incremental, out, formats=ALL)
    before = snapshot(out / "site")
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, ALL)
    killed(incremental, out, ALL, "2", "kill:render:3")  # also waits for the workers to end
    assert snapshot(out / "site") == before
    next_build_succeeds(cli, incremental, out, ALL, expected)


@pytest.mark.parametrize("how", ["kill -9", "ctrl-c"])
def test_interrupted_from_outside_while_workers_render(incremental, tmp_path, cli, how):
    """kill -9 of the build process, or Ctrl-C (SIGINT to the whole process group)."""
    out = tmp_path / "out"
    run_build(incremental, out, formats=ALL)
    before = snapshot(out / "site")
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, ALL)
    proc = start(incremental, out, ALL, "2", "", "--force")
    try:
        deadline = time.monotonic() + 120
        while not any(p.is_file() for p in (out / ".guidegen").glob("staging-*/**/*")):
            assert proc.poll() is None, "the build ended before it staged anything"
            assert time.monotonic() < deadline, "the build staged nothing in 120 s"
            time.sleep(0.02)
        delay = random.uniform(0, 0.5)
        time.sleep(delay)
        if how == "kill -9":
            os.kill(proc.pid, signal.SIGKILL)
        else:
            os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        log = output_of(proc)
        finished = proc.returncode == 0  # a fast build can beat the random delay
        if finished:
            assert "渲染" in log, log
        elif how == "kill -9":
            assert proc.returncode == -signal.SIGKILL, f"({delay=}) {log}"
        else:  # stopped cleanly: exit 1, no traceback, staging removed by the build itself
            assert proc.returncode == 1 and "渲染" not in log, f"({delay=}) {log}"
            assert "Traceback" not in log, log
            assert log.splitlines()[-1].startswith("已中断。"), log
            assert work_files(out) == ["lock", "state.json"]
    finally:
        proc.kill()
        proc.wait()
        wait_all_gone(proc.pid)  # orphaned workers notice and exit
        proc.log.close()
    # Never a mix: the previous site, or (killed after the swap, or finished) the new one.
    site = snapshot(out / "site")
    assert site == expected if finished else site in (before, expected), f"{delay=}"
    next_build_succeeds(cli, incremental, out, ALL, expected)


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of dying


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_failed_write_exits_1_with_a_chinese_message(incremental, tmp_path, cli, jobs):
    out = tmp_path / "out"
    run_build(incremental, out)
    before = snapshot(out / "site")
    change_data(incremental)
    expected = expected_site(incremental, out, tmp_path, FAST)
    result = subprocess.run(
        guidegen_cmd("build", "--out", out, "--format", "html,docx", "-j", jobs),
        cwd=incremental, env=guidegen_env(), capture_output=True, text=True, timeout=300,
        preexec_fn=_small_files)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"错误：无法写入 \S+/site/\S+（文件超过系统允许的大小）。"
                        r"网站没有更新，\S+/site 仍是上一次生成的内容", message), message
    assert snapshot(out / "site") == before
    assert work_files(out) == ["lock", "state.json"]
    next_build_succeeds(cli, incremental, out, FAST, expected)


@pytest.mark.parametrize("point, said", [("before-swap", "已中断。网站没有更新，"),
                                         ("after-swap", "已中断。新网站已经发布到 ")])
def test_ctrl_c_at_the_swap_says_in_one_line_whether_the_site_was_published(
        incremental, tmp_path, point, said):
    out = tmp_path / "out"
    run_build(incremental, out, formats=FAST)
    before = snapshot(out / "site")
    change_data(incremental)
    proc = subprocess.run(guidegen_cmd("build", "--out", out, "--format", "html", "-q"),
                          cwd=incremental, env=guidegen_env(GUIDEGEN_FAULT=f"int:{point}"),
                          capture_output=True, text=True, timeout=300)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and lines == [f"{said}{out / 'site'}" + (
        "" if point == "after-swap" else " 仍是上一次生成的内容")], proc.stderr
    assert (snapshot(out / "site") == before) == (point == "before-swap")
