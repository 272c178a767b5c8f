"""A progress bar on stderr for long runs, and nothing at all otherwise.

Shown only when stderr is a terminal and only once the run has taken
`DELAY` seconds: short runs, pipes, files and CI logs stay silent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Runs shorter than this show no bar.
DELAY = 2.0


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts work done (`progress(n)`) out of `total`; draws a bar once it is worth it."""

    def __init__(self, total: int, label: str, delay: float | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.deadline = time.monotonic() + (DELAY if delay is None else delay)
        self.enabled = total > 0 and stderr_is_terminal()
        self.bar: Any = None

    def __call__(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() < self.deadline:
                return
            import click

            self.bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.update(self.done)
            return
        self.bar.update(count)

    def close(self) -> None:
        """Ends the bar's line, if one was drawn."""
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """`items`, counted one by one on `progress`, whose bar ends with them."""
    try:
        for item in items:
            yield item
            progress(1)
    finally:
        progress.close()
