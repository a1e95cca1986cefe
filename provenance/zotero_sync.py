"""Pulling a Zotero library into the store, and pushing sure corrections back.

Pulled items are works of the store's library (``bibliography_id`` NULL) whose
``zotero_*`` fields tie them to their item; the full text Zotero indexed for an
item's attachments is written under ``.provenance/zotero/`` and named by the
work's ``source_path``, so ingest reads it as any other source (hashed, cached,
checked). The library version of the last pull is kept in ``StoreState``, so
the next pull asks only for what changed since (``since=``), and for what was
deleted.

Pushing only ever adds: a translator, original date and title, tags and a
child note. Each write carries the version the change was computed from
(``If-Unmodified-Since-Version``); when someone changed the item meanwhile the
server answers 412, the item is read again and the change recomputed on top of
what is there now, so a field the user changed is never overwritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bibliography.zotero import Library, note_text, parse_extra, to_entry
from provenance.config import Config
from provenance.errors import ProvenanceError
from provenance.model import StoreState, Work
from provenance.project import EntryRecord
from provenance.store import open_store

API_KEY_ENV = "PROVENANCE_ZOTERO_API_KEY"
ENDPOINT_ENV = "PROVENANCE_ZOTERO_ENDPOINT"
KEYRING_SERVICE = "provenance-zotero"
TEXT_FOLDER = Path(".provenance") / "zotero"
PAGE_SIZE = 100

#: progress(done, total): items received so far, of how many the server reported.
Progress = Callable[[int, int], None]


class ZoteroError(ProvenanceError):
    """The Zotero server refused or failed a request (the API key never appears in the message)."""


def api_key() -> str | None:
    """The API key from the environment, else from the OS keyring when the keyring package is there."""
    key = os.environ.get(API_KEY_ENV)
    if key:
        return key
    try:
        import keyring
    except ImportError:
        return None
    return keyring.get_password(KEYRING_SERVICE, "api-key")


def redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "[redacted]") if secret else text


@dataclass
class PullResult:
    library: str
    version: int
    since: int | None
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    fulltexts: int = 0
    renamed: list[str] = field(default_factory=list)


def state_name(library: Library, collection: str | None) -> str:
    return f"zotero:{library}:{collection or '*'}"


def pull(config: Config, client, library: Library, *, collection: str | None = None,
         progress: Progress | None = None) -> PullResult:
    """Bring the library (or one collection) into the store; only what changed after the first time."""
    store = open_store(config.database_url)
    try:
        with store.transaction() as session:
            state = session.scalar(sa.select(StoreState).where(StoreState.name == state_name(library, collection)))
        since = int(state.value) if state is not None else None
        fetched, version = _fetch_items(client, collection, since, progress)
        deleted = list(client.deleted(since=since)["items"]) if since is not None else []
        new_text = client.new_fulltext(since or 0)
        with store.transaction() as session:
            result = _store_pull(session, config, client, library, fetched, deleted, new_text, since, version)
            _set_state(session, state_name(library, collection), str(version))
        return result
    finally:
        store.close()


def _fetch_items(client, collection: str | None, since: int | None,
                 progress: Progress | None) -> tuple[list[dict[str, Any]], int]:
    """Every item (or every item changed since *since*), page by page, and the library version.

    The version is the first page's: were the library to change while later
    pages are read, the next pull asks again from there, so nothing is missed.
    """
    query: dict[str, Any] = {"limit": PAGE_SIZE}
    if since is not None:
        query["since"] = since
    items = list(client.collection_items(collection, **query) if collection else client.items(**query))
    version = int(client.request.headers.get("Last-Modified-Version", 0))
    total = int(client.request.headers.get("Total-Results", len(items)))
    if progress:
        progress(len(items), total)
    while client.links and client.links.get("next"):
        items.extend(client.follow())
        if progress:
            progress(len(items), total)
    return items, version


def _store_pull(session: Session, config: Config, client, library: Library, fetched: list[dict[str, Any]],
                deleted: list[str], new_text: dict[str, int], since: int | None, version: int) -> PullResult:
    works = _library_works(session, library)
    children = _children_map(session, library)
    result = PullResult(library=str(library), version=version, since=since)
    parents = {item["key"]: item for item in fetched if not item["data"].get("parentItem")}
    kids: dict[str, list[dict[str, Any]]] = {}
    for item in fetched:
        parent = item["data"].get("parentItem")
        if parent:
            children[item["key"]] = parent
            kids.setdefault(parent, []).append(item)
    # Parents whose notes or attachments changed: their children are read again in full.
    stale = {parent for parent in kids if since is not None}
    for key in deleted:
        parent = children.pop(key, None)
        _attachment_path(config, library, key).unlink(missing_ok=True)
        if key in works:
            session.delete(works.pop(key))
            _text_path(config, library, key).unlink(missing_ok=True)
            result.deleted.append(key)
        elif parent is not None:
            stale.add(parent)
    wanted = set(works) | set(parents)
    texts_changed = {children[key] for key in new_text if children.get(key) in wanted}
    for key in new_text:
        if children.get(key) in wanted:
            path = _attachment_path(config, library, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(str(client.fulltext_item(key).get("content", "")), encoding="utf-8")
            result.fulltexts += 1
    stale &= wanted
    for key in sorted((stale | texts_changed) - set(parents)):
        parents[key] = client.item(key)
    for key in sorted(stale):
        kids[key] = list(client.children(key))
    attachments: dict[str, list[str]] = {}
    for child, parent in children.items():
        attachments.setdefault(parent, []).append(child)
    for key in stale | texts_changed:
        _join_texts(config, library, key, attachments.get(key, []))
    _store_works(session, config, library, works, parents, kids, result)
    _set_state(session, _children_name(library), json.dumps(children, sort_keys=True))
    return result


def _store_works(session: Session, config: Config, library: Library, works: dict[str, Work],
                 parents: dict[str, dict[str, Any]], kids: dict[str, list[dict[str, Any]]],
                 result: PullResult) -> None:
    """Insert or update one work per top-level item; a citation key already taken falls back to the item key."""
    taken = {work.key: zkey for zkey, work in works.items()}
    others = set(session.scalars(sa.select(Work.key))) - set(taken)
    for key, item in parents.items():
        data = item["data"]
        if data.get("itemType") in ("note", "attachment", "annotation"):
            continue
        if key in kids:
            notes = [note_text(child["data"].get("note", "")) for child in kids[key]
                     if child["data"].get("itemType") == "note"]
            annotation = "\n\n".join(text for text in notes if text)
        else:
            annotation = works[key].fields.get("annotation", "") if key in works else ""
        entry = to_entry(data, library=library, version=int(item.get("version", data.get("version", 0))),
                         path=f"zotero:{library}", parsed_date=item.get("meta", {}).get("parsedDate"),
                         annotation=annotation)
        cite_key = entry.key
        if cite_key in others or taken.get(cite_key, key) != key:
            cite_key = f"zotero-{key}"
            result.renamed.append(f"{entry.key} → {cite_key}")
        taken[cite_key] = key
        row = works.get(key)
        if row is None:
            row = Work(key=cite_key, entry_type=entry.entry_type, bibliography_id=None, line=0, field_lines={})
            session.add(row)
            works[key] = row
        fields = entry.fields
        text_path = _text_path(config, library, key)
        row.key, row.entry_type, row.fields = cite_key, entry.entry_type, fields
        row.title, row.original_title = fields.get("title"), fields.get("origtitle")
        row.language, row.issued = fields.get("langid"), fields.get("date")
        row.source_path = config.relative(text_path) if text_path.is_file() else None
        result.updated.append(key)


def _join_texts(config: Config, library: Library, key: str, attachments: list[str]) -> None:
    """The item's source text: the full text of each of its attachments, in key order."""
    texts = [path.read_text(encoding="utf-8") for path in
             (_attachment_path(config, library, child) for child in sorted(attachments)) if path.is_file()]
    target = _text_path(config, library, key)
    if any(text.strip() for text in texts):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n\n".join(text for text in texts if text.strip()), encoding="utf-8")
    else:
        target.unlink(missing_ok=True)


def _text_path(config: Config, library: Library, key: str) -> Path:
    return config.root / TEXT_FOLDER / f"{library.kind}-{library.id}" / f"{key}.txt"


def _attachment_path(config: Config, library: Library, key: str) -> Path:
    return config.root / TEXT_FOLDER / f"{library.kind}-{library.id}" / "attachments" / f"{key}.txt"


def _library_works(session: Session, library: Library) -> dict[str, Work]:
    """The works pulled from *library*, by Zotero item key."""
    rows = session.scalars(sa.select(Work).where(Work.bibliography_id.is_(None)))
    return {row.fields["zotero_key"]: row for row in rows
            if row.fields.get("zotero_library") == str(library) and row.fields.get("zotero_key")}


def _children_name(library: Library) -> str:
    return f"zotero-children:{library}"


def _children_map(session: Session, library: Library) -> dict[str, str]:
    """Child item (note, attachment) → parent item, kept so that a later change to a child finds its parent."""
    row = session.scalar(sa.select(StoreState).where(StoreState.name == _children_name(library)))
    return json.loads(row.value) if row is not None else {}


def _set_state(session: Session, name: str, value: str) -> None:
    row = session.scalar(sa.select(StoreState).where(StoreState.name == name))
    if row is None:
        session.add(StoreState(name=name, value=value))
    else:
        row.value = value


# What ingest reads -----------------------------------------------------------------------

def library_records(session: Session, config: Config) -> tuple[list[EntryRecord], str]:
    """The works pulled from the configured library as entries, and the library version they are at."""
    library = Library.parse(config.zotero.library)
    works = _library_works(session, library)
    records = [EntryRecord(key=work.key, entry_type=work.entry_type, fields=dict(work.fields),
                           path=f"zotero:{library}/{zkey}", line=1, field_lines={}, source_path=work.source_path)
               for zkey, work in sorted(works.items())]
    state = session.scalar(sa.select(StoreState).where(
        StoreState.name == state_name(library, config.zotero.collection)))
    return records, state.value if state is not None else "0"


def relation_keys(fields: dict[str, str], library: Library) -> Iterable[tuple[str, str]]:
    """(predicate, item key) for each relation to an item of the same library."""
    prefix = library.item_uri("")
    for line in fields.get("zotero_relations", "").splitlines():
        predicate, _, uri = line.partition(" ")
        if uri.startswith(prefix):
            yield predicate, uri[len(prefix):]


def extra_variables(data: dict[str, Any]) -> dict[str, list[str]]:
    return parse_extra(data.get("extra")).variables
