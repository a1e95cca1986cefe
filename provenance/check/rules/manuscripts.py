"""M rules: a manuscript's own markup, where it keeps text from being read as written."""

from __future__ import annotations

from provenance.check.rules.registry import Problem, Scope, rule
from provenance.domain.findings import Severity


@rule("M001", "unclosed-markup", Severity.WARNING, Scope.MANUSCRIPT)
def unclosed_markup(manuscript, project):
    """Markup opened and never closed: a comment or verbatim block that runs to the end of the file.

    ## What it does
    Reports a Markdown `<!--` with no `-->` after it, and a LaTeX `verbatim`,
    `lstlisting`, `minted` or `comment` environment with no `\\end`, at the
    line where it opens. Pandoc prints an unclosed `<!--` and what follows as
    text, so the quotations after it are still checked (as text); LaTeX stops
    at an unclosed environment, so nothing after it is checked, and the finding
    says so.

    ## Why is this bad?
    The author meant to hide a note and shows it instead, or hides every
    quotation after it from the reader and from this check.

    ## Example
    ```markdown
    <!-- TODO: check the translation
    “Science and technology are the foundation of national strength” [@cst-tech-security].
    ```

    ## Use instead
    Close the comment where the note ends: `<!-- TODO: check the translation -->`.
    """
    for problem in manuscript.extract.markup_problems:
        yield Problem(message=problem.message, path=manuscript.path, line=problem.line, column=problem.column)
