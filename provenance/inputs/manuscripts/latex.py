"""LaTeX manuscripts: biblatex/natbib citations, quotations in marks, \\enquote and quote environments.

Comments, verbatim material and the preamble are blanked (not cut), so every
offset found is the manuscript's own.
"""

from __future__ import annotations

import re

from provenance.domain.locators import parse_locator, split_suffix
from provenance.inputs.manuscripts.model import (
    Citation,
    LineIndex,
    ManuscriptExtract,
    MarkupProblem,
    blank_out,
)
from provenance.inputs.manuscripts.prose import division_references
from provenance.inputs.manuscripts.quotes import Candidate, Marks, bind, drop_nested, inline_candidates, pair_marks
from provenance.text.paragraphs import Paragraphs

MARKS = Marks({"``": "''", "“": "”", "«": "»", "「": "」", "『": "』"})

_COMMANDS = (
    "cite|Cite|autocite|Autocite|parencite|Parencite|textcite|Textcite|footcite|Footcite|footcitetext|"
    "smartcite|Smartcite|supercite|citep|citet|citealp|citealt|Citep|Citet"
)
_NOTES = r"(?P<notes>(?:\s*\[[^\[\]]*\]){0,2})\s*\{(?P<keys>[^{}]*)\}"
_CITE = re.compile(rf"\\(?:{_COMMANDS})\*?{_NOTES}")
_MULTICITE = re.compile(r"\\(?:auto|paren|text|foot|smart|super)?cites\*?")
_MULTI_ITEM = re.compile(_NOTES)
_NOTE = re.compile(r"\[([^\[\]]*)\]")
_KEY = re.compile(r"[^,\s]+")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting|minted|comment)\*?\}.*?(?P<end>\\end\{\1\*?\}|\Z)", re.DOTALL)
_VERB = re.compile(r"\\(?:verb|lstinline)\*?([^\w\s{])[^\n]*?\1")
_DOCUMENT = re.compile(r"\\begin\{document\}")
_ENQUOTE = re.compile(r"\\enquote\*?\{")
_ENVIRONMENT = re.compile(
    r"\\begin\{(?P<begin>quote|quotation|displayquote)\}(?:\[[^\[\]]*\])*"
    r"|\\end\{(?P<end>quote|quotation|displayquote)\}"
)
_LINE = re.compile(r"[^\n]*(?:\n|\Z)")
_BRACE = re.compile(r"\\.|[{}]", re.DOTALL)


def _ignored(text: str) -> tuple[str, list[re.Match]]:
    """*text* with the preamble, comments and verbatim material blanked, and the verbatim environments."""
    document = _DOCUMENT.search(text)
    masked = blank_out(text, [(0, document.start())] if document else [])
    masked = blank_out(masked, [m.span() for m in _COMMENT.finditer(masked)])
    environments = list(_VERBATIM.finditer(masked))
    verbatim = [m.span() for m in environments] + [m.span() for m in _VERB.finditer(masked)]
    return blank_out(masked, verbatim), environments


def _unclosed_verbatim(environments: list[re.Match], lines: LineIndex) -> tuple[MarkupProblem, ...]:
    """A verbatim or comment environment that runs to the end of the file: LaTeX stops there with an error."""
    problems = []
    for match in environments:
        if not match.group("end"):
            where = lines.position(match.start())
            problems.append(
                MarkupProblem(
                    where.line,
                    where.column,
                    (
                        f"\\begin{{{match.group(1)}}} is never closed (LaTeX stops with an error): "
                        f"nothing after line {where.line} is checked"
                    ),
                )
            )
    return tuple(problems)


def _postnote(text: str, note: re.Match | None) -> tuple[tuple[int, int] | None, str | None]:
    """The locator's manuscript span and the suffix in a postnote ``[chap. 7, and passim]``."""
    if note is None:
        return None, None
    span, suffix = split_suffix(note.group(1))
    return ((note.start(1) + span[0], note.start(1) + span[1]) if span else None), suffix


def _group(text: str, items: list[re.Match], span: tuple[int, int], lines: LineIndex) -> tuple[Citation, ...]:
    """Citations of one command: the prenote goes to its first key, the postnote to its last."""
    citations = []
    for item in items:
        notes = list(_NOTE.finditer(text, item.start("notes"), item.end("notes")))
        prenote = (notes[0].group(1).strip() or None) if len(notes) == 2 else None
        keys = list(_KEY.finditer(text, item.start("keys"), item.end("keys")))
        for index, key in enumerate(keys):
            last = index == len(keys) - 1
            locator_span, suffix = _postnote(text, notes[-1] if notes and last else None)
            locator = parse_locator(text[locator_span[0] : locator_span[1]]) if locator_span else None
            citations.append(
                Citation(
                    key.group(),
                    locator,
                    prenote if index == 0 else None,
                    suffix,
                    lines.position(span[0]),
                    span[1],
                    lines.position(key.start()),
                    locator_span,
                )
            )
    return tuple(citations)


def _citations(text: str, lines: LineIndex) -> list[tuple[Citation, ...]]:
    """Citation groups: one per command, a multicite command's keys together."""
    groups = [_group(text, [match], match.span(), lines) for match in _CITE.finditer(text)]
    for command in _MULTICITE.finditer(text):
        items, position = [], command.end()
        while (item := _MULTI_ITEM.match(text, position)) is not None:
            items.append(item)
            position = item.end()
        if items:
            groups.append(_group(text, items, (command.start(), position), lines))
    return sorted((group for group in groups if group), key=lambda group: group[0].start.offset)


def _closing_braces(text: str) -> dict[int, int]:
    """Offset of each "{" → offset of the "}" that closes it, found in one pass."""
    closing: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACE.finditer(text):
        if match.group() == "{":
            opened.append(match.start())
        elif match.group() == "}" and opened:
            closing[opened.pop()] = match.start()
    return closing


def _enquotes(text: str) -> list[tuple[int, int, int]]:
    """\\enquote{…} spans as (content start, content end, end)."""
    closing = _closing_braces(text)
    return [
        (match.end(), closing[match.end() - 1], closing[match.end() - 1] + 1)
        for match in _ENQUOTE.finditer(text)
        if match.end() - 1 in closing
    ]


def _line_after(text: str, position: int) -> int:
    """End of the first non-blank line from *position*, looking past at most one blank line."""
    end = position
    for _ in range(3):  # the rest of this line, then at most one blank line
        line = _LINE.match(text, end)
        assert line is not None  # the pattern matches the empty string, so it always matches
        end = line.end()
        if line.group().strip() or end >= len(text):
            break
    return end


def _environment_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Outermost quote environments as (start, body start, body end, end), paired in one pass."""
    spans = []
    opened: list[re.Match] = []
    for match in _ENVIRONMENT.finditer(text):
        if match.group("begin"):
            opened.append(match)
        elif opened and opened[-1].group("begin") == match.group("end"):
            begin = opened.pop()
            if not opened:
                spans.append((begin.start(), begin.end(), match.start(), match.end()))
    return spans


def _environments(text: str, masked: str, groups: list[tuple[Citation, ...]]) -> list[Candidate]:
    """quote, quotation and displayquote environments, without a citation that closes them."""
    group_spans = {group[0].end: group[0].start.offset for group in groups}
    candidates = []
    for _, body_start, body_end, end in _environment_spans(masked):
        trailing = body_end
        while trailing > body_start and masked[trailing - 1] in " \t\n.":
            trailing -= 1
        cut = group_spans.get(trailing, body_end)
        if body_start <= cut < body_end:
            body_end = cut
        quoted = text[body_start:body_end]
        start = body_start + len(quoted) - len(quoted.lstrip())
        body = quoted.strip()
        if not body:
            continue
        last_line = text.rfind("\n", 0, start + len(body)) + 1
        candidates.append(Candidate(body, start, start + len(body), True, None, (last_line, _line_after(masked, end))))
    return candidates


def extract_latex(text: str) -> ManuscriptExtract:
    """Quotations (inline and environments), citation groups and division references of a LaTeX text."""
    lines = LineIndex(text)
    masked, environments = _ignored(text)
    groups = _citations(masked, lines)
    prose = blank_out(masked, [(group[0].start.offset, group[0].end) for group in groups])
    blocks = _environments(text, masked, groups)
    inline_text = blank_out(prose, [(start, end) for start, _, _, end in _environment_spans(prose)])
    paragraphs = Paragraphs(inline_text)
    spans = pair_marks(inline_text, MARKS) + _enquotes(inline_text)
    candidates = drop_nested(blocks + inline_candidates(text, spans, paragraphs))
    quotations = bind(candidates, groups, (), lines, masked)
    quoted = [(c.start, c.end) for c in candidates] + [(start, end) for start, end, _ in spans]
    references = division_references(prose, quoted, groups, None, Paragraphs(prose), lines)
    return ManuscriptExtract(
        quotations, tuple(c for group in groups for c in group), references, _unclosed_verbatim(environments, lines)
    )
