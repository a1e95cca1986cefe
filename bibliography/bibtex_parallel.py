"""A large BibTeX file read in parts at once, one a processor, with the same result as read whole.

Reading is bibtexparser's splitter walking the text mark by mark in one
thread: on a 50 MB file it is most of a lint's time. The text is cut where a
line starts a block (``@type{`` or ``@type(`` at the start of a line). The
splitter begins a new block at such a line whatever came before (it aborts a
block left open there), so each part reads as it would within the whole
text, but for two things a part cannot know alone, both checked once every
part is read:

- the ``@string`` macros defined before it. Each part is given those found
  by a quick look at the text before it (every ``@string`` block, read on its
  own); if the macros the previous part really ended with differ (a
  ``@string`` inside a field value, say), the part is read again with them;
- whether a block was left open at its end: the splitter would say so in
  other words at the end of a part than before a new block, so the file is
  then read whole after all.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext, ForkContext

PART_SIZE = 2_000_000
"""Characters a part must at least hold: below that, starting a process costs more than it saves."""

#: Readers started at most (Windows allows no more than 61).
_MAX_WORKERS = 60

_BLOCK_LINE = re.compile(r"^@\w*[ \t]*[{(]", re.MULTILINE)
# bibtexparser takes any block whose type starts with "string" for a macro.
_STRING_BLOCK = re.compile(r"@string\w*[ \t]*[{(]", re.IGNORECASE)


class Read(Protocol):
    """What the parts' reader returns, as far as this module needs it."""

    macros: dict[str, str]
    """The ``@string`` macros defined once the part is read, those it was given included."""
    ended: bool
    """Whether the part's text ended outside any block."""


R = TypeVar("R", bound=Read)
#: Reads one part: (text, path, mask, number of its first line, macros defined before it).
Reader = Callable[[str, str, str, int, dict[str, str]], R]


def read_in_parts(text: str, path: str, mask: str, read: Reader[R], parts: int | None = None) -> list[R] | None:
    """The text's parts, each read by *read*, in order; None when it is better read whole.

    *parts* defaults to one a processor, as many as the text's size allows.
    """
    if parts is None:
        parts = min(_processors(), len(text) // PART_SIZE)
    starts = _starts(text, parts)
    context = _start_method() if len(starts) > 1 else None
    if context is None:
        return None
    ends = starts[1:] + [len(text)]
    lines = [1]
    for start, end in zip(starts, ends[:-1]):
        lines.append(lines[-1] + text.count("\n", start, end))
    seeds = _macros_before(text, starts, path, mask, read)
    from concurrent.futures import ProcessPoolExecutor  # imports multiprocessing: see _start_method

    try:
        with ProcessPoolExecutor(min(len(starts) - 1, _processors(), _MAX_WORKERS), mp_context=context) as pool:
            later = [
                pool.submit(read, text[start:end], path, mask, line, seed)
                for start, end, line, seed in zip(starts[1:], ends[1:], lines[1:], seeds[1:])
            ]
            done = [read(text[: ends[0]], path, mask, 1, {})]
            done += [future.result() for future in later]
    except (OSError, RuntimeError):
        # No processes on this machine (a sandbox, a pool that broke): read in one.
        return None
    for index in range(1, len(done)):
        previous = done[index - 1]
        if not previous.ended:
            return None
        if previous.macros != seeds[index]:
            done[index] = read(text[starts[index] : ends[index]], path, mask, lines[index], previous.macros)
    return done


def _starts(text: str, parts: int) -> list[int]:
    """Offsets that cut the text into about *parts* equal parts, each at a line starting a block."""
    starts = [0]
    for index in range(1, parts):
        found = _BLOCK_LINE.search(text, max(len(text) * index // parts, starts[-1] + 1))
        if found is None:
            break
        starts.append(found.start())
    return starts


def _macros_before(text: str, starts: list[int], path: str, mask: str, read: Reader[R]) -> list[dict[str, str]]:
    """For each part, the macros of the ``@string`` blocks found before it, each read on its own."""
    blocks = [found.start() for found in _STRING_BLOCK.finditer(text)]
    seeds: list[dict[str, str]] = [{}]
    for start, end in zip(starts, starts[1:]):
        pieces = []
        for at in blocks:
            if start <= at < end:
                # A block ends at the latest where a line starts another.
                stop = text.find("\n@", at, end)
                pieces.append(text[at : stop if stop >= 0 else end])
        seeds.append(read("\n".join(pieces), path, mask, 1, seeds[-1]).macros if pieces else seeds[-1])
    return seeds


def _start_method() -> BaseContext | None:
    """How to start the readers; None where this process may not start any.

    Forked where that is safe (:func:`fork_context`); elsewhere a fresh
    interpreter is started instead.
    """
    # Imported here, as most files are read whole: 15 ms measured on every start otherwise.
    import multiprocessing

    if multiprocessing.current_process().daemon:  # a pool's worker may not have children
        return None
    return fork_context() or multiprocessing.get_context("spawn")


def fork_context() -> ForkContext | None:
    """The ``fork`` start method where forking is safe, else None.

    ``fork`` is cheap (nothing is imported again, the parent's objects are
    there without being copied) but only safe on Linux in a process running
    one thread: a child forked while another thread holds a lock (a progress
    bar writing to the terminal) can hang for ever (CPython issue 91776). A
    daemonic process (a pool's worker) may have no children at all.
    """
    import multiprocessing
    import threading

    if multiprocessing.current_process().daemon or sys.platform != "linux" or threading.active_count() != 1:
        return None
    return multiprocessing.get_context("fork")


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
