"""People as comparison keys: each name in a name list as (surname, first initial).

"Jin, Emily", "Emily Jin", "Jin, E." and ``J{\\"i}n, Emily`` are one person
to a duplicate finder; an organisation, braced whole as BibTeX writes it, is
one name however many words it has.

The names are read here rather than by bibtexparser's name functions,
which give other keys for 25 of the 3,995 name lists in TeX Live's
bibliographies and so would change which entries match:
``parse_single_name_into_parts`` reads a braced ``Thomas E. {Weir, Jr.}``
as one last-name word, whose last word "jr" would become the surname of
every such person (22 of the 25: "jr", "ii", "editor", "translator"), and
``split_multiple_persons_names`` drops the first letter of a name that
opens with a command (``\\Thanh`` gives "hanh", ``\\rlap{Lutz Birkhahn}``
"lap"). One difference goes the other way: ``Fran{\\,c}ois Grize``, whose
thin space ``\\,`` this code takes for the comma of "Last, First".
"""

from __future__ import annotations

from functools import lru_cache

from bibliography.bibtex import split_names
from provenance.check.duplicate_entries.folding import fold, folded, plain

Person = tuple[str, str]
"""(surname, first initial), folded; the initial is empty when the name gives none."""

# Author lists that name nobody in particular.
_NOBODY = frozenset({"anonymous", "anon", "unknown", "n a"})
_OTHERS = ("others", "et al.", "et al")


@lru_cache(maxsize=65536)
def names(value: str) -> tuple[Person, ...]:
    """Each person as (surname, first initial): "Jin, Emily", "Emily Jin" and "Jin, E." agree."""
    people = []
    for raw in split_names(value):
        person = _person(raw)
        if person is not None:
            people.append(person)
    return tuple(people)


def _person(raw: str) -> Person | None:
    if raw.lower() in _OTHERS or folded(raw) in _NOBODY:
        return None
    if _is_literal(raw):
        return folded(raw[1:-1]), ""  # an organisation, named in full
    text = plain(raw)
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 2:
        last, first = parts[0], parts[-1]
    else:
        words = text.split()
        last, first = (words[-1], " ".join(words[:-1])) if words else ("", "")
    surname = fold(last).split()
    given = fold(first).split()
    if not surname:
        return None
    return surname[-1], given[0][0] if given else ""


def _is_literal(raw: str) -> bool:
    """Wholly enclosed in one pair of braces, as BibTeX writes a corporate name."""
    if not (raw.startswith("{") and raw.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(raw):
        depth += (char == "{") - (char == "}")
        if depth == 0 and position < len(raw) - 1:
            return False
    return True
