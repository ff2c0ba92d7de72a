"""Keep one child process running: start it, and when it exits start it again after a back-off.

`brobygger serve` runs the background worker under a :class:`Supervisor` beside gunicorn, so a
worker that dies (killed, out of memory) is replaced, and stops it when the web server stops.
Each new worker first recovers what the dead one left behind (``brobygger_worker``).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Sequence

logger = logging.getLogger(__name__)

BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)  # seconds before each successive restart
HEALTHY_AFTER = 60.0  # a child that ran this long starts the back-off from the beginning again


class Supervisor:
    """Run ``command`` in a thread-watched child process until :meth:`stop`.

    ``pid`` is the running child's process id (None between children and after stopping),
    ``restarts`` how many times a child was started again, ``delays`` the waits before each,
    ``exit_codes`` how each child ended (negative: killed by that signal).
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        backoff: Sequence[float] = BACKOFF,
        healthy_after: float = HEALTHY_AFTER,
    ):
        self.command = list(command)
        self.env = env
        self.backoff = tuple(backoff)
        self.healthy_after = healthy_after
        self.restarts = 0
        self.delays: list[float] = []
        self.exit_codes: list[int] = []
        self._child: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="worker-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.pid if child is not None and child.poll() is None else None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop restarting, ask the child to stop (SIGTERM), and kill it after ``timeout``."""
        self._stopping.set()
        with self._lock:
            child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._thread.join(timeout=timeout)

    def _loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            with self._lock:
                if self._stopping.is_set():
                    return
                self._child = subprocess.Popen(self.command, env=self.env)
            started = time.monotonic()
            code = self._child.wait()
            self.exit_codes.append(code)
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= self.healthy_after:
                failures = 0
            delay = self.backoff[min(failures, len(self.backoff) - 1)]
            failures += 1
            logger.warning("the background worker exited (%s); restarting in %s s", code, delay)
            self.delays.append(delay)
            if self._stopping.wait(delay):
                return
            self.restarts += 1


def run_beside(command: Sequence[str], supervisor: Supervisor, *, env=None) -> int:
    """Run ``command`` (the web server) in the foreground with ``supervisor`` beside it.

    SIGINT and SIGTERM are passed on to the command; when it ends, for whatever reason, the
    supervised process is stopped too. Returns the command's exit status.
    """
    import signal

    main = subprocess.Popen(list(command), env=env)

    def forward(signum, _frame) -> None:
        supervisor._stopping.set()  # a worker stopped by the same Ctrl-C is not restarted
        if main.poll() is None:
            main.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    supervisor.start()
    try:
        return main.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        supervisor.stop()
