"""D rules: problems inside a source text itself."""

from __future__ import annotations

from provenance.duplicates import find_duplicated_blocks
from provenance.findings import Evidence, Severity
from provenance.rules.registry import Problem, Scope, rule


@rule("D001", "duplicated-block", Severity.WARNING, Scope.SOURCE)
def duplicated_block(source, project):
    """A source text holds the same block more than once.

    ## What it does
    Finds runs of paragraphs that occur again later in the same source text,
    as in a web page captured with its article three times.

    ## Why is this bad?
    A quotation then matches several places, its line and division are
    ambiguous, and the text's own structure is repeated.

    ## Example
    A captured page whose “Chapter 7 … Section III …” text appears at lines
    9, 40 and 71.

    ## Use instead
    Keep one copy of the text in the source file.
    """
    for block in find_duplicated_blocks(source.text):
        yield Problem(
            message=f"lines {block.repeat_line}–{block.repeat_end_line} repeat lines "
            f"{block.first_line}–{block.first_end_line} ({block.paragraphs} paragraphs, "
            f"{block.characters} characters)",
            path=source.path, line=block.repeat_line,
            evidence=Evidence(source_path=source.path, source_line=block.first_line,
                              source_end_line=block.first_end_line,
                              found=source.text[block.repeat_start:block.repeat_end][:200]))
