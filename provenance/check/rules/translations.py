"""T rules: is a translation tied to its translator, its date and its original?"""

from __future__ import annotations

from bibliography.dates import DateError, DateRange, PartialDate, definitely_precedes, parse_date
from provenance.check.rules.registry import Problem, Scope, also_checks, rule
from provenance.domain.findings import Evidence, Severity
from provenance.text.romanization import check_text

#: Fields whose text may pair a romanization with the characters it spells.
ROMANIZED_FIELDS = (
    "title",
    "origtitle",
    "titleaddon",
    "subtitle",
    "booktitle",
    "maintitle",
    "journaltitle",
    "series",
    "note",
    "addendum",
    "author",
    "editor",
    "organization",
    "publisher",
    "institution",
)


def _entry_problem(entry, message: str, field: str | None = None, evidence: Evidence | None = None) -> Problem:
    line = entry.field_line(field) if field else entry.line
    return Problem(message=message, path=entry.path, line=line, citation_key=entry.key, evidence=evidence)


@rule("T001", "missing-translator", Severity.ERROR, Scope.ENTRY)
def missing_translator(entry, project):
    """A translation names no translator.

    ## What it does
    Reports an entry that is a translation (it has `origlanguage`, `origtitle`,
    or `related` + `relatedtype = {translationof}`) but neither a `translator`
    nor an `editor` with `editortype = {translator}`.

    ## Why is this bad?
    The translator is an author of the words quoted; a citation without them
    credits the original author with another person's English.

    ## Example
    ```bibtex
    @online{cst, title = {Safeguard Technological Security}, origlanguage = {chinese}, date = {2025-01}}
    ```

    ## Use instead
    `translator = {Jin, Emily}`.
    """
    if entry.translation is not None and not entry.translation.translators:
        yield _entry_problem(entry, f"@{entry.key} is a translation but names no translator")


@rule("T002", "missing-translation-date", Severity.WARNING, Scope.ENTRY)
def missing_translation_date(entry, project):
    """A translation has no date of translation.

    ## What it does
    Reports a translation entry with neither `date` nor `year`.

    ## Why is this bad?
    Without it, a reader cannot tell which version of a translation was
    quoted, nor check that the quotation came after the translation.

    ## Example
    A translated web page recorded with `origdate` only.

    ## Use instead
    `date = {2025-01}` (the translation's own date, at the precision known).
    """
    if entry.translation is not None and not entry.translation.translated:
        yield _entry_problem(entry, f"translation @{entry.key} has no date of translation (`date`)")


@rule("T003", "missing-original", Severity.WARNING, Scope.ENTRY)
def missing_original(entry, project):
    """A translation does not identify its original work.

    ## What it does
    Reports a translation entry whose `related` (with `relatedtype =
    {translationof}`) names no entry of the bibliography, and which has no
    `origtitle` either.

    ## Why is this bad?
    The provenance chain stops at the translation: nobody can check the
    quotation against the original.

    ## Example
    `related = {ncsc-outline}` when no entry has that key.

    ## Use instead
    An entry for the original work, linked by `related`, or at least `origtitle`.
    """
    translation = entry.translation
    if translation is None:
        return
    if translation.original_key and project.original_of(entry) is None:
        yield _entry_problem(
            entry,
            f"@{entry.key} is a translation of @{translation.original_key}, which is not in the bibliography",
            "related",
        )
    # A `related` of another kind (a reprint, a volume of a set) keeps the rule silent, as biber
    # cannot tell what it is; only a translation that names no original at all is reported.
    elif not entry.fields.get("related") and not translation.original.title:
        yield _entry_problem(
            entry,
            f"translation @{entry.key} does not identify its original "
            "(no `related` + `relatedtype = {translationof}`, no `origtitle`)",
        )


@rule("T004", "date-order", Severity.ERROR, Scope.ENTRY)
def date_order(entry, project):
    """Impossible dates: a translation dated before its original appeared.

    ## What it does
    Compares a translation's `date` with its original's date (the `origdate`
    field, or the `date` of the entry `related` names), at the precision each
    is known, and reports a translation that must be the earlier. Also reports
    a manuscript whose own date (front matter `date:`, LaTeX `\\date{}`) is
    before the translation it cites.

    ## Why is this bad?
    One of the two dates is wrong, and with it the provenance of the text.

    ## Example
    `date = {2021}` with `origdate = {2022-04-14}`.

    ## Use instead
    The dates the title pages give.
    """
    translation = entry.translation
    if translation is None:
        return
    translated = _date(translation.translated)
    linked = project.original_of(entry)
    for source, value in (
        ("origdate", translation.original.issued),
        (f"the date of @{linked.key}" if linked else None, linked.work.issued if linked else None),
    ):
        original = _date(value)
        if source and translated and original and definitely_precedes(translated, original):
            yield _entry_problem(
                entry,
                f"translation @{entry.key} is dated {translated.iso()}, before its "
                f"original ({source}: {original.iso()})",
                "date",
                Evidence(expected=f"on or after {original.iso()}", found=translated.iso()),
            )
            return


@also_checks("T004", Scope.CITATION)
def quoted_before_translated(subject, project):
    """A manuscript dated before the translation it cites appeared (first citation of each key only)."""
    manuscript, citation = subject
    entry = project.entries.get(citation.key)
    written = _date(manuscript.date)
    if entry is None or written is None or entry.translation is None:
        return
    first = next(c for c in manuscript.extract.citations if c.key == citation.key)
    translated = _date(entry.translation.translated)
    if first is citation and translated and definitely_precedes(written, translated):
        yield Problem(
            message=f"{manuscript.path} is dated {written.iso()}, before the translation it cites "
            f"(@{entry.key}, {translated.iso()})",
            path=manuscript.path,
            line=citation.start.line,
            column=citation.start.column,
            citation_key=entry.key,
            evidence=Evidence(expected=f"on or after {translated.iso()}", found=written.iso()),
        )


def _date(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except DateError:
        return None  # B004 reports it
    return parsed.start if isinstance(parsed, DateRange) else parsed


@rule("T005", "romanization-mismatch", Severity.WARNING, Scope.ENTRY)
def romanization_mismatch(entry, project):
    """Pinyin that does not spell the Chinese characters beside it.

    ## What it does
    Finds romanized text next to Chinese characters (`Guanjian Hexin 关键核心`,
    `攻坚战 (gōngjiānzhàn)`) in titles, original titles, notes and names, and
    checks each syllable against every reading of its character (pypinyin).
    Tone marks or none, `ü`/`v`/`u` and any joining of syllables are accepted.

    ## Why is this bad?
    A reader searching for the romanized title finds nothing, and a wrong
    syllable often means the wrong characters were copied.

    ## Example
    `Gonghianzhan 攻坚战`, `Guojian Hesin 关键核心`.

    ## Use instead
    `Gongjianzhan 攻坚战`, `Guanjian Hexin 关键核心`.
    """
    for field in ROMANIZED_FIELDS:
        value = entry.fields.get(field)
        if not value:
            continue
        for error in check_text(value):
            yield _entry_problem(
                entry,
                f"`{field}`: {error.message}",
                field,
                Evidence(
                    found=error.syllable or error.romanized,
                    expected=" / ".join(error.expected) or None,
                    extra={"characters": error.hanzi},
                ),
            )
