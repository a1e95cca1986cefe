"""Real documents from Debian packages that the source-capture tests read.

Each is a documented default that an environment variable overrides. A test
that needs one fails when it is absent where .ci/test installs the packages
(as root, with apt), and skips with a reason only where it cannot.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: A texinfo manual with title pages (T-1, T-2), a roman-numbered contents page and an outline.
MANUAL_PDF = ("PROVENANCE_TEST_PDF", "/usr/share/doc/libtasn1-doc/libtasn1.pdf", "libtasn1-doc")
#: A LaTeX manual whose roman-numbered front matter holds prose (preface, introduction, thanks).
FRONT_MATTER_PDF = (
    "PROVENANCE_TEST_FRONT_MATTER_PDF",
    "/usr/share/doc/texlive-doc/latex/memoir/memman.pdf",
    "texlive-latex-recommended-doc",
)
#: An HTML manual page with headings.
HTML_PAGE = ("PROVENANCE_TEST_HTML", "/usr/share/doc/socat/socat.html", "socat")


def document(spec: tuple[str, str, str]) -> Path:
    variable, default, package = spec
    path = Path(os.environ.get(variable) or default)
    if not path.is_file():
        _absent(f"{path} is absent: install the Debian package {package} or set {variable}")
    return path


def pdftotext() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        _absent("pdftotext (Debian package poppler-utils) is the oracle for page numbers")
    return tool


def _absent(reason: str) -> None:
    # The same condition as .ci/test's: where it installs the packages, a missing one is a broken build.
    if os.environ.get("PROVENANCE_SYSTEM_TOOLS", "1") == "1" and os.geteuid() == 0 and shutil.which("apt-get"):
        pytest.fail(reason)
    pytest.skip(reason)
