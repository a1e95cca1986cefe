"""Pushing sure corrections back to a pulled Zotero library.

Pushing only ever adds: a translator, original date and title, tags and a
child note. Each write carries the version the change was computed from
(``If-Unmodified-Since-Version``); when someone changed the item meanwhile the
server answers 412, the item is read again and the change recomputed on top of
what is there now, so a field the user changed is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from sqlalchemy.orm import Session

from bibliography.bibtex import split_names
from bibliography.zotero import Library, creator, extra_name_line, note_text, parse_extra
from provenance.domain.findings import Finding
from provenance.inputs.zotero import library_works, relation_keys

if TYPE_CHECKING:
    from pyzotero.zotero import Zotero

#: Item types whose schema has no translator role: a translator goes to Extra instead.
NO_TRANSLATOR_ROLE = frozenset({"forumPost"})
#: Item types with a native originalDate field; the others carry ``original-date:`` in Extra.
NATIVE_ORIGINAL_DATE = frozenset({"book", "bookSection"})
NOTE_HEADING = "provenance findings"
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Corrections:
    """What the store is sure an item lacks, from linked records and lint findings."""

    item_key: str
    citation_key: str
    translators: tuple[str, ...] = ()
    original_date: str | None = None
    original_title: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Change:
    """The write one item needs now: its fields (arrays whole), the version read, and a readable diff."""

    item_key: str
    citation_key: str
    version: int
    patch: dict[str, Any]
    diff: list[str]
    note: str | None = None


@dataclass
class PushResult:
    written: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def corrections(session: Session, library: Library, findings: list[Finding]) -> list[Corrections]:
    """Corrections for the pulled items of *library*: linked records' facts and the lint's *findings*.

    The findings are those `provenance lint` reports: the config's selection,
    severities and ignores applied.
    """
    works = {key: {**work.fields, "_key": work.key} for key, work in library_works(session, library).items()}
    by_key: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.citation_key:
            by_key.setdefault(finding.citation_key, []).append(finding)
    result = []
    for item_key, fields in sorted(works.items()):
        linked = [(predicate, works[key]) for predicate, key in relation_keys(fields, library) if key in works]
        wanted = _item_corrections(item_key, fields, linked, by_key.get(fields["_key"], []))
        if wanted != Corrections(item_key, fields["_key"]):
            result.append(wanted)
    return result


def _item_corrections(
    item_key: str, fields: dict[str, str], linked: list[tuple[str, dict[str, str]]], found: list[Finding]
) -> Corrections:
    """What one item lacks: what its linked records are sure of, and its findings as tags and a note."""
    translators = _linked_translators(fields, linked)
    original = (_linked_original(fields, linked) if (translators or fields.get("translator")) else None) or {}
    return Corrections(
        item_key=item_key,
        citation_key=fields["_key"],
        translators=translators,
        original_date=original.get("date") if "origdate" not in fields else None,
        original_title=original.get("title") if "origtitle" not in fields else None,
        tags=tuple(sorted({f"provenance:{finding.code}" for finding in found})),
        note=_findings_note(found) if found else None,
    )


def _linked_translators(fields: dict[str, str], linked: list[tuple[str, dict[str, str]]]) -> tuple[str, ...]:
    """The translator a record of the same text in the same language names, when this one names none.

    Sure only when every such linked record agrees; ``owl:sameAs`` links and
    ``dc:relation`` links in the same language both count.
    """
    if fields.get("translator") or not fields.get("langid"):
        return ()
    named = {
        other["translator"]
        for _, other in linked
        if other.get("translator") and other.get("langid") == fields["langid"]
    }
    return tuple(split_names(named.pop())) if len(named) == 1 else ()


def _linked_original(fields: dict[str, str], linked: list[tuple[str, dict[str, str]]]) -> dict[str, str] | None:
    """The one linked record in another language that names no translator: the original."""
    originals = [
        other
        for predicate, other in linked
        if predicate == "dc:relation"
        and not other.get("translator")
        and other.get("langid")
        and other.get("langid") != fields.get("langid")
    ]
    return originals[0] if len(originals) == 1 else None


#: The note a push adds to an item: Zotero notes are HTML, every value escaped by autoescape.
_FINDINGS_NOTE = Environment(autoescape=True).from_string(
    "<h1>{{ heading }}</h1><ul>{% for f in findings %}"
    "<li>{{ f.code }} [{{ f.severity.value }}] {{ f.path }}:{{ f.line }}: {{ f.message }}</li>{% endfor %}</ul>"
)


def _findings_note(findings: list[Finding]) -> str:
    return _FINDINGS_NOTE.render(
        heading=NOTE_HEADING, findings=sorted(findings, key=lambda f: (f.code, f.path, f.line))
    )


@dataclass
class _Draft:
    """A change being built on the item as it is now: the fields to write, the diff, the lines Extra gains."""

    data: dict[str, Any]
    patch: dict[str, Any] = field(default_factory=dict)
    diff: list[str] = field(default_factory=list)
    extra_lines: list[str] = field(default_factory=list)

    @property
    def extra(self) -> str:
        return self.data.get("extra", "") or ""


def _add_translators(draft: _Draft, wanted: Corrections, in_extra: dict[str, Any]) -> None:
    """Translators as creators, or as Extra lines for an item type with no translator role."""
    has_translator = any(c.get("creatorType") == "translator" for c in draft.data.get("creators", []))
    if not wanted.translators or has_translator or "translator" in in_extra:
        return
    people = [creator(name, "translator") for name in wanted.translators]
    if draft.data.get("itemType") in NO_TRANSLATOR_ROLE:
        draft.extra_lines += [extra_name_line("translator", person) for person in people]
    else:
        draft.patch["creators"] = [*draft.data.get("creators", []), *people]
        draft.diff += [f"creators  + {json.dumps(person, ensure_ascii=False)}" for person in people]


def _add_original_date(draft: _Draft, wanted: Corrections, in_extra: dict[str, Any]) -> None:
    """The original date in the native field where the item type has one, else as an Extra line."""
    if not wanted.original_date or draft.data.get("originalDate") or "original-date" in in_extra:
        return
    if draft.data.get("itemType") in NATIVE_ORIGINAL_DATE:
        draft.patch["originalDate"] = wanted.original_date
        draft.diff.append(f"originalDate  {draft.data.get('originalDate', '')!r} → {wanted.original_date!r}")
    else:
        draft.extra_lines.append(f"original-date: {wanted.original_date}")


def _add_original_title(draft: _Draft, wanted: Corrections, in_extra: dict[str, Any]) -> None:
    """The original title, which no item type has a field for: an Extra line."""
    if wanted.original_title and "original-title" not in in_extra:
        draft.extra_lines.append(f"original-title: {wanted.original_title}")


def _write_extra(draft: _Draft) -> None:
    """Extra as it is, with the gained lines after it."""
    if draft.extra_lines:
        kept = [draft.extra.rstrip("\n")] if draft.extra.strip() else []
        draft.patch["extra"] = "\n".join([*kept, *draft.extra_lines])
        draft.diff += [f"extra     + {line}" for line in draft.extra_lines]


def _add_tags(draft: _Draft, wanted: Corrections) -> None:
    have = {tag.get("tag") for tag in draft.data.get("tags", [])}
    new_tags = [tag for tag in wanted.tags if tag not in have]
    if new_tags:
        draft.patch["tags"] = [*draft.data.get("tags", []), *({"tag": tag} for tag in new_tags)]
        draft.diff += [f"tags      + {tag}" for tag in new_tags]


def propose(data: dict[str, Any], wanted: Corrections, notes: list[str]) -> Change:
    """The additions *wanted* still needs on top of the item as it is now; nothing there is replaced."""
    draft = _Draft(data)
    in_extra = parse_extra(draft.extra).variables
    for add in (_add_translators, _add_original_date, _add_original_title):
        add(draft, wanted, in_extra)
    _write_extra(draft)
    _add_tags(draft, wanted)
    note = wanted.note if wanted.note and note_text(wanted.note) not in map(note_text, notes) else None
    if note:
        draft.diff += [f"note      + {line}" for line in note_text(note).splitlines()]
    return Change(wanted.item_key, wanted.citation_key, int(data.get("version", 0)), draft.patch, draft.diff, note)


def plan(client: Zotero, wanted: list[Corrections]) -> list[Change]:
    """Each item read as it is now, and what it still needs; items needing nothing are left out."""
    changes = [_current_change(client, corrections) for corrections in wanted]
    return [change for change in changes if change.patch or change.note]


def _current_change(client: Zotero, wanted: Corrections) -> Change:
    data = client.item(wanted.item_key)["data"]
    notes = (
        [
            child["data"].get("note", "")
            for child in client.children(wanted.item_key)
            if child["data"].get("itemType") == "note"
        ]
        if wanted.note
        else []
    )
    return propose(data, wanted, notes)


def apply(client: Zotero, wanted: list[Corrections], changes: list[Change]) -> PushResult:
    """Write each change with the version it was computed from; on 412 read again, merge and retry."""
    from pyzotero.errors import PreConditionFailedError  # optional: see provenance.inputs.zotero.client_for

    result = PushResult()
    by_key = {item.item_key: item for item in wanted}
    for change in changes:
        for _attempt in range(MAX_ATTEMPTS):
            if not change.patch:
                break
            try:
                client.update_item({"key": change.item_key, "version": change.version, **change.patch})
            except PreConditionFailedError:
                change = _current_change(client, by_key[change.item_key])
                result.merged.append(change.item_key)
                continue
            result.written.append(change.item_key)
            break
        else:
            result.failed.append(f"{change.item_key}: still changing after {MAX_ATTEMPTS} attempts")
        if change.note:
            _create_note(client, change, result)
    return result


def _create_note(client: Zotero, change: Change, result: PushResult) -> None:
    """A child note; ``create_items`` reports a refused item in ``failed`` instead of raising."""
    note: dict[str, Any] = {
        "itemType": "note",
        "note": change.note,
        "parentItem": change.item_key,
        "tags": [],
        "collections": [],
        "relations": {},
    }
    for _attempt in range(MAX_ATTEMPTS):
        try:
            answer = client.create_items([note])
        except ValueError:  # a 429's plain-text body: pyzotero set the backoff and waits it out next time
            if client.request is not None and client.request.status_code == 429:
                continue
            raise
        if answer.get("failed"):
            failure = next(iter(answer["failed"].values()))
            result.failed.append(f"{change.item_key}: note refused: {failure.get('message', failure)}")
        else:
            result.notes.append(change.item_key)
        return
    result.failed.append(f"{change.item_key}: note not written, still rate-limited")
