"""An entry's work and translation, read once from its biblatex fields.

biblatex says "this is a translation" in several ways, and every stage used to
ask in its own: a `translator`, an `editor` with `editortype = {translator}`
(biber's data model has no translator on some types), `origlanguage`,
`origtitle`, or `related` + `relatedtype = {translationof}` pointing at the
entry of the original. This module is the one place that reads them into the
domain's :class:`~provenance.domain.works.Work` and
:class:`~provenance.domain.works.Translation`.
"""

from __future__ import annotations

from collections.abc import Mapping

from bibliography.bibtex import split_names
from provenance.domain.works import Agent, Contribution, Role, Translation, Work

#: The `relatedtype` of a translation whose `related` names the entry of its original.
TRANSLATION_OF = "translationof"


def work_of(key: str, fields: Mapping[str, str]) -> Work:
    """The work an entry describes: title, language, date issued and creators with their roles."""
    editors_translate = fields.get("editortype", "").lower() == Role.TRANSLATOR
    return Work(
        key=key,
        title=fields.get("title"),
        language=fields.get("langid") or fields.get("language"),
        issued=fields.get("date") or fields.get("year"),
        contributions=(
            *_contributions(fields.get("author"), Role.AUTHOR),
            *_contributions(fields.get("editor"), Role.TRANSLATOR if editors_translate else Role.EDITOR),
            *_contributions(fields.get("translator"), Role.TRANSLATOR),
        ),
    )


def is_translation(fields: Mapping[str, str]) -> bool:
    """Whether the entry says it is a translation, by any of biblatex's ways of saying so."""
    return bool(
        fields.get("translator")
        or fields.get("origlanguage")
        or fields.get("origtitle")
        or fields.get("relatedtype", "").lower() == TRANSLATION_OF
        or fields.get("editortype", "").lower() == Role.TRANSLATOR
    )


def translation_of(work: Work, fields: Mapping[str, str]) -> Translation:
    """The translation *work* is, its entry's fields saying so (:func:`is_translation`)."""
    linked = fields.get("relatedtype", "").lower() == TRANSLATION_OF
    original_key = fields.get("related", "").split(",")[0].strip() if linked else ""
    # The author of a translation is the author of the original; the translators are not.
    original = Work(
        key=original_key or None,
        title=fields.get("origtitle"),
        language=fields.get("origlanguage"),
        issued=fields.get("origdate"),
        contributions=tuple(c for c in work.contributions if c.role is Role.AUTHOR),
    )
    return Translation(work=work, original=original)


def _contributions(names: str | None, role: Role) -> tuple[Contribution, ...]:
    return tuple(Contribution(Agent(name), role) for name in split_names(names)) if names else ()
