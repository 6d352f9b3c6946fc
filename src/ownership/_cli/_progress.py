"""A transient progress display on stderr for the steps of a command.

A step that ends within ``delay`` seconds shows nothing; once one has run
longer, a rich display lists the steps with a spinner and the time they took,
and disappears when the command ends. Nothing is shown when stderr is not a
terminal, or when the user asked for quiet.

>>> import io
>>> from rich.console import Console
>>> console = Console(file=io.StringIO(), force_terminal=True)
>>> steps = Steps(console=console, delay=0.0)
>>> with steps.step("reading"):
...     pass
>>> steps.close()
>>> Steps(console=Console(file=io.StringIO())).enabled  # not a terminal
False
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

__all__ = ["Steps"]


class Steps:
    """The steps of one command, shown on ``console`` once one takes longer than ``delay``."""

    def __init__(
        self, *, console: Console | None = None, quiet: bool = False, delay: float = 1.0
    ) -> None:
        self.console = Console(stderr=True) if console is None else console
        self.enabled = not quiet and self.console.is_terminal
        self.delay = delay
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )

    def _start(self) -> None:
        with self._lock:
            if not self._closed and not self._started:
                self._progress.start()
                self._started = True

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        """Show ``description`` while the block runs (once it has run for ``delay`` seconds)."""
        if not self.enabled:
            yield
            return
        task: TaskID = self._progress.add_task(description, total=None)
        timer = None
        if not self._started:
            timer = threading.Timer(self.delay, self._start)
            timer.daemon = True
            timer.start()
        try:
            yield
        finally:
            if timer is not None:
                timer.cancel()
            self._progress.update(task, total=1, completed=1)

    def close(self) -> None:
        """Take the display away (it is transient: nothing stays on the terminal)."""
        with self._lock:
            self._closed = True
            if self._started:
                self._progress.stop()
                self._started = False
