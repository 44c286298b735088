"""The asynchronous read models of a process that has no projection worker (SQLite's default), caught up
off the command's path: a thread of the process catches up a moment after commands, in one transaction for
every command committed meanwhile, instead of a second transaction after each command. A reader of this
process catches up first what its own commands left (`drain`), so it sees them as it did before."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

DELAY = 0.05  # seconds without a command before the catch-up (it holds SQLite's write lock while it runs)
LONGEST = 20  # ... but at most this many such waits while commands keep coming (about a second)


class Follower:
    """Runs `catch_up` (which logs its own failures) in a thread of its own once commands pause for `delay`
    (after `LONGEST` delays at the latest): a catch-up then takes every command since the last one along,
    and seldom holds the write lock a command is waiting for."""

    def __init__(self, catch_up: Callable[[], object], delay: float = DELAY) -> None:
        self.catch_up = catch_up
        self.delay = delay
        self._running = threading.Lock()  # one catch-up at a time, the thread's or a reader's
        self._starting = threading.Lock()  # one thread per process, however many commands poke at once
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pending = False
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def poke(self, _position: int = 0) -> None:
        """A command of this process committed: catch up soon. A forked process starts a thread of its own."""
        self._pending = True
        if self._stop.is_set():
            return
        with self._starting:
            if self._thread is None or self._pid != os.getpid():
                self._pid, self._thread = os.getpid(), threading.Thread(target=self._loop, name="read-model-follower", daemon=True)
                self._thread.start()
        self._wake.set()

    def drain(self) -> None:
        """Catch up now, in the caller, what this process's commands left (waiting for a catch-up under way)."""
        with self._running:
            if self._pending:
                self._pending = False
                self.catch_up()

    def close(self) -> None:
        """Stop the thread, after catching up what is left."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._pid == os.getpid():
            self._thread.join()
        self.drain()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            for _wait in range(LONGEST):
                self._wake.clear()
                if self._stop.wait(self.delay):
                    return
                if not self._wake.is_set():
                    break  # no command during the wait
            self.drain()
