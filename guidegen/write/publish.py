"""Write files atomically and swap a finished staging tree into place in one step."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import stat
from pathlib import Path

from guidegen import faults
from guidegen.errors import reason  # noqa: F401 - the build reports OS errors through here

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
STAGING = "staging-"  # OUT/.guidegen/staging-<pid>: one build's tree before the swap
SPARE = "spare"  # OUT/.guidegen/spare: the site before last, recycled as the next staging tree

def write_atomic(path: Path, data: bytes) -> None:
    """Write via a fsynced temporary sibling renamed over ``path``; OSErrors name ``path``."""
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
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def link_or_copy(source: Path, target: Path) -> None:
    """Carry an unchanged output into the staging tree (hard link when possible)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def stage(staging: Path, site: Path, keep: set[str], spare: Path) -> None:
    """Fill an empty ``staging`` with hard links to the ``keep`` files of ``site``.

    The previous site, kept as ``spare`` after the last swap, already links most of
    them: renaming it into place and fixing the few differences is far cheaper than
    linking thousands of files into a new tree and deleting the old one. Files are
    only ever unlinked or linked here, never written, so the live site is safe.
    """
    try:
        if os.path.islink(spare) or not os.path.isdir(spare):
            if os.path.lexists(spare):  # not ours: out of the way, so the next swap leaves one
                os.unlink(spare)
            raise FileNotFoundError(spare)
        os.rename(spare, staging)
    except OSError:
        staging.mkdir()
        for path in sorted(keep):
            link_or_copy(site / path, staging / path)
        return
    missing = set(keep)
    # Plain strings, not Path or relpath: this runs for every file of the site.
    base, live = len(str(staging)) + 1, str(site)
    for folder, dirs, files in os.walk(staging, topdown=False):
        prefix = folder[base:].replace(os.sep, "/")
        for name in files:
            here = os.path.join(folder, name)
            path = f"{prefix}/{name}" if prefix else name
            if path in missing and _same_inode(here, os.path.join(live, path)):
                missing.discard(path)
            else:
                os.unlink(here)
        for name in dirs:
            here = os.path.join(folder, name)
            if os.path.islink(here):
                os.unlink(here)
            else:
                with contextlib.suppress(OSError):  # only empty folders go
                    os.rmdir(here)
    for path in sorted(missing):
        link_or_copy(site / path, staging / path)


def _same_inode(a: str, b: str) -> bool:
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return stat.S_ISREG(sa.st_mode) and (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev)


def fsync_dir(path: Path) -> None:
    """Make renames inside ``path`` durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM back while the site is being swapped and the state committed."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a held Ctrl-C is delivered here


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False if unsupported."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None or faults.enabled("no-exchange"):
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
    elif not _exchange(staging, site):
        old = staging.with_name(staging.name + ".old")
        os.rename(site, old)
        faults.point("swap-fallback-between")
        try:
            os.rename(staging, site)
        except OSError:
            os.rename(old, site)  # put the previous site back before reporting
            raise
        faults.point("swap-fallback-after")
        os.rename(old, staging)
    fsync_dir(site.parent)


def recover(work: Path, site: Path) -> None:
    """Repair what an interrupted swap left behind and remove stale staging trees.

    Only a fallback swap killed between its first two renames leaves ``site``
    missing; its ``.old`` tree is the previous, complete site.
    """
    if not work.is_dir():
        return
    if not site.exists():
        olds = sorted(work.glob(f"{STAGING}*.old"))
        if olds:
            os.rename(olds[-1], site)
            fsync_dir(site.parent)
    for leftover in work.glob(f"{STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def files_under(root: Path) -> set[str]:
    """Every file below ``root`` as a site-relative POSIX path."""
    if not root.is_dir():
        return set()
    found = set()
    base = len(str(root)) + 1
    for folder, _dirs, files in os.walk(root):  # scandir-based: ~3x faster than rglob
        prefix = folder[base:].replace(os.sep, "/")
        found.update(f"{prefix}/{name}" if prefix else name for name in files)
    return found


def site_path(filename: str, work: Path, site: Path) -> Path:
    """A file being written, named where the user will look for it (site/, not staging-N/)."""
    path = Path(filename)
    for parent in path.parents:
        if parent.parent == work and parent.name.startswith(STAGING):
            return site / path.relative_to(parent)
    return path
