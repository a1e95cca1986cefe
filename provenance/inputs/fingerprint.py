"""The identity of a lint's inputs: which files, with which content, checked by which code.

A lint stores this fingerprint with its findings. The next lint hashes the
same files (cheap: no parsing) and, when nothing differs, reads the findings
back without loading the project at all.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

import bibliography
import provenance
from provenance import __version__

#: (kind, project-relative path, sha256 of the bytes) of one input file.
InputDigest = tuple[str, str, str]
#: The kind of a source named only by an entry's `file` field, not by the config.
ENTRY_SOURCE = "entry-source"
#: The kind of a configured path that resolves outside the project (its digest is where it leads).
OUTSIDE = "outside"


def fingerprint_of(inputs: Iterable[InputDigest]) -> str:
    digest = hashlib.sha256(code_signature().encode())
    for kind, path, content in sorted(inputs, key=lambda item: item[1]):
        digest.update(f"\0{kind}\0{path}\0{content}".encode())
    return digest.hexdigest()


@functools.cache
def code_signature() -> str:
    """The tool's version and a hash of its own code: stored findings are reused only by the same code."""
    digest = hashlib.sha256(__version__.encode())
    for package in (Path(provenance.__file__).parent, Path(bibliography.__file__).parent):
        for path in sorted(package.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()
