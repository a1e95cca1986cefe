"""Zotero items as bibliography entries, and the client that fetches them.

A Zotero item (Web API v3 JSON, ``data`` part) becomes the same
:class:`BibEntry` a .bib file gives: the item is first spelled as CSL-JSON,
the way Zotero's own citation export does, and read by
:func:`bibliography.importing.from_csl_json`, so dates, names and types are
mapped once for both. What CSL has no variable for in Zotero's schema lives in
the ``extra`` field as ``variable: value`` lines (``original-date:``,
``original-title:``, ``translator: Last || First``), and Better BibTeX pins
citation keys there as ``Citation Key: key``; :func:`parse_extra` reads them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from bibliography.bibtex import BibEntry
from bibliography.importing import from_csl_json
from bibliography.names import is_literal, name_parts

_CSL_TYPES = {
    "book": "book",
    "bookSection": "chapter",
    "journalArticle": "article-journal",
    "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper",
    "webpage": "webpage",
    "blogPost": "post-weblog",
    "forumPost": "post",
    "report": "report",
    "document": "document",
    "thesis": "thesis",
    "conferencePaper": "paper-conference",
    "encyclopediaArticle": "entry-encyclopedia",
    "dictionaryEntry": "entry-dictionary",
    "manuscript": "manuscript",
    "dataset": "dataset",
    "computerProgram": "software",
    "patent": "patent",
    "preprint": "article",
}
# Zotero fields whose CSL variable is the work's container, by item type.
_CONTAINER_FIELDS = (
    "publicationTitle",
    "bookTitle",
    "websiteTitle",
    "blogTitle",
    "forumTitle",
    "encyclopediaTitle",
    "dictionaryTitle",
    "proceedingsTitle",
)
_PLAIN_FIELDS = {
    "publisher": "publisher",
    "place": "publisher-place",
    "pages": "page",
    "volume": "volume",
    "issue": "issue",
    "edition": "edition",
    "series": "collection-title",
    "ISBN": "ISBN",
    "ISSN": "ISSN",
    "DOI": "DOI",
    "url": "URL",
    "abstractNote": "abstract",
    "institution": "publisher",
    "university": "publisher",
    "websiteType": "genre",
}
# Roles Zotero lets an item have, spelled as the CSL name variable they export to.
_ROLES = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookAuthor": "container-author",
    "seriesEditor": "collection-editor",
    "contributor": "contributor",
    "reviewedAuthor": "reviewed-author",
    "commenter": "commenter",
}
# CSL name variables biblatex has a field for; the rest go to ``editora`` with their role.
_NAME_FIELDS_EXTRA = {
    "container-author": "bookauthor",
    "collection-editor": "editora",
    "contributor": "editorb",
    "reviewed-author": "editorc",
    "commenter": "commentator",
}
_EDITOR_TYPES = {"editora": "serieseditor", "editorb": "collaborator", "editorc": "reviewedauthor"}

_EXTRA_LINE = re.compile(r"^\s*(?P<name>[A-Za-z][A-Za-z -]*?)\s*:\s*(?P<value>.*?)\s*$")
_CITATION_KEY = "citation-key"  # "Citation Key:", spaces read as hyphens
#: Extra variables read as the item's own data (CSL names, as Zotero's citation export reads them).
EXTRA_VARIABLES = (
    "original-date",
    "original-title",
    "original-publisher",
    "original-publisher-place",
    "translator",
    "author",
    "editor",
    "language",
    "issued",
)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Library:
    """A Zotero library: ``user:123`` or ``group:456``."""

    kind: str
    id: str

    @classmethod
    def parse(cls, text: str) -> Library:
        kind, _, number = text.strip().partition(":")
        if kind not in ("user", "group") or not number.isdigit():
            raise ValueError(f"a Zotero library is user:ID or group:ID, not {text!r}")
        return cls(kind, number)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    def item_uri(self, key: str) -> str:
        """The URI Zotero's relations use to name an item of this library."""
        return f"http://zotero.org/{self.kind}s/{self.id}/items/{key}"


@dataclass(frozen=True)
class Extra:
    """The ``extra`` field read: CSL variables, a pinned citation key, and the other lines."""

    variables: dict[str, list[str]] = field(default_factory=dict)
    citation_key: str | None = None
    other: tuple[str, ...] = ()


def parse_extra(text: str | None) -> Extra:
    """Read ``variable: value`` lines; names are matched without case, as Zotero does."""
    variables: dict[str, list[str]] = {}
    citation_key = None
    other: list[str] = []
    for line in (text or "").splitlines():
        match = _EXTRA_LINE.match(line.strip("{}"))
        name = match["name"].lower().replace(" ", "-") if match else ""
        if match and name == _CITATION_KEY and match["value"]:
            citation_key = citation_key or match["value"]
        elif match and name in EXTRA_VARIABLES and match["value"]:
            variables.setdefault(name, []).append(match["value"])
        elif line.strip():
            other.append(line)
    return Extra(variables, citation_key, tuple(other))


def citation_key(data: dict[str, Any]) -> str:
    """The key manuscripts cite: Zotero's own field, else Better BibTeX's pinned one, else the item key."""
    native = (data.get("citationKey") or "").strip()
    return native or parse_extra(data.get("extra")).citation_key or f"zotero-{data['key']}"


def extra_name(value: str) -> dict[str, str]:
    """A CSL name written in Extra: ``Last || First`` (a person) or a single literal."""
    family, bar, given = value.partition("||")
    if not bar:
        return {"literal": value.strip()}
    return {"family": family.strip(), "given": given.strip()} if given.strip() else {"family": family.strip()}


def note_text(note_html: str) -> str:
    """A child note's HTML as plain text, one paragraph per line."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", note_html))
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


def to_csl(data: dict[str, Any], parsed_date: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item Zotero would export for *data* (the item's ``data`` object)."""
    item: dict[str, Any] = {"id": citation_key(data), "type": _CSL_TYPES.get(data.get("itemType", ""), "document")}
    if data.get("title"):
        item["title"] = data["title"]
    container = next((data[name] for name in _CONTAINER_FIELDS if data.get(name)), None)
    if container:
        item["container-title"] = container
    for zotero_name, csl_name in _PLAIN_FIELDS.items():
        if data.get(zotero_name) and csl_name not in item:
            item[csl_name] = data[zotero_name]
    for creator in data.get("creators", []):
        role = _ROLES.get(creator.get("creatorType", "author"), "author")
        item.setdefault(role, []).append(_csl_name(creator))
    item.update(_csl_dates(data, parsed_date))
    if data.get("language"):
        item["language"] = data["language"]
    _add_extra(item, parse_extra(data.get("extra")))
    return item


def _csl_dates(data: dict[str, Any], parsed_date: str | None) -> dict[str, dict[str, Any]]:
    """Issued (Zotero's own reading of the date when given), accessed and original dates."""
    dates: dict[str, dict[str, Any]] = {}
    issued = parsed_date or _iso_prefix(data.get("date", ""))
    if issued:
        dates["issued"] = _csl_date(issued)
    elif data.get("date"):
        dates["issued"] = {"raw": data["date"]}
    for zotero_name, csl_name in (("accessDate", "accessed"), ("originalDate", "original-date")):
        iso = _iso_prefix(data.get(zotero_name) or "")
        if iso:
            dates[csl_name] = _csl_date(iso)
    return dates


def _add_extra(item: dict[str, Any], extra: Extra) -> None:
    """Extra's variables where the item lacks them; names are added to the item's own."""
    for name, values in extra.variables.items():
        if name in ("translator", "author", "editor"):
            item.setdefault(name, []).extend(extra_name(value) for value in values)
        elif name in ("original-date", "issued"):
            if _iso_prefix(values[0]):
                item.setdefault(name, _csl_date(_iso_prefix(values[0])))
        else:
            item.setdefault(name, values[0])


def to_entry(
    data: dict[str, Any],
    *,
    library: Library,
    version: int,
    path: str,
    parsed_date: str | None = None,
    annotation: str = "",
) -> BibEntry:
    """The biblatex entry of a Zotero item, with what ties it back to the item in ``zotero_*`` fields."""
    csl = to_csl(data, parsed_date)
    extra_names = {name: csl.pop(name) for name in list(csl) if name in _NAME_FIELDS_EXTRA}
    entry = from_csl_json([csl], path)[0]
    fields = dict(entry.fields)
    for csl_name, names in extra_names.items():
        target = _NAME_FIELDS_EXTRA[csl_name]
        probe = from_csl_json([{"id": "x", "type": "book", "author": names}], path)[0]
        fields[target] = probe.fields["author"]
        if target in _EDITOR_TYPES:
            fields[target + "type"] = _EDITOR_TYPES[target]
    tags = [tag["tag"] for tag in data.get("tags", []) if tag.get("tag")]
    if tags:
        fields["keywords"] = ", ".join(tags)
    if annotation:
        fields["annotation"] = annotation
    relations = relation_lines(data.get("relations", {}))
    if relations:
        fields["zotero_relations"] = "\n".join(relations)
    fields.update(
        zotero_key=data["key"],
        zotero_version=str(version),
        zotero_library=str(library),
        zotero_type=data.get("itemType", ""),
    )
    return BibEntry(entry.key, entry.entry_type, fields, path, 0, {})


def creator(name: str, role: str) -> dict[str, str]:
    """A biblatex name as a Zotero creator with *role*: a body or a single name in one field, a person in two.

    The particle stays with the last name and a suffix follows the first name
    after a comma, where Zotero keeps them (``King`` / ``Martin Luther, Jr.``).
    """
    name = name.strip()
    if is_literal(name):
        return {"creatorType": role, "name": name[1:-1]}
    parts = name_parts(name)
    if not parts.first:
        return {"creatorType": role, "name": name}
    first = ", ".join(part for part in (" ".join(parts.first), " ".join(parts.jr)) if part)
    return {"creatorType": role, "firstName": first, "lastName": " ".join(parts.von + parts.last)}


def extra_name_line(variable: str, person: dict[str, str]) -> str:
    """A creator as Zotero writes a name variable in Extra: ``translator: Last || First``."""
    if "name" in person:
        return f"{variable}: {person['name']}"
    return f"{variable}: {person['lastName']} || {person['firstName']}"


def relation_lines(relations: dict[str, Any]) -> list[str]:
    """``predicate URI`` per related item; the API gives one URI as a string, several as a list."""
    lines = []
    for predicate, targets in sorted(relations.items()):
        for target in [targets] if isinstance(targets, str) else targets:
            lines.append(f"{predicate} {target}")
    return lines


def _csl_name(creator: dict[str, Any]) -> dict[str, str]:
    if creator.get("name"):
        return {"literal": creator["name"]}
    name = {"family": creator.get("lastName", "")}
    if creator.get("firstName"):
        name["given"] = creator["firstName"]
    return name


def _iso_prefix(value: str) -> str:
    """The ISO date (``2022``, ``2022-04``, ``2022-04-14``) *value* starts with, or ``""``."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match:
        return ""
    return "-".join(part for part in match.groups() if part and part != "00")


def _csl_date(iso: str) -> dict[str, Any]:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def connect(library: Library, *, api_key: str | None, endpoint: str | None = None, local: bool = False):
    """A pyzotero client for *library*; *endpoint* points it at any server speaking the Web API v3."""
    from pyzotero import zotero  # optional dependency (pyproject.toml says why), needed by Zotero commands only

    client = zotero.Zotero(library.id, library.kind, api_key, local=local)
    if endpoint:
        client.endpoint = endpoint.rstrip("/")
    return client
