"""Write files atomically and swap a finished staging tree into place in one step."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

from guidegen.errors import GuidegenError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary sibling, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise GuidegenError(f"无法写入 {path}（{exc.strerror or exc}），已保留上一次生成的网站") from None


def link_or_copy(source: Path, target: Path) -> None:
    """Carry an unchanged output into the staging tree (hard link when possible)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False if unsupported."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_in(staging: Path, site: Path) -> None:
    """Make ``staging`` the live ``site``; the old site ends up at ``staging`` to delete.

    With RENAME_EXCHANGE there is no moment at which ``site`` is missing or
    partial; where the kernel lacks it, the fallback leaves a window of two
    renames that ``recover`` repairs on the next build.
    """
    if not site.exists():
        os.rename(staging, site)
        return
    if _exchange(staging, site):
        return
    old = staging.with_name(staging.name + ".old")
    os.rename(site, old)
    os.rename(staging, site)
    os.rename(old, staging)


def recover(out_dir: Path, site: Path) -> None:
    """Repair what an interrupted swap left behind and remove stale staging trees."""
    work = out_dir / ".guidegen"
    if not work.is_dir():
        return
    if not site.exists():
        olds = sorted(work.glob("staging-*.old"))
        if olds:
            os.rename(olds[-1], site)
    for leftover in work.glob("staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
