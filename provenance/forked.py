"""Long work run in a forked process, beside the rest of the lint.

Some work is long and needs nothing the rest of the run makes until its
result is asked for: the manuscripts' extraction while sources are read,
half of the quotations' resolution, B001's twin search and B002's variant
passages while the other rules run. A forked process reads the parent's
objects where they are, without copying them, and sends back only plain
values (positions, numbers, strings, small records); the parent rebuilds
the result with its own objects. Where forking is not safe (another thread
running, a daemonic process, not Linux) or the process fails, the work is
done here when it is asked for.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from bibliography.bibtex_parallel import fork_context

#: prctl's request for a signal when the parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1

#: What the process sends back (plain values), and the result the parent makes of it.
Sent = TypeVar("Sent")
Result = TypeVar("Result")


class Pending(Generic[Result]):
    """Work started elsewhere: calling it waits for the result; :meth:`cancel` says it will not be asked for."""

    def __init__(self, here: Callable[[], Result]):
        self._here = here

    def __call__(self) -> Result:
        return self._here()

    def cancel(self) -> None:
        """Nothing to stop: the work is only done here, when asked for."""


class _Forked(Pending[Result], Generic[Sent, Result]):
    def __init__(self, process, receive: Connection, rebuild: Callable[[Sent], Result], here: Callable[[], Result]):
        super().__init__(here)
        self._process = process
        self._receive = receive
        self._rebuild = rebuild

    def __call__(self) -> Result:
        try:
            sent: Sent | None = self._receive.recv()
        except (EOFError, OSError):  # the process died before it sent anything
            sent = None
        finally:
            self._receive.close()
            self._process.join()
        return self._here() if sent is None else self._rebuild(sent)

    def cancel(self) -> None:
        """End the process now: it would otherwise wait for ever to hand over what nobody reads."""
        self._process.kill()
        self._receive.close()
        self._process.join()


def start_forked(
    work: Callable[[], Sent], rebuild: Callable[[Sent], Result], here: Callable[[], Result]
) -> Pending[Result]:
    """Start *work* in a forked process; the :class:`Pending` returned waits for what it sends and gives
    *rebuild* of it.

    *work* must return plain values, never None. The pending work gives ``here()``
    instead where no process could be started, or where it died (or its pipe broke)
    before it sent anything.
    """
    context = fork_context()
    if context is None:
        return Pending(here)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(work, send, os.getpid()), daemon=True)
    try:
        process.start()
    except OSError:  # no processes on this machine: work here, when asked
        receive.close()
        send.close()
        return Pending(here)
    send.close()
    return _Forked(process, receive, rebuild, here)


def _run(work: Callable[[], object], send: Connection, parent: int) -> None:
    _end_with(parent)
    try:
        result = work()
        send.send(result)
    except BaseException:  # the parent does the work again and reports what fails, or is gone
        os._exit(1)
    send.close()


def _end_with(parent: int) -> None:
    """Have the kernel end this process when *parent* ends: a lint killed (by a CI runner, say)
    leaves no process behind working for nobody. Linux only, as forking here is."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # no prctl: the process ends when its work does
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
