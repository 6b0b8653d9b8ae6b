"""Atomic writes, the site swap (exchange and two-rename fallback), and crash recovery."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest
from conftest import snapshot

from guidegen import faults
from guidegen.write import publish
from guidegen.write.publish import (
    files_under,
    link_or_copy,
    reason,
    recover,
    signals_deferred,
    swap_in,
    write_atomic,
)


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def no_exchange(monkeypatch):
    """Force the two-rename fallback, as on kernels without RENAME_EXCHANGE."""
    monkeypatch.setattr(faults, "ACTIVE", frozenset({"no-exchange"}))


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "b.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


def test_write_atomic_failure_names_the_target_and_cleans_up(tmp_path):
    target = tmp_path / "page.html"
    target.mkdir()  # a directory where the file should go: the final rename fails
    with pytest.raises(OSError) as caught:
        write_atomic(target, b"x")
    assert caught.value.filename == str(target)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_reasons_are_chinese():
    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert reason(OSError(errno.EFBIG, "File too large")) == "文件超过系统允许的大小"
    assert reason(OSError(errno.EROFS, "Read-only file system")) == "文件系统是只读的"
    assert reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "文件名或路径太长"
    assert reason(OSError(errno.ENOTDIR, "Not a directory")) == "路径中有一段不是目录，而是文件"
    assert reason(OSError(errno.ENOLINK, "Link has been severed")) == f"系统错误，错误号 {errno.ENOLINK}"


def test_link_or_copy_links_and_falls_back_to_copy(tmp_path, monkeypatch):
    source = tree(tmp_path, {"src.txt": "data"}) / "src.txt"
    link_or_copy(source, tmp_path / "x" / "linked.txt")
    assert (tmp_path / "x" / "linked.txt").stat().st_ino == source.stat().st_ino

    def refuse(*args):
        raise OSError(errno.EMLINK, "Too many links")

    monkeypatch.setattr(os, "link", refuse)
    link_or_copy(source, tmp_path / "y" / "copied.txt")
    copied = tmp_path / "y" / "copied.txt"
    assert copied.read_text() == "data" and copied.stat().st_ino != source.stat().st_ino


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_swap_in_exchanges_site_and_staging(tmp_path, monkeypatch, fallback):
    if fallback:
        monkeypatch.setattr(faults, "ACTIVE", frozenset({"no-exchange"}))
    site = tree(tmp_path / "site", {"index.html": "old", "gone.docx": "old"})
    staging = tree(tmp_path / ".guidegen" / "staging-1", {"index.html": "new"})
    new_identity = staging.stat().st_ino
    swap_in(staging, site)
    assert snapshot(site) == snapshot(tree(tmp_path / "expect-new", {"index.html": "new"}))
    assert site.stat().st_ino == new_identity  # the staging tree itself, not a copy
    assert files_under(staging) == {"index.html", "gone.docx"}  # the old site, to delete
    assert sorted(p.name for p in (tmp_path / ".guidegen").iterdir()) == ["staging-1"]


def test_first_swap_just_renames(tmp_path):
    staging = tree(tmp_path / ".guidegen" / "staging-1", {"index.html": "new"})
    swap_in(staging, tmp_path / "site")
    assert files_under(tmp_path / "site") == {"index.html"} and not staging.exists()


def test_fallback_puts_the_old_site_back_when_the_second_rename_fails(tmp_path, monkeypatch,
                                                                     no_exchange):
    site = tree(tmp_path / "site", {"index.html": "old"})
    staging = tree(tmp_path / ".guidegen" / "staging-1", {"index.html": "new"})
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == staging:
            raise OSError(errno.EIO, "I/O error", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        swap_in(staging, site)
    assert (site / "index.html").read_text() == "old"
    assert not (tmp_path / ".guidegen" / "staging-1.old").exists()


def test_recover_restores_a_site_moved_aside_and_removes_leftovers(tmp_path):
    work = tmp_path / ".guidegen"
    tree(work / "staging-7.old", {"index.html": "previous"})
    tree(work / "staging-7", {"index.html": "half-published"})
    tree(work / "staging-3", {"junk.html": "x"})
    recover(work, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "previous"
    assert list(work.iterdir()) == []


def test_recover_leaves_a_live_site_alone(tmp_path):
    work = tmp_path / ".guidegen"
    site = tree(tmp_path / "site", {"index.html": "live"})
    tree(work / "staging-7", {"index.html": "old site after the exchange"})
    tree(work / "staging-7.old", {"index.html": "old site, fallback killed after 2nd rename"})
    (work / "state.json").write_text("{}")
    recover(work, site)
    assert snapshot(site) == snapshot(tree(tmp_path / "expect", {"index.html": "live"}))
    assert [p.name for p in work.iterdir()] == ["state.json"]
    recover(tmp_path / "no-work-dir", site)  # first build: nothing to do


def test_ctrl_c_is_held_back_during_the_swap():
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            reached.append("after the signal")
    assert reached == ["after the signal"]


def test_fault_hooks_are_inert_unless_asked_for(monkeypatch):
    monkeypatch.setattr(faults, "ACTIVE", frozenset())
    faults.point("before-swap")
    faults.rendered(1)
    assert not faults.enabled("no-exchange")
    monkeypatch.setattr(faults, "ACTIVE", frozenset({"no-exchange", "kill:render:3"}))
    assert faults.enabled("no-exchange")
    faults.rendered(2)  # not the 3rd: still alive
    assert publish._exchange(Path("/nonexistent-a"), Path("/nonexistent-b")) is False
