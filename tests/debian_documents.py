"""Real documents from Debian packages that the source-capture tests read.

Each is a documented default that an environment variable overrides; a test
that needs one skips with a reason when it is absent (CI installs the
packages: see .ci/test).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: A texinfo manual with title pages (T-1, T-2), a roman-numbered contents page and an outline.
MANUAL_PDF = ("PROVENANCE_TEST_PDF", "/usr/share/doc/libtasn1-doc/libtasn1.pdf", "libtasn1-doc")
#: An HTML manual page with headings.
HTML_PAGE = ("PROVENANCE_TEST_HTML", "/usr/share/doc/socat/socat.html", "socat")


def document(spec: tuple[str, str, str]) -> Path:
    variable, default, package = spec
    path = Path(os.environ.get(variable) or default)
    if not path.is_file():
        pytest.skip(f"{path} is absent: install the Debian package {package} or set {variable}")
    return path


def pdftotext() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is the oracle for page numbers")
    return tool
