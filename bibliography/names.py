"""Person names as BibTeX writes them, read with bibtexparser's implementation of BibTeX's rules.

A BibTeX name list is split on ``and`` outside braces, and each name into
BibTeX's four parts (first, von, last, jr) by its commas and by the case of
its words: ``Ludwig van Beethoven``, ``van Beethoven, Ludwig`` and ``King,
Jr., Martin Luther`` all say which words are which. A wholly braced name
(``{World Health Organization}``) is one word, a body rather than a person.

Lists are split by :func:`bibliography.bibtex.split_names`, not by
bibtexparser's ``split_multiple_persons_names``: that one skips the character
after every backslash, so a name opening with a control sequence after
``and`` loses it (``Smith, John and \\AA{}str\\"om, K`` gives ``A{}str\\"om,
K``; bibtexparser 2.1.0, not reported upstream as far as its issues show).
"""

from __future__ import annotations

from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts

from bibliography.bibtex import strip_latex

# Stands for ``~`` while a name is split: a character no BibTeX name contains.
_TIE = "\x00"


def name_parts(name: str) -> NameParts:
    """BibTeX's parts of one name; a stray brace or comma is worked around, as BibTeX does, not refused."""
    return parse_single_name_into_parts(name, strict=False)


def format_name(name: str) -> str:
    """A BibTeX name as it reads in running text: ``Jin, Emily`` → ``Emily Jin``; a name without commas as written."""
    if "," not in name:
        return name
    # The parts come back as words, and ``~`` separates words as a space does; a tie is LaTeX's
    # non-breaking space, so it is held inside its word here and given back in the text.
    parts = name_parts(name.replace("~", _TIE))
    if not parts.last:
        return name
    text = " ".join(parts.first + parts.von + parts.last)
    return (f"{text}, {' '.join(parts.jr)}" if parts.jr else text).replace(_TIE, "~")


def csl_name(name: str) -> dict[str, str]:
    """One BibTeX name as CSL: a wholly braced name is a ``literal`` (an institution), not a person.

    The von part is CSL's ``non-dropping-particle`` (biber's default keeps it
    with the family name when sorting, as CSL does with this particle).
    """
    if is_literal(name):
        return {"literal": strip_latex(name[1:-1])}
    parts = name_parts(name)
    result = {"family": strip_latex(" ".join(parts.last))}
    for key, words in (("non-dropping-particle", parts.von), ("suffix", parts.jr), ("given", parts.first)):
        if words:
            result[key] = strip_latex(" ".join(words))
    return result


def is_literal(name: str) -> bool:
    """Whether one brace group holds the whole name, so ``{WHO}`` is a body but ``{A} {B}`` is not."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(name):
        escaped = index > 0 and name[index - 1] == "\\"
        if char in "{}" and not escaped:
            depth += 1 if char == "{" else -1
            if depth == 0:
                return index == len(name) - 1
    return False
