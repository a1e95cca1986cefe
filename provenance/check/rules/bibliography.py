"""B rules: problems of the bibliography and of the keys manuscripts cite."""

from __future__ import annotations

from rapidfuzz import process, utils

from bibliography.bibtex import DUPLICATE_FIELD, DUPLICATE_KEY, UNREADABLE
from bibliography.datamodel import missing_fields, placeholders, resolved_fields
from bibliography.dates import DateError, PartialDate, parse_bibtex_year_month, parse_date
from provenance.check.duplicate_entries import find_twins
from provenance.check.duplicate_entries.background import search_twins
from provenance.check.rules.registry import Problem, Scope, prepares, rule
from provenance.domain.findings import Evidence, Fix, Severity


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
    closest = process.extractOne(citation.key, list(project.entries), processor=utils.default_process, score_cutoff=80)
    hint = f"; did you mean @{closest[0]}?" if closest else ""
    fix = None
    if closest and _loose(closest[0]) == _loose(citation.key):
        start = _key_offset(manuscript, citation)
        fix = Fix(
            path=manuscript.path,
            start=start,
            end=start + len(citation.key),
            replacement=closest[0],
            description=f"cite @{closest[0]}",
        )
    yield Problem(
        message=f"@{citation.key} is not in the bibliography{hint}",
        path=manuscript.path,
        line=citation.key_start.line,
        column=citation.key_start.column,
        citation_key=citation.key,
        fix=fix,
        evidence=Evidence(found=citation.key, expected=closest[0] if closest else None),
    )


def _loose(key: str) -> str:
    """A key without case or punctuation: keys that differ only there are one key mistyped."""
    return "".join(ch for ch in key.casefold() if ch.isalnum())


def _key_offset(manuscript, citation) -> int:
    """Offset of the key's first character: after the `@` of a Pandoc citation."""
    front_matter = citation.end == citation.key_start.offset + len(citation.key)
    return citation.key_start.offset + (1 if manuscript.syntax == "markdown" and not front_matter else 0)


@rule("B001", "duplicate-entry", Severity.WARNING, Scope.PROJECT)
def duplicate_entry(project, _context):
    """Two entries describe the same work.

    ## What it does
    Compares every entry with its likely twins (same DOI, ISBN or URL, or a
    similar title and year, found by blocking, never by comparing all pairs),
    robust to case, accents, LaTeX escapes, punctuation and the order or
    abbreviation of names, and names the fields in which the two differ. A
    different edition, printing, volume, number, chapter or page range,
    conflicting identifiers, a translation, reprint or erratum and its
    original, a chapter and its collection, a volume and its set, or a report
    and the paper made of it are never duplicates. An entry is reported
    once, beside the earliest entry found to describe the same work (an
    exact copy, field for field, beside its first copy): three copies of a
    work are two findings, not three pairs.

    ## Why is this bad?
    Citations of one work split over two keys, and the two records rarely
    agree: one of them is wrong.

    ## Example
    A page's header record beside the record its own "Cite This Article" block
    gives: another author list, "A Study Guide" for "A Study Outline".

    ## Use instead
    One entry, with the fields checked against the work.
    """
    search = project.prepared.pop("B001", None)
    for pair in search() if search else find_twins(list(project.entries.values())):
        first, second = pair.first, pair.second
        differing = ", ".join(pair.differing) or "no field"
        yield Problem(
            message=f"@{second.key} and @{first.key} ({first.path}:{first.line}) describe the same work "
            f"({pair.reason}); they differ in: {differing}",
            path=second.path,
            line=second.line,
            citation_key=second.key,
            evidence=Evidence(
                extra={
                    "duplicate_of": first.key,
                    "differing_fields": list(pair.differing),
                    "values": {name: [first.fields.get(name), second.fields.get(name)] for name in pair.differing},
                }
            ),
        )


@prepares("B001")
def start_duplicate_search(project):
    """The twin search, started before the other rules so that it runs beside them (see ``background``)."""
    return search_twins(list(project.entries.values()))


@rule("B003", "missing-field", Severity.WARNING, Scope.ENTRY)
def missing_field(entry, project):
    """A field the entry type needs is missing (biber's data model).

    ## What it does
    Checks each entry against the mandatory fields of its type in the data
    model biber validates against (`biber --tool --validate-datamodel`),
    reading BibTeX as biber does: `journal` is `journaltitle`, `address` is
    `location`, `school` is `institution`, `year` stands for `date`,
    `@phdthesis` is a `thesis` of type `phdthesis`, and a `crossref` parent
    lends its fields (a book's title is its chapter's `booktitle`). An
    `online` entry needs a title, a date and a `url` (or `doi`), an `article`
    an author, a title, a journal and a date, and so on. Values left as
    placeholders (`????`, `19??`) are reported once per entry.

    ## Why is this bad?
    Styles print an incomplete citation, and the reader cannot find the work.

    ## Example
    `@online{page, title = {Safeguard Technological Security}, date = {2025-01}}`

    ## Use instead
    Add `url = {https://…}` (and an author or editor).
    """
    fields = resolved_fields(entry, project.entries)
    for options in missing_fields(entry.entry_type, fields):
        wanted = " or ".join(f"`{o}`" for o in options)
        yield Problem(
            message=f"@{entry.key} (@{entry.entry_type}) lacks {wanted}",
            path=entry.path,
            line=entry.line,
            column=entry.column,
            citation_key=entry.key,
            evidence=Evidence(expected=" or ".join(options)),
        )
    unfilled = placeholders(entry.fields)
    if unfilled:
        listed = ", ".join(f"`{name} = {{{entry.fields[name]}}}`" for name in unfilled)
        yield Problem(
            message=f"@{entry.key} has placeholders where values belong: {listed}",
            path=entry.path,
            line=entry.field_line(unfilled[0]),
            column=entry.column,
            citation_key=entry.key,
            evidence=Evidence(extra={"placeholders": unfilled}),
        )


@rule("B006", "unreadable-entry", Severity.ERROR, Scope.PROJECT)
def unreadable_entry(project, _context):
    """A bibliography entry that cannot be parsed.

    ## What it does
    Reports each block of a .bib file that is not valid BibTeX (a missing
    brace, quote, comma or `=`), with its line and what is wrong. The other
    entries of the file are still read and checked.

    ## Why is this bad?
    biber skips the entry or reads it wrongly: its citations print as bare
    keys, and its quotations cannot be traced.

    ## Example
    `@book{key, title = {Strategy, year = 2001}`

    ## Use instead
    `@book{key, title = {Strategy}, year = 2001}`
    """
    yield from _bibliography_problems(project, UNREADABLE)


@rule("B007", "duplicate-key", Severity.ERROR, Scope.PROJECT)
def duplicate_key(project, _context):
    """A citation key defined twice, in one .bib file or in two.

    ## What it does
    Reports every entry whose key an earlier entry already has, and says which
    copy wins: biber keeps the first it reads and skips the others.

    ## Why is this bad?
    A citation of the key prints the first entry, whichever one the writer meant.

    ## Example
    `@book{smith2001, …}` in `refs.bib` and again in `more.bib`.

    ## Use instead
    One entry per key; rename the other work's key (`smith2001a`).
    """
    yield from _bibliography_problems(project, DUPLICATE_KEY)


@rule("B008", "duplicate-field", Severity.WARNING, Scope.PROJECT)
def duplicate_field(project, _context):
    """An entry gives the same field twice.

    ## What it does
    Reports every repeated field of an entry (names compared without case),
    and says which value wins: biber keeps the last one.

    ## Why is this bad?
    One of the two values is silently dropped, and it may be the right one.

    ## Example
    `@book{k, title = {Strategy}, title = {Strategy: A History}}`

    ## Use instead
    `@book{k, title = {Strategy: A History}}`
    """
    yield from _bibliography_problems(project, DUPLICATE_FIELD)


def _bibliography_problems(project, kind: str):
    for problem in project.bibliography_problems:
        if problem.kind == kind:
            yield Problem(
                message=problem.message,
                path=problem.path,
                line=problem.line,
                column=problem.column,
                citation_key=problem.key,
            )


DATE_FIELDS = ("date", "origdate", "eventdate", "urldate")


@rule("B004", "invalid-date", Severity.ERROR, Scope.ENTRY)
def invalid_date(entry, project):
    """A date that is malformed, or incomplete where a full one is required.

    ## What it does
    Reads `date`, `origdate`, `eventdate` and `urldate` as ISO 8601 / EDTF
    dates, where partial precision (`2025-01`) is valid, and `year`/`month` as
    BibTeX does. Reports what cannot be a date (`May 3` with no year,
    `2025-13`, `2025-02-30`), and an access date (`urldate`) without its day.

    ## Why is this bad?
    Styles print garbage or nothing, sorting breaks, and date checks (T004)
    cannot run.

    ## Example
    `date = {May 3}`

    ## Use instead
    `date = {2023-05-03}`, or `date = {2023-05}` if the day is unknown.
    """
    unfilled = set(placeholders(entry.fields))  # reported once, by B003
    for field in DATE_FIELDS:
        value = entry.fields.get(field)
        if not value or field in unfilled:
            continue
        try:
            parsed = parse_date(value)
        except DateError as error:
            yield _date_problem(entry, field, value, str(error))
            continue
        if field == "urldate" and isinstance(parsed, PartialDate) and parsed.day is None:
            yield _date_problem(entry, field, value, "an access date needs its day (YYYY-MM-DD)")
    if (entry.fields.get("year") or entry.fields.get("month")) and not unfilled & {"year", "month"}:
        try:
            parse_bibtex_year_month(entry.fields.get("year"), entry.fields.get("month"))
        except DateError as error:
            field = "year" if entry.fields.get("year") else "month"
            yield _date_problem(entry, field, entry.fields.get(field), str(error))


def _date_problem(entry, field: str, value: str, reason: str) -> Problem:
    return Problem(
        message=f"@{entry.key} `{field} = {{{value}}}`: {reason}",
        path=entry.path,
        line=entry.field_line(field),
        citation_key=entry.key,
        evidence=Evidence(found=value),
    )
