"""Progress of a run on stderr: every stage announced, page stages counted.

Two ways to show it, one interface (`stage` for a stage counted in pages, `step` for a stage of the whole corpus):

- `bar`: on an interactive terminal, a tqdm bar per page stage (it disappears when the stage ends) and one line per
  corpus stage;
- `lines`: anywhere else (CI logs, pipes, `2> file`), plain lines: one when a stage starts, and for page stages one
  every `interval` seconds with the pages done ("audit: analyse 1,200/10,000 pages (12 %)"). A small run prints
  only the stage lines, always the same.

`audit run` / `audit report` show progress unless `-q`; the library (`audit.run`) shows a bar on a terminal only, and
notebooks nothing.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable, TextIO

PREFIX = "audit: "


class Progress:
    def __init__(self, mode: str | None, stream: TextIO | None = None, interval: float = 10.0):
        if mode not in (None, "bar", "lines"):
            raise ValueError(f"progress mode {mode!r}: expected 'bar', 'lines' or None")
        self.mode = mode
        self.stream = stream
        self.interval = interval
        self.bar = None

    @classmethod
    def auto(cls, show: bool | None) -> "Progress":
        """`show` None: a bar on an interactive terminal outside CI, else nothing (the library's default); True: a
        bar on a terminal, lines elsewhere (the command line); False: nothing."""
        tty = sys.stderr.isatty() and os.environ.get("CI", "") == ""
        if show is None:
            return cls("bar" if tty else None)
        if not show:
            return cls(None)
        return cls("bar" if tty else "lines")

    @property
    def enabled(self) -> bool:
        return self.mode is not None

    def _out(self) -> TextIO:
        return self.stream or sys.stderr

    def _print(self, text: str) -> None:
        print(PREFIX + text, file=self._out(), flush=True)

    def _close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def step(self, text: str) -> None:
        """A stage of the whole corpus starts (strip, measure, write, ...)."""
        if not self.enabled:
            return
        self._close_bar()
        self._print(text)

    def stage(self, name: str, total: int) -> Callable[[int], None] | None:
        """A stage counted in pages starts; returns the function to call with each batch of pages done."""
        if not self.enabled:
            return None
        self._close_bar()
        if self.mode == "bar":
            from tqdm import tqdm

            self._print(f"{name} {total:,} page(s)")
            self.bar = tqdm(total=total, desc=name, unit="page", leave=False, file=self._out())
            return self.bar.update
        self._print(f"{name} {total:,} page(s)")
        state = {"done": 0, "last": time.monotonic()}

        def update(n: int) -> None:
            state["done"] += n
            now = time.monotonic()
            if now - state["last"] >= self.interval and state["done"] < total:
                state["last"] = now
                done = state["done"]
                self._print(f"{name} {done:,}/{total:,} pages ({100 * done // max(total, 1)} %)")

        return update

    def close(self) -> None:
        self._close_bar()
