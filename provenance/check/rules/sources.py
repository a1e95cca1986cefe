"""D rules: problems inside a source text itself."""

from __future__ import annotations

from provenance.check.duplicated_blocks import find_duplicated_blocks
from provenance.check.rules.registry import Problem, Scope, prepares, rule
from provenance.check.rules.wording import describe, diff_in_context
from provenance.check.variant_texts import find_variant_passages
from provenance.check.variant_texts_background import search_variants
from provenance.domain.findings import Evidence, Severity
from provenance.text.snippets import shorten


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
            path=source.path,
            line=block.repeat_line,
            evidence=Evidence(
                source_path=source.path,
                source_line=block.first_line,
                source_end_line=block.first_end_line,
                found=shorten(source.text[block.repeat_start : block.repeat_end], 200),
            ),
        )


@rule("B002", "variant-text", Severity.WARNING, Scope.PROJECT)
def variant_text(project, _context):
    """The same passage is published in two sources with different wording.

    ## What it does
    Pairs the paragraphs of every registered source with near-identical
    paragraphs of the others and reports each pair whose wording differs,
    with both places and the word-level diff.

    ## Why is this bad?
    A quotation matches one version and "misquotes" the other; at least one
    publisher changed the text, and the reader should know which was quoted.

    ## Example
    A glossary entry embedded in a translation page ("had more to do", "the
    theory went, means") and the glossary's own page ("has more to do", "meant").

    ## Use instead
    Cite the version you quote, and record the other as a variant.
    """
    search = project.prepared.pop("B002", None)
    for variant in search() if search else find_variant_passages(project.sources.values()):
        passage, other, match = variant.passage, variant.other, variant.match
        source = passage.source
        text = source.text[passage.start : passage.end]
        yield Problem(
            message=f"this passage is also in {other.path} (line {other.line_of(match.source_start)}) "
            f"with different wording: it {describe(match.differences)}",
            path=source.path,
            line=source.line_of(passage.start),
            evidence=Evidence(
                expected=shorten(other.text[match.source_start : match.source_end], 400),
                found=shorten(text, 400),
                source_path=other.path,
                source_line=other.line_of(match.source_start),
                source_end_line=other.line_of(max(match.source_end - 1, match.source_start)),
                diff=diff_in_context(match.differences, text),
            ),
        )


@prepares("B002")
def start_variant_search(project):
    """The variant search, started before the other rules so that it runs beside them (see ``variant_texts_background``)."""
    return search_variants(list(project.sources.values()))


@rule("B009", "path-outside-project", Severity.ERROR, Scope.PROJECT)
def path_outside_project(project, _context):
    """A path in the config or an entry's `file` field leads outside the project.

    ## What it does
    Resolves every configured path and `file` field, symlinks included, and
    reports each one that ends outside the config's folder (and the folders
    `extra-roots` names). Such a file is never read.

    ## Why is this bad?
    A bibliography or a symlink from someone else's pull request could make the
    lint copy any file of the machine it runs on (a CI runner's secrets) into
    the store and the reports.

    ## Example
    `file = {../../../../etc/passwd}`, or `sources/page.md` a symlink to
    `/home/me/notes.md`.

    ## Use instead
    Keep sources inside the project, or name their folder in `extra-roots`.
    """
    for outside in project.outside:
        yield Problem(message=outside.message, path=outside.path, line=outside.line)
