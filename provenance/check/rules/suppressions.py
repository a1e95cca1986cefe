"""S rules: the project's own hygiene."""

from __future__ import annotations

from provenance.check.rules.registry import Problem, Scope, rule
from provenance.domain.findings import Evidence, Severity


@rule("S001", "unused-suppression", Severity.WARNING, Scope.SUPPRESSION)
def unused_suppression(subject, project):
    """An inline suppression silences nothing.

    ## What it does
    Reports a `provenance: ignore[CODE]` comment whose codes match no finding
    on the quotation that follows it (or that no quotation follows).

    ## Why is this bad?
    A stale suppression will silently hide the next real problem there.

    ## Example
    ```markdown
    <!-- provenance: ignore[Q002] -->
    “Science and technology are the foundation of national strength” [@cst-tech-security].
    ```
    where the quotation is exact.

    ## Use instead
    Remove the comment, or name the code that is really reported.
    """
    suppression, codes = subject
    target = "the quotation after it" if suppression.covers else "anything (no quotation follows it)"
    yield Problem(
        message=f"suppression of {', '.join(codes)} matches no finding on {target}",
        path=suppression.path,
        line=suppression.line,
        column=suppression.column,
        evidence=Evidence(found=", ".join(suppression.codes)),
    )
