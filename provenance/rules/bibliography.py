"""B rules: problems of the bibliography and of the keys manuscripts cite."""

from __future__ import annotations

from rapidfuzz import process, utils

from bibliography.dates import DateError, PartialDate, parse_bibtex_year_month, parse_date
from provenance.dedupe import find_duplicates
from provenance.findings import Evidence, Fix, Severity
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
    closest = process.extractOne(citation.key, list(project.entries), processor=utils.default_process,
                                 score_cutoff=80)
    hint = f"; did you mean @{closest[0]}?" if closest else ""
    fix = None
    if closest and _loose(closest[0]) == _loose(citation.key):
        start = _key_offset(manuscript, citation)
        fix = Fix(path=manuscript.path, start=start, end=start + len(citation.key), replacement=closest[0],
                  description=f"cite @{closest[0]}")
    yield Problem(message=f"@{citation.key} is not in the bibliography{hint}", path=manuscript.path,
                  line=citation.key_start.line, column=citation.key_start.column,
                  citation_key=citation.key, fix=fix,
                  evidence=Evidence(found=citation.key, expected=closest[0] if closest else None))


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
    different edition, chapter or page range, conflicting identifiers, or a
    translation and its original are never duplicates.

    ## Why is this bad?
    Citations of one work split over two keys, and the two records rarely
    agree: one of them is wrong.

    ## Example
    A page's header record beside the record its own "Cite This Article" block
    gives: another author list, "A Study Guide" for "A Study Outline".

    ## Use instead
    One entry, with the fields checked against the work.
    """
    for pair in find_duplicates(list(project.entries.values())):
        first, second = pair.first, pair.second
        differing = ", ".join(pair.differing) or "no field"
        yield Problem(
            message=f"@{second.key} and @{first.key} ({first.path}:{first.line}) describe the same work "
            f"({pair.reason}); they differ in: {differing}",
            path=second.path, line=second.line, citation_key=second.key,
            evidence=Evidence(extra={"duplicate_of": first.key, "differing_fields": list(pair.differing),
                                     "values": {name: [first.fields.get(name), second.fields.get(name)]
                                                for name in pair.differing}}))


# Required fields of the biblatex data model (biblatex manual, § 2.1.1); a tuple
# means "one of these". Aliases are read as the type they stand for.
REQUIRED_FIELDS: dict[str, tuple] = {
    "article": ("author", "title", "journaltitle", ("date", "year")),
    "book": ("author", "title", ("date", "year")),
    "mvbook": ("author", "title", ("date", "year")),
    "inbook": ("author", "title", "booktitle", ("date", "year")),
    "bookinbook": ("author", "title", "booktitle", ("date", "year")),
    "suppbook": ("author", "title", "booktitle", ("date", "year")),
    "booklet": (("author", "editor"), "title", ("date", "year")),
    "collection": ("editor", "title", ("date", "year")),
    "mvcollection": ("editor", "title", ("date", "year")),
    "incollection": ("author", "title", "booktitle", ("date", "year")),
    "suppcollection": ("author", "title", "booktitle", ("date", "year")),
    "dataset": (("author", "editor"), "title", ("date", "year")),
    "manual": (("author", "editor"), "title", ("date", "year")),
    "misc": (("author", "editor"), "title", ("date", "year")),
    "online": (("author", "editor"), "title", ("date", "year"), ("doi", "eprint", "url")),
    "patent": ("author", "title", "number", ("date", "year")),
    "periodical": ("editor", "title", ("date", "year")),
    "proceedings": ("title", ("date", "year")),
    "mvproceedings": ("title", ("date", "year")),
    "inproceedings": ("author", "title", "booktitle", ("date", "year")),
    "report": ("author", "title", "type", "institution", ("date", "year")),
    "thesis": ("author", "title", "type", "institution", ("date", "year")),
    "unpublished": ("author", "title", ("date", "year")),
    "software": (("author", "editor"), "title", ("date", "year")),
}
TYPE_ALIASES = {"conference": "inproceedings", "electronic": "online", "www": "online",
                "mastersthesis": "thesis", "phdthesis": "thesis", "techreport": "report"}
#: Aliases that imply the `type` field.
IMPLIED_FIELDS = {"mastersthesis": {"type"}, "phdthesis": {"type"}, "techreport": {"type"}}


@rule("B003", "missing-field", Severity.WARNING, Scope.ENTRY)
def missing_field(entry, project):
    """A field the entry type needs is missing (biblatex data model).

    ## What it does
    Checks each entry against the required fields of its type in the biblatex
    data model: an `online` entry needs a title, a date and a `url` (or `doi`),
    a `book` needs an author, a title and a date, and so on.

    ## Why is this bad?
    Styles print an incomplete citation, and the reader cannot find the work.

    ## Example
    `@online{page, title = {Safeguard Technological Security}, date = {2025-01}}`

    ## Use instead
    Add `url = {https://…}` (and an author or editor).
    """
    required = REQUIRED_FIELDS.get(TYPE_ALIASES.get(entry.entry_type, entry.entry_type))
    if required is None:
        return
    present = {name for name, value in entry.fields.items() if value.strip()}
    present |= IMPLIED_FIELDS.get(entry.entry_type, set())
    for need in required:
        options = need if isinstance(need, tuple) else (need,)
        if not present.intersection(options):
            wanted = " or ".join(f"`{o}`" for o in options)
            yield Problem(message=f"@{entry.key} (@{entry.entry_type}) lacks {wanted}", path=entry.path,
                          line=entry.line, citation_key=entry.key,
                          evidence=Evidence(expected=" or ".join(options)))


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
    for field in DATE_FIELDS:
        value = entry.fields.get(field)
        if not value:
            continue
        try:
            parsed = parse_date(value)
        except DateError as error:
            yield _date_problem(entry, field, value, str(error))
            continue
        if field == "urldate" and isinstance(parsed, PartialDate) and parsed.day is None:
            yield _date_problem(entry, field, value, "an access date needs its day (YYYY-MM-DD)")
    if entry.fields.get("year") or entry.fields.get("month"):
        try:
            parse_bibtex_year_month(entry.fields.get("year"), entry.fields.get("month"))
        except DateError as error:
            field = "year" if entry.fields.get("year") else "month"
            yield _date_problem(entry, field, entry.fields.get(field), str(error))


def _date_problem(entry, field: str, value: str, reason: str) -> Problem:
    return Problem(message=f"@{entry.key} `{field} = {{{value}}}`: {reason}", path=entry.path,
                   line=entry.field_line(field), citation_key=entry.key, evidence=Evidence(found=value))
