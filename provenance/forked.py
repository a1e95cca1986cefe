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

import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from bibliography.bibtex_parallel import fork_context

#: What the process sends back (plain values), and the result the parent makes of it.
Sent = TypeVar("Sent")
Result = TypeVar("Result")


def start_forked(
    work: Callable[[], Sent], rebuild: Callable[[Sent], Result], here: Callable[[], Result]
) -> Callable[[], Result]:
    """Start *work* in a forked process; the function returned waits for what it sends and gives *rebuild* of it.

    *work* must return plain values, never None. The function returned gives
    ``here()`` instead where no process could be started, or where it died
    (or its pipe broke) before it sent anything.
    """
    context = fork_context()
    if context is None:
        return here
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(work, send), daemon=True)
    try:
        process.start()
    except OSError:  # no processes on this machine: work here, when asked
        receive.close()
        send.close()
        return here
    send.close()

    def wait() -> Result:
        try:
            sent: Sent | None = receive.recv()
        except (EOFError, OSError):  # the process died before it sent anything
            sent = None
        finally:
            receive.close()
            process.join()
        return here() if sent is None else rebuild(sent)

    return wait


def _run(work: Callable[[], object], send: Connection) -> None:
    try:
        result = work()
    except BaseException:  # sent nothing: the parent does the work again, and reports what fails there
        os._exit(1)
    send.send(result)
    send.close()
