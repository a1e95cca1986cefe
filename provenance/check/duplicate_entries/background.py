"""The twin search run in a process of its own, beside the other rules.

On a large bibliography the search for duplicates (B001) is the longest of
the rules, and it needs nothing the others make: started in a forked
process before they run, it costs the lint little more than its wait. A
forked process reads the entries where they are, without copying them, and
sends back only the pairs' positions; the parent puts its own entries back
in. Where forking is not safe (another thread running, a daemonic process,
not Linux), for a bibliography too small to be worth a process, or if the
process fails, the search runs here when it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection

from bibliography.bibtex import BibEntry
from bibliography.bibtex_parallel import fork_context
from provenance.check.duplicate_entries import find_twins
from provenance.check.duplicate_entries.pairs import DuplicatePair

MIN_ENTRIES = 5_000
"""Entries a bibliography must hold for its search to be worth a process (a fork costs tens of ms)."""

#: A pair as it crosses the pipe: (first's position, second's position, score, differing fields, reason).
_Sent = tuple[int, int, float, tuple[str, ...], str]


def search_twins(entries: Sequence[BibEntry]) -> Callable[[], list[DuplicatePair]]:
    """Start ``find_twins(entries)``; the function returned waits for its pairs (or finds them itself)."""
    here = partial(find_twins, entries)
    context = fork_context() if len(entries) >= MIN_ENTRIES else None
    if context is None:
        return here
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_search, args=(entries, send), daemon=True)
    try:
        process.start()
    except OSError:  # no processes on this machine: search here, when asked
        receive.close()
        send.close()
        return here
    send.close()

    def wait() -> list[DuplicatePair]:
        try:
            sent: list[_Sent] | None = receive.recv()
        except (EOFError, OSError):  # the process died before it sent anything
            sent = None
        finally:
            receive.close()
            process.join()
        if sent is None:
            return here()
        return [
            DuplicatePair(entries[i], entries[j], score, differing, reason) for i, j, score, differing, reason in sent
        ]

    return wait


def _search(entries: Sequence[BibEntry], send: Connection) -> None:
    position = {id(entry): index for index, entry in enumerate(entries)}
    send.send(
        [
            (position[id(pair.first)], position[id(pair.second)], pair.score, pair.differing, pair.reason)
            for pair in find_twins(entries)
        ]
    )
    send.close()
