"""B rules: problems of the bibliography and of the keys manuscripts cite."""

from __future__ import annotations

from rapidfuzz import process

from provenance.findings import Evidence, Severity
from provenance.rules.registry import Problem, Scope, rule


@rule("B005", "undefined-key", Severity.ERROR, Scope.CITATION)
def undefined_key(subject, project):
    """A manuscript cites a key that is not in the bibliography.

    ## What it does
    Reports every citation whose key no configured bibliography defines, and
    names the closest existing key.

    ## Why is this bad?
    The citation cannot be printed, and its quotation cannot be checked.

    ## Example
    `[@cst-tech-securty, chap. 7]`

    ## Use instead
    `[@cst-tech-security, chap. 7]`
    """
    manuscript, citation = subject
    if citation.key in project.entries:
        return
    closest = process.extractOne(citation.key, list(project.entries), score_cutoff=80)
    hint = f"; did you mean @{closest[0]}?" if closest else ""
    yield Problem(message=f"@{citation.key} is not in the bibliography{hint}", path=manuscript.path,
                  line=citation.key_start.line, column=citation.key_start.column,
                  citation_key=citation.key,
                  evidence=Evidence(found=citation.key, expected=closest[0] if closest else None))
