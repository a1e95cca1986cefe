"""Q rules: is the quoted text what the source says?"""

from __future__ import annotations

from provenance.check.resolve import Located, PartCheck, Resolution, without_repeats
from provenance.check.rules.registry import Problem, Scope, rule
from provenance.check.rules.wording import describe, diff_in_context
from provenance.domain.findings import Evidence, Severity
from provenance.inputs.structure import format_path
from provenance.text.matching import Difference, MatchKind
from provenance.text.sentences import split_sentences
from provenance.text.snippets import shorten


def _problem(resolution: Resolution, message: str, index: int = 0, evidence: Evidence | None = None) -> Problem:
    position = resolution.position(index)
    return Problem(
        message=message,
        path=resolution.manuscript.path,
        line=position.line,
        column=position.column,
        citation_key=resolution.key,
        evidence=evidence,
    )


def _where(located: Located) -> Evidence:
    return Evidence(
        source_path=located.source.path,
        source_line=located.line,
        source_end_line=located.end_line,
        division=format_path(located.division_path) or None,
    )


def _excerpt(text: str, limit: int = 80) -> str:
    return shorten(text, limit)


def _checked_parts(resolution: Resolution):
    """Parts that were checked against a cited source in their language."""
    return [check for check in resolution.parts if check.cited is not None]


@rule("Q001", "quote-not-found", Severity.ERROR, Scope.QUOTATION)
def quote_not_found(resolution: Resolution, project):
    """The quoted text is in no registered source.

    ## What it does
    Looks for the quotation in the sources of the entries it cites, then in every
    other registered source, and reports it when neither holds it.

    ## Why is this bad?
    A quotation nobody can find cannot be checked by a reader, and is often a
    paraphrase, a misremembering or a quotation of a different text.

    ## Example
    ```markdown
    “Innovation is the only engine of development” [@cst-tech-security].
    ```

    ## Use instead
    Quote the words the source has, or register the text you quote from.
    """
    for check in _checked_parts(resolution):
        if not check.cited.found and check.elsewhere is None:
            yield _problem(
                resolution,
                f"“{_excerpt(check.part.text, 60)}” is not in {check.cited.source.path} or any other registered source",
                check.part.start,
                Evidence(found=_excerpt(check.part.text), source_path=check.cited.source.path),
            )


@rule("Q002", "quote-altered", Severity.ERROR, Scope.QUOTATION)
def quote_altered(resolution: Resolution, project):
    """The quotation is in the source, but some words differ.

    ## What it does
    Aligns the quotation with the passage that best matches it and reports every
    word (or, in Chinese, every character) that differs, beyond what style
    forgives (quote marks, dashes, spacing, a final period).

    ## Why is this bad?
    A quotation is a promise that these are the author's words.

    ## Example
    ```markdown
    “Science and technology are the basis of national strength” [@cst-tech-security].
    ```

    ## Use instead
    “Science and technology are the foundation of national strength”, or mark
    the change with [brackets].
    """
    for check in _checked_parts(resolution):
        if check.cited.match.kind is MatchKind.ALTERED and not _is_variant(check):
            differences = check.cited.match.differences
            first = differences[0] if differences else None
            evidence = Evidence(
                expected=_excerpt(
                    check.cited.source.text[check.cited.match.source_start : check.cited.match.source_end], 400
                ),
                found=_excerpt(check.part.text, 400),
                diff=diff_in_context(differences, check.part.text),
                **_located_fields(check.cited),
            )
            yield _problem(
                resolution,
                f"quotation differs from {check.cited.source.path}: it {describe(differences)}",
                check.part.start + (first.quote_start if first else 0),
                evidence,
            )


def _is_variant(check: PartCheck) -> bool:
    """The cited source has the part with other words, and another source has it word for word:
    a variant text, reported as Q006 (the quotation is right, the citation names the wrong version)."""
    return check.cited is not None and check.cited.match.kind is MatchKind.ALTERED and check.elsewhere is not None


def _located_fields(located: Located) -> dict:
    where = _where(located)
    return {
        "source_path": where.source_path,
        "source_line": where.source_line,
        "source_end_line": where.source_end_line,
        "division": where.division,
    }


@rule("Q003", "unmarked-omission", Severity.ERROR, Scope.QUOTATION)
def unmarked_omission(resolution: Resolution, project):
    """Text was cut from the quotation without an ellipsis.

    ## What it does
    Reports a quotation whose pieces are all in the source, in order, but not
    next to each other, with nothing in the quotation marking the cut.

    ## Why is this bad?
    Joining distant sentences silently can make a source say what it does not.

    ## Example
    ```markdown
    “Science and technology are the foundation of national strength. We must face the world's technological frontiers.”
    ```

    ## Use instead
    Mark the cut: “… national strength. […] We must face …”.
    """
    for check in _checked_parts(resolution):
        match = check.cited.match
        if match.kind is MatchKind.OMISSION:
            text = check.cited.source.text
            skipped = [_excerpt(text[start:end], 60) for start, end in match.gaps]
            evidence = Evidence(
                expected=_excerpt(text[match.source_start : match.source_end], 400),
                found=_excerpt(check.part.text, 400),
                extra={"omitted": skipped},
                **_located_fields(check.cited),
            )
            yield _problem(
                resolution,
                f"{len(match.gaps)} silent cut(s): the source has "
                f"“{skipped[0]}” where the quotation joins text without an ellipsis",
                check.part.start,
                evidence,
            )


@rule("Q004", "repeated-text", Severity.ERROR, Scope.QUOTATION)
def repeated_text(resolution: Resolution, project):
    """The quotation repeats a sentence the source has once.

    ## What it does
    Finds a sentence that occurs twice in one quotation while the source (or,
    when no source in that language is registered, the parallel translation in
    the same quotation) has it once.

    ## Why is this bad?
    A doubled sentence is a copy-and-paste slip that misquotes the source.

    ## Example
    The thread's quote 1 gives 谁牵住了科技创新这个“牛鼻子“,… twice.

    ## Use instead
    Quote the sentence once.
    """
    for check in resolution.parts:
        for repeat in check.repeated:
            if check.cited is not None and check.cited.found:
                witness = f"{check.cited.source.path} has it once"
            elif check.cited is None and len(resolution.parts) > 1:
                witness = "the parallel text has it once"
            else:
                continue
            first = resolution.position(check.part.start + repeat.first[0])
            yield _problem(
                resolution,
                f"sentence repeated in the quotation ({witness}): “{_excerpt(repeat.text, 50)}”",
                check.part.start + repeat.repeat[0],
                Evidence(
                    expected=_excerpt(without_repeats(check.part.text, (repeat,)), 400),
                    found=_excerpt(check.part.text, 400),
                    diff=diff_in_context(
                        (Difference("insert", repeat.text, "", *repeat.repeat, 0, 0),), check.part.text
                    ),
                    extra={"first_occurrence": {"line": first.line, "column": first.column}},
                ),
            )


@rule("Q005", "parallel-mismatch", Severity.WARNING, Scope.QUOTATION)
def parallel_mismatch(resolution: Resolution, project):
    """The two languages of a bilingual quotation do not say the same sentences.

    ## What it does
    Aligns the sentences of the English and the Chinese part (by length, with
    the English source's neighbouring sentences as context) and reports a
    sentence in one language that has no counterpart in the other.

    ## Why is this bad?
    A reader comparing the two texts is misled: one says more than the other.

    ## Example
    Quote 5 of the thread ends its Chinese with 科技创新活动不断突破地域、组织、技术的界限,…,
    which its English part leaves out.

    ## Use instead
    Quote the same sentences in both languages, or mark the cut in both.
    """
    if not resolution.alignment:
        return
    english = next(c for c in resolution.parts if c.part.language == "en")
    chinese = next(c for c in resolution.parts if c.part.language == "zh")
    en_spans = _sentence_spans(english)
    zh_spans = _sentence_spans(chinese)
    for bead in resolution.alignment:
        if bead.right and (not bead.left or bead.left_context):
            start, end = zh_spans[bead.right[0]]
            sentence = chinese.part.text[start:end]
            lacking = "its English part lacks"
            evidence = Evidence(found=sentence)
            if bead.left_context and english.cited is not None:
                lacking += " (the English source goes on to translate it)"
            yield _problem(
                resolution,
                f"Chinese sentence {bead.right[0] + 1} has no counterpart in the "
                f"English: “{_excerpt(sentence, 40)}” is a sentence {lacking}",
                chinese.part.start + start,
                evidence,
            )
        elif bead.left and not bead.right and not bead.left_context:
            start, end = en_spans[bead.left[0]]
            sentence = english.part.text[start:end]
            yield _problem(
                resolution,
                f"English sentence {bead.left[0] + 1} has no counterpart in the Chinese: “{_excerpt(sentence, 50)}”",
                english.part.start + start,
                Evidence(found=sentence),
            )


def _sentence_spans(check: PartCheck) -> list[tuple[int, int]]:
    return split_sentences(without_repeats(check.part.text, check.repeated))


@rule("Q006", "misattributed", Severity.ERROR, Scope.QUOTATION)
def misattributed(resolution: Resolution, project):
    """The quotation is not in the cited source, but another registered source has it.

    ## What it does
    When a quotation is missing from the source of the entry it cites, searches
    every registered source and reports the one that holds it. When the cited
    source has the passage in other words (a variant text, B002) and another
    source has the quotation word for word, reports that source instead of the
    altered words. A source that holds the quoted text itself is never "the
    wrong one", whatever its language.

    ## Why is this bad?
    The reader is sent to the wrong work.

    ## Example
    A sentence from the glossary page cited to the translation page.

    ## Use instead
    Cite the entry whose text holds the words.
    """
    if resolution.citation is None:
        return
    for check in resolution.parts:
        if check.elsewhere is not None and (check.cited is None or not check.cited.found):
            if check.cited is None and resolution.entry is not None and resolution.entry.source_path is None:
                continue  # the cited entry has no text: nothing says it is the wrong one
            keys = ", ".join(check.elsewhere.source.entry_keys) or "no entry"
            yield _problem(
                resolution,
                f"not in the source of @{resolution.key}, but found in "
                f"{check.elsewhere.source.path} (line {check.elsewhere.line}; cited as {keys})",
                check.part.start,
                _where(check.elsewhere),
            )
        elif _is_variant(check):
            elsewhere, cited = check.elsewhere, check.cited
            assert elsewhere is not None and cited is not None  # what _is_variant checked
            keys = ", ".join(elsewhere.source.entry_keys) or "no entry"
            yield _problem(
                resolution,
                f"{elsewhere.source.path} (line {elsewhere.line}; cited as "
                f"{keys}) has this wording, the source of @{resolution.key} another "
                f"({cited.source.path} line {cited.line}: the quotation {describe(cited.match.differences)})",
                check.part.start,
                _where(elsewhere),
            )


@rule("Q007", "unattributed", Severity.WARNING, Scope.QUOTATION)
def unattributed(resolution: Resolution, project):
    """A quotation carries no citation.

    ## What it does
    Reports quotations with no citation attached, and says where the words were
    found, if any registered source holds them.

    ## Why is this bad?
    Readers cannot check a quotation that names no source.

    ## Example
    ```markdown
    As the handbook says, “innovation is the soul of national progress.”
    ```

    ## Use instead
    “innovation is the soul of national progress” [@cst-tech-security, chap. 7, sec. III].
    """
    if resolution.quotation.citations:
        return
    found = next((c.elsewhere for c in resolution.parts if c.elsewhere is not None), None)
    if found is None:
        yield _problem(resolution, "quotation has no citation, and no registered source holds it")
        return
    keys = ", ".join(f"@{key}" for key in found.source.entry_keys)
    hint = f"; cite {keys}" if keys else ""
    yield _problem(
        resolution,
        f"quotation has no citation; found in {found.source.path} line {found.line}"
        f"{' (' + format_path(found.division_path) + ')' if found.division_path else ''}{hint}",
        evidence=_where(found),
    )
