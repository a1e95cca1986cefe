"""Applying the fixes findings carry: rewrite the span, nothing else, atomically.

A fix is a replacement of ``[start, end)`` in one file. Fixes of one file are
applied from the end backwards so earlier offsets stay valid; a fix that
overlaps one already taken is left for the next run. Each file is written to a
temporary sibling and renamed over the original, so a crash never leaves a
half-written manuscript.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from provenance.domain.findings import Finding, Fix
from provenance.errors import InputError
from provenance.text.files import decode_text, read_bytes

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileFix:
    path: str
    before: str
    after: str
    applied: tuple[Fix, ...]
    #: How the file writes what the tool reads as text: a BOM, CRLF line ends. Kept on write.
    bom: bool = False
    crlf: bool = False

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )

    def encoded(self) -> bytes:
        text = self.after.replace("\n", "\r\n") if self.crlf else self.after
        return ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")


def plan_fixes(findings: list[Finding], root: Path) -> list[FileFix]:
    """The edits per file. Offsets are those of the text as read for lint (BOM dropped, LF line ends)."""
    by_path: dict[str, list[Fix]] = {}
    for finding in findings:
        if finding.fix is not None:
            by_path.setdefault(finding.fix.path, []).append(finding.fix)
    plans = []
    for path, fixes in sorted(by_path.items()):
        data = read_bytes(root / path, shown_as=path)
        before = decode_text(data, shown_as=path)
        after, applied, limit = before, [], len(before) + 1
        for fix in sorted(set(fixes), key=lambda f: (f.start, f.end), reverse=True):
            if fix.end <= limit and 0 <= fix.start <= fix.end <= len(before):
                after = after[: fix.start] + fix.replacement + after[fix.end :]
                applied.append(fix)
                limit = fix.start
        if after != before:
            plans.append(
                FileFix(path, before, after, tuple(reversed(applied)), bom=data.startswith(BOM), crlf=b"\r\n" in data)
            )
    return plans


def apply_fixes(plans: list[FileFix], root: Path) -> None:
    for plan in plans:
        target = root / plan.path
        try:
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(plan.encoded())
            os.chmod(temporary, target.stat().st_mode)
            os.replace(temporary, target)
        except OSError as error:
            raise InputError(f"cannot write the fix: {error.strerror}", path=plan.path) from None
