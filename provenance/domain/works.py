"""Works, their agents and translations: the provenance a bibliography entry states.

The words are DESIGN.md's. An **Agent** is a person or organisation; a **Work**
a work as its entry describes it (title, language, date issued, creators with
their roles); a **Translation** the facts that make a work the translation of
another: its translators, the date of the translation, and the original work
(its language, title, date, and the entry that describes it, if any).

The values are built from an entry's fields in one place
(:mod:`provenance.inputs.entry_works`), once per entry, and carried on the
entry's record, so every stage asks the same question the same way: "who
translated this, from what, when?" has one answer.
Names and titles are kept as the entry writes them (LaTeX included); a
report decodes them for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """An agent's part in a work (biblatex's name lists and ``editortype``)."""

    AUTHOR = "author"
    EDITOR = "editor"
    TRANSLATOR = "translator"


@dataclass(frozen=True)
class Agent:
    """A person or organisation, named as the entry names them (``Jin, Emily``; ``{Office of …}``)."""

    name: str


@dataclass(frozen=True)
class Contribution:
    """An agent's part in a work: author, editor, translator."""

    agent: Agent
    role: Role


@dataclass(frozen=True)
class Work:
    """A work as an entry describes it: title, language, date issued and creators with roles.

    ``key`` is the citation key of the entry describing the work; the original of a
    translation that only its translation's fields describe (``origtitle``, ``origdate``)
    has none. ``issued`` is a partial date as written (``2022-04-14``, ``2025-01``).
    """

    key: str | None
    title: str | None = None
    language: str | None = None
    issued: str | None = None
    contributions: tuple[Contribution, ...] = ()

    def agents(self, role: Role) -> tuple[Agent, ...]:
        """The agents in *role*, in the entry's order."""
        return tuple(c.agent for c in self.contributions if c.role is role)

    @property
    def authors(self) -> tuple[Agent, ...]:
        return self.agents(Role.AUTHOR)


@dataclass(frozen=True)
class Translation:
    """A work that translates another: its translators, the date of the translation, the original.

    ``original`` is the original as the translation's own entry states it (title,
    language, date, and the translation's authors, who wrote the original);
    ``original.key`` is the key of the entry describing the original, when the
    translation links one (biblatex ``related`` + ``relatedtype = {translationof}``).
    """

    #: The translation itself, as its entry describes it.
    work: Work
    original: Work

    @property
    def translators(self) -> tuple[Agent, ...]:
        return self.work.agents(Role.TRANSLATOR)

    @property
    def translated(self) -> str | None:
        """The date of the translation: the translation's own date issued."""
        return self.work.issued

    @property
    def original_key(self) -> str | None:
        return self.original.key

    @property
    def original_language(self) -> str | None:
        return self.original.language
