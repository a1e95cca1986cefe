"""Bibliography entries as pandoc's citeproc reads them, with what only this project knows added.

pandoc's biblatex reader does what a CSL processor needs from BibTeX (title
case to sentence case with protected words kept, TeX to Unicode, name
particles and suffixes, crossref and xdata, ``number``/``issue``, ``type``,
entry types), so the entries are written back as biblatex for pandoc to read
into its CSL items in the same run that formats them. Before that they are
given what this project knows and pandoc cannot, and where the project
deliberately reads a field otherwise (each listed in
:data:`DELIBERATE_DIFFERENCES`):

- a translation linked to its original (``related`` + ``relatedtype =
  {translationof}``) gains the original's title, date, publisher, place and
  language when it does not give them itself;
- an entry whose editors are its translators (``editortype = {translator}``,
  as biber's data model spells a translator on types without one) names them
  as translators;
- a title in Chinese, Japanese or Korean script is followed by its English
  translation in brackets (the entry's ``titleaddon``), as Chicago and APA ask;
- publisher, institution and place fields are one name each, kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bibliography.bibtex import BibEntry, split_names
from bibliography.bibtex_writer import MONTH_MACROS
from bibliography.export import TRANSLATOR_ROLE
from bibliography.languages import is_english

#: Where these items differ on purpose from what ``pandoc -f biblatex`` reads from the same entry.
DELIBERATE_DIFFERENCES = {
    "literal-list-and": "publisher, institution, school, organization and location fields are read "
    'as one name: pandoc splits them at "and" and joins the pieces with ";" '
    '("UC Institute on Global Conflict; Cooperation", "Farrar, Straus; Giroux")',
    "translation-of": "a translation linked to its original (related, relatedtype = translationof) "
    "takes the original's title, date, publisher, place and language when it lacks "
    "origtitle, origdate, origpublisher, origlocation, origlanguage; pandoc does not "
    "follow related",
    "cjk-titleaddon": 'a title in CJK script with a titleaddon prints as "title [addon]", the '
    'translation of the title (Chicago 11.x, APA 9.38); pandoc prints "title. addon"',
    "translator-editortype": "editors with editortype = translator are translators; pandoc keeps them as editors",
}

# Han, kana and hangul: scripts whose titles an English reader needs translated.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# biblatex's literal lists that pandoc splits at "and"; each holds one name as people write them.
_LITERAL_LISTS = (
    "publisher",
    "institution",
    "school",
    "organization",
    "location",
    "address",
    "origpublisher",
    "origlocation",
)
# Fields whose values name other entries pandoc must see to resolve them.
_LINKS = ("crossref", "xdata", "related")
# Fields pandoc has no use for and that may hold anything (paths, free notes of tools).
_SKIPPED = frozenset(("file", "abstract"))


def pandoc_biblatex(entries: Sequence[BibEntry], keys: Iterable[str] | None = None) -> str:
    """biblatex of the entries of ``keys`` (every entry when None) with the project's knowledge
    written in, for pandoc to read; the entries they cross-reference come along, so crossref and
    xdata resolve.

    Formatting reads this biblatex itself, not the CSL-JSON pandoc would make
    of it: pandoc's CSL-JSON writer drops what its biblatex reader knows (a
    braced word's case, TeX it keeps raw), so ``{nm}`` would print "Nm" in
    title case.
    """
    by_key = {entry.key: entry for entry in entries}
    wanted = list(dict.fromkeys(keys)) if keys is not None else list(by_key)
    return "\n".join(_enriched(by_key[key], by_key)[0] for key in _with_linked(wanted, by_key))


def _with_linked(keys: list[str], by_key: dict[str, BibEntry]) -> list[str]:
    """``keys`` and every entry they reach through crossref, xdata or related, in file order."""
    seen: set[str] = set()
    pending = [key for key in keys if key in by_key]
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        seen.add(key)
        fields = by_key[key].fields
        for link in _LINKS:
            pending.extend(target.strip() for target in fields.get(link, "").split(",") if target.strip() in by_key)
    return [key for key in by_key if key in seen]


def corrections(entry: BibEntry, by_key: dict[str, BibEntry]) -> list[str]:
    """The :data:`DELIBERATE_DIFFERENCES` that apply to ``entry``: where its item is not pandoc's reading."""
    return _enriched(entry, by_key)[1]


def _enriched(entry: BibEntry, by_key: dict[str, BibEntry]) -> tuple[str, list[str]]:
    """The entry as biblatex with the project's knowledge written in, and the corrections made."""
    fields = {name: value for name, value in entry.fields.items() if name not in _SKIPPED}
    made: list[str] = []
    if fields.get("editortype", "").lower() == TRANSLATOR_ROLE and "editor" in fields and "translator" not in fields:
        fields["translator"] = fields.pop("editor")
        fields.pop("editortype")
        made.append("translator-editortype")
    original = translated_from(entry, by_key)
    if original is not None and _take_from_original(fields, original):
        made.append("translation-of")
    if "title" in fields and CJK.search(fields["title"]) and fields.get("titleaddon"):
        # The short title (MLA's citations, Chicago's short notes) stays the title alone.
        fields.setdefault("shorttitle", fields["title"])
        fields["title"] = with_translation(fields["title"], fields.pop("titleaddon"))
        made.append("cjk-titleaddon")
    for name in _LITERAL_LISTS:
        value = fields.get(name)
        if value and len(split_names(value)) > 1:
            fields[name] = "{" + value + "}"
            made.append("literal-list-and")
    return _biblatex(entry.entry_type, entry.key, fields), list(dict.fromkeys(made))


def _take_from_original(fields: dict[str, str], original: BibEntry) -> bool:
    """Fill the translation's orig* fields from its original's entry, never overriding its own;
    whether anything was added."""
    before = dict(fields)
    theirs = original.fields
    addon = theirs.get("titleaddon")
    if "origtitle" not in fields and "title" in theirs:
        title = theirs["title"]
        if not is_english(theirs.get("langid", "english")):
            # pandoc sentence-cases the titles of English entries only: this one keeps its own language's case.
            title = "{" + title + "}"
        fields["origtitle"] = with_translation(title, addon) if addon and CJK.search(title) else title
    elif addon and CJK.search(fields.get("origtitle", "")) and "[" not in fields["origtitle"]:
        fields["origtitle"] = with_translation(fields["origtitle"], addon)
    for mine, source in (
        ("origdate", "date"),
        ("origpublisher", "publisher"),
        ("origlocation", "location"),
        ("origlanguage", "langid"),
    ):
        if mine not in fields and source in theirs:
            fields[mine] = theirs[source]
    if "origdate" not in fields and "year" in theirs:
        fields["origdate"] = theirs["year"]
    return fields != before


def with_translation(title: str, translation: str) -> str:
    """``title [translation]``, the translation's first word protected: sentence case (which pandoc
    gives English titles) would otherwise lower-case it, as it is not the first word of the title."""
    first, _, rest = translation.partition(" ")
    if not re.search(r"[{}\\]", first):
        first = "{" + first + "}"
    return f"{title} [{first}{' ' if rest else ''}{rest}]"


def translated_from(entry: BibEntry, by_key: dict[str, BibEntry]) -> BibEntry | None:
    """The entry of the work ``entry`` translates (biblatex ``related`` + ``translationof``)."""
    if entry.fields.get("relatedtype", "").lower() != "translationof":
        return None
    return by_key.get(entry.fields.get("related", "").split(",")[0].strip())


def _biblatex(entry_type: str, key: str, fields: dict[str, str]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        # pandoc expands a month macro only when bare, as BibTeX does.
        bare = name == "month" and value.strip().lower() in MONTH_MACROS
        lines.append(f"  {name} = {value.strip().lower() if bare else '{' + value + '}'},")
    lines.append("}")
    return "\n".join(lines)
