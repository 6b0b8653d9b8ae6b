"""Build progress: a bar with counts and ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time

import click


def summary(rendered: int, skipped: int, removed: int) -> str:
    """``渲染 N，跳过 M，删除 K``: the last line of every build."""
    return f"渲染 {rendered}，跳过 {skipped}，删除 {removed}"


class Progress:
    """Context manager fed by the build: ``start(total)`` then ``advance(path)`` per output."""

    def __init__(self, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total = 0
        self.done = 0
        self.started = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.tty and not self.quiet and self.total:
            click.echo("", file=self.stream)

    def start(self, total: int) -> None:
        """The number of outputs that will be rendered."""
        self.total = total
        self.started = time.monotonic()

    def eta(self) -> str:
        """Remaining time estimated from the pace so far."""
        if not self.done:
            return "--:--"
        left = (time.monotonic() - self.started) / self.done * (self.total - self.done)
        return f"{int(left) // 60:02d}:{int(left) % 60:02d}"

    def advance(self, path: str) -> None:
        """One output finished."""
        self.done += 1
        if self.quiet:
            return
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "█" * filled + "░" * (width - filled)
            click.echo(f"\r{bar} {self.done}/{self.total} 剩余约 {self.eta()} ", nl=False,
                       file=self.stream)
        else:
            click.echo(f"[{self.done}/{self.total}] {path}", file=self.stream)
