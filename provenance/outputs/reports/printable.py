"""Text from manuscripts and sources, made safe to print: control characters shown, not obeyed.

A quotation may carry an ESC sequence or a form feed; printed raw it would
recolour a terminal or break an XML report. Every C0/C1 control character but
tab and newline is written as a visible ``\\xNN`` escape instead.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
