"""L rules: does the cited division (chapter, section, article) hold the passage?"""

from __future__ import annotations

from provenance.check.resolve import Resolution
from provenance.check.rules.pages import page_mismatches, pages_out_of_range
from provenance.check.rules.registry import Problem, Scope, also_checks, rule
from provenance.check.suggested_citation import find_suggested_citations, parse_division_mention
from provenance.domain.findings import Evidence, Fix, Severity
from provenance.domain.locators import DIVISION_LABELS, Locator, LocatorPart, corrected_locator, format_locator
from provenance.inputs.structure import Division, Structure, format_path


def division_parts(locator: Locator | None) -> list[LocatorPart]:
    if locator is None:
        return []
    return [p for p in locator.parts if p.label in DIVISION_LABELS and p.number is not None]


def unreadable_numbers(locator: Locator | None) -> list[LocatorPart]:
    """Parts that name a division but whose number cannot be read as one."""
    if locator is None:
        return []
    return [p for p in locator.parts if p.label in DIVISION_LABELS and p.number is None]


def is_whole(structure: Structure, kind: str) -> bool:
    """Whether the source holds every division of *kind*: numbered 1…N with no gap.

    A source that starts at chapter 7 is an excerpt, so chapter 6 may exist
    elsewhere; one holding articles 1–30 shows article 31 cannot.
    """
    numbers = structure.numbers(kind)
    return len(numbers) >= 2 and min(numbers) == 1 and max(numbers) == len(numbers)


def _describe(division: Division) -> str:
    title = f" (“{division.title}”)" if division.title else ""
    return f"{division.kind} {division.label}{title}"


def _locator_fix(resolution: Resolution, path: tuple[Division, ...]) -> Fix | None:
    citation = resolution.citation
    if citation is None or citation.locator is None or citation.locator_span is None:
        return None
    replacement = corrected_locator(citation.locator, path)
    if resolution.manuscript.syntax == "latex":
        replacement = replacement.replace(". ", ".~")  # a tie, as LaTeX authors write "chap.~7"
    start, end = citation.locator_span
    return Fix(
        path=resolution.manuscript.path,
        start=start,
        end=end,
        replacement=replacement,
        description=f"cite {replacement}",
    )


def _citation_problem(resolution: Resolution, message: str, path, fix: Fix | None) -> Problem:
    citation = resolution.citation
    located = resolution.primary
    assert citation is not None and located is not None  # a locator is judged only where both are known
    evidence = Evidence(
        expected=format_path(path),
        found=format_locator(citation.locator),
        source_path=located.source.path,
        source_line=located.line,
        source_end_line=located.end_line,
        division=format_path(path),
        extra={"suggested_locator": fix.replacement} if fix else {},
    )
    return Problem(
        message=message,
        path=resolution.manuscript.path,
        line=citation.start.line,
        column=citation.start.column,
        citation_key=citation.key,
        evidence=evidence,
        fix=fix,
    )


def _mismatches(resolution: Resolution):
    """(cited part, division of that kind on the passage's path, path) for each wrong number."""
    located = resolution.primary
    if resolution.citation is None or located is None:
        return
    path = located.division_path
    for part in division_parts(resolution.citation.locator):
        same_kind = next((d for d in path if d.kind == part.label), None)
        if same_kind is None or same_kind.number != part.number:
            yield part, same_kind, path


@rule("L001", "locator-mismatch", Severity.ERROR, Scope.QUOTATION)
def locator_mismatch(resolution: Resolution, project):
    """The cited division number is not the one where the passage is.

    ## What it does
    Finds the quoted passage in the source, reads the division path it sits in
    (Chapter 7 › Section III) and reports a locator that names another number
    of the same kind (`chap. 6`), when that division exists or may exist (the
    source is an excerpt of a larger work).

    ## Why is this bad?
    The reader looks in chapter 6 and does not find the words.

    ## Example
    ```markdown
    “Science and technology are the foundation of national strength” [@cst-tech-security, chap. 6].
    ```

    ## Use instead
    `[@cst-tech-security, chap. 7, sec. III]`.
    """
    for part, same_kind, path in _mismatches(resolution):
        assert resolution.primary is not None  # _mismatches yields only for a located passage
        structure = resolution.primary.source.structure
        if same_kind is None or _named_by_other_kind(part, path):
            continue  # another kind holds that number: L002; no such kind on the path: nothing to compare
        if is_whole(structure, part.label) and not structure.find(part.label, part.number):
            continue  # cannot exist: L003
        fix = _locator_fix(resolution, path)
        yield _citation_problem(
            resolution,
            f"cites {part.label} {part.value}, but the passage is in {_describe(same_kind)}: {format_path(path)}",
            path,
            fix,
        )
    yield from page_mismatches(resolution)


def _named_by_other_kind(part: LocatorPart, path: tuple[Division, ...]) -> Division | None:
    return next((d for d in path if d.kind != part.label and d.number == part.number), None)


@rule("L002", "locator-kind", Severity.ERROR, Scope.QUOTATION)
def locator_kind(resolution: Resolution, project):
    """The citation names the wrong kind of division: a section called a chapter.

    ## What it does
    Reports a locator whose number is right but whose kind is wrong, e.g.
    `chap. III` for text in Section III of Chapter 7.

    ## Why is this bad?
    Chapter III and Section III are different places; the reader is misled.

    ## Example
    ```markdown
    “…” [@cst-tech-security, chap. III]
    ```

    ## Use instead
    `[@cst-tech-security, chap. 7, sec. III]`.
    """
    for part, _same_kind, path in _mismatches(resolution):
        other = _named_by_other_kind(part, path)
        if other is not None:
            yield _citation_problem(
                resolution,
                f"cites {part.label} {part.value}, but {part.value} is the {other.kind} number: "
                f"the passage is in {format_path(path)}",
                path,
                _locator_fix(resolution, path),
            )


@also_checks("L002", Scope.DIVISION_REFERENCE)
def division_called_wrong_kind(subject, project):
    """Prose that names a division by title but calls it another kind: the chapter “X” for Section X."""
    manuscript, reference = subject
    if reference.title is None:
        return
    keys = [reference.citation_key] if reference.citation_key else list(project.entries)
    for key in keys:
        for source in project.sources_of(key):
            titled = source.structure.by_title(reference.title)
            if titled and all(d.kind != reference.kind for d in titled):
                division = titled[0]
                path = source.structure.path_at(division.start)
                yield Problem(
                    message=f"calls “{reference.title}” a {reference.kind}, but in {source.path} it is "
                    f"{division.kind} {division.label}: {format_path(path)}",
                    path=manuscript.path,
                    line=reference.start.line,
                    column=reference.start.column,
                    citation_key=key,
                    evidence=Evidence(
                        expected=f"{division.kind} {division.label}",
                        found=reference.kind,
                        source_path=source.path,
                        source_line=division.line,
                        division=format_path(path),
                    ),
                )
                return


@rule("L003", "locator-out-of-range", Severity.ERROR, Scope.CITATION)
def locator_out_of_range(subject, project):
    """The cited division cannot exist in the work.

    ## What it does
    Reports a locator naming a division number beyond what the source holds,
    when the source holds the whole sequence (articles 1–30, so no article 31).

    ## Why is this bad?
    The citation points nowhere.

    A division number that is no number at all (`chap. -1`, `chap. ☃`,
    `art. 1e999`, `chap. 99999999999999999999`) cannot exist either.

    ## Example
    `[@law, art. 31]` for a law of 30 articles.

    ## Use instead
    The article that holds the words.
    """
    manuscript, citation = subject
    for part in unreadable_numbers(citation.locator):
        yield Problem(
            message=f"cites {part.label} {part.value}, but “{part.value}” is not a number: "
            f"divisions are numbered 7, VII, seven or 七",
            path=manuscript.path,
            line=citation.start.line,
            column=citation.start.column,
            citation_key=citation.key,
            evidence=Evidence(found=part.raw),
        )
    for source in project.sources_of(citation.key):
        structure = source.structure
        for part in division_parts(citation.locator):
            if is_whole(structure, part.label) and not structure.find(part.label, part.number):
                count = max(structure.numbers(part.label))
                yield Problem(
                    message=f"cites {part.label} {part.value}, but {source.path} has {part.label}s 1–{count} only",
                    path=manuscript.path,
                    line=citation.start.line,
                    column=citation.start.column,
                    citation_key=citation.key,
                    evidence=Evidence(found=part.raw, source_path=source.path),
                )
    yield from pages_out_of_range(subject, project)


@rule("L004", "entry-source-mismatch", Severity.ERROR, Scope.ENTRY)
def entry_source_mismatch(entry, project):
    """An entry's own division or title contradicts the text its `file` holds.

    ## What it does
    Reads the division an entry names (its `title` or `chapter` field, e.g.
    “Chapter Six: Uphold the Predominant Position of Political Security”) and
    the suggested citation printed in the source text itself (“Cite This
    Article”), and reports either when the text's own headings say otherwise.

    ## Why is this bad?
    Everyone who copies the entry or the publisher's suggested citation cites
    the wrong chapter.

    ## Example
    A page whose headings are Chapter 7 › Section III, cited by its own “Cite
    This Article” block as “Chapter Six: …”.

    ## Use instead
    Name the division the text holds: Chapter 7, Section III “Safeguard
    Technological Security”.
    """
    source = project.sources.get(entry.source_path) if entry.source_path else None
    if source is None:
        return
    for field in ("title", "chapter"):
        value = entry.fields.get(field)
        mention = parse_division_mention(value) if value else None
        contradiction = mention and _contradiction(source.structure, *mention)
        if contradiction:
            held = next(d for d in source.structure.divisions if d.kind == mention[0])
            yield Problem(
                message=f"entry @{entry.key} `{field}` names {contradiction}",
                path=entry.path,
                line=entry.field_line(field),
                citation_key=entry.key,
                evidence=Evidence(
                    found=value,
                    source_path=source.path,
                    source_line=held.line,
                    division=format_path(source.structure.path_at(held.start)),
                ),
            )
    if source.entry_keys and source.entry_keys[0] != entry.key:
        return  # the text's own suggested citation is reported once, with its first entry
    for suggested in find_suggested_citations(source.text):
        contradiction = _contradiction(
            source.structure, suggested.division_kind, suggested.division_number, suggested.division_title
        )
        if contradiction:
            yield Problem(
                message=f"the suggested citation in {source.path} names {contradiction}",
                path=source.path,
                line=suggested.line,
                citation_key=entry.key,
                evidence=Evidence(found=suggested.text, source_path=source.path, source_line=suggested.line),
            )


def _contradiction(structure: Structure, kind: str | None, number: int | None, title: str | None) -> str | None:
    """What is wrong with naming (kind, number, title) for a text of this structure, if anything."""
    if kind is None or number is None:
        return None
    held = [d for d in structure.divisions if d.kind == kind]
    if not held or any(d.number == number for d in held):
        return None
    named = f"{kind} {number}" + (f" (“{title}”)" if title else "")
    holds = ", ".join(dict.fromkeys(_describe(d) for d in held))
    return f"{named}, but the text holds {holds}"
