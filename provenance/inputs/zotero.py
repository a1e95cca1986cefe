"""Pulling a Zotero library into the store (pushing corrections back: :mod:`provenance.outputs.zotero_push`).

Pulled items are works of the store's library (``bibliography_id`` NULL) whose
``zotero_*`` fields tie them to their item; the full text Zotero indexed for an
item's attachments is written under ``.provenance/zotero/`` and named by the
work's ``source_path``, so ingest reads it as any other source (hashed, cached,
checked). The library version of the last pull is kept in ``StoreState``, so
the next pull asks only for what changed since (``since=``), and for what was
deleted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bibliography.zotero import Library, connect, note_text, to_entry
from provenance.errors import ZoteroError
from provenance.inputs.config import Config
from provenance.inputs.project import EntryRecord
from provenance.store.database import Store
from provenance.store.model import StoreState, Work

if TYPE_CHECKING:
    from pyzotero.zotero import Zotero

API_KEY_ENV = "PROVENANCE_ZOTERO_API_KEY"
ENDPOINT_ENV = "PROVENANCE_ZOTERO_ENDPOINT"
KEYRING_SERVICE = "provenance-zotero"
TEXT_FOLDER = Path(".provenance") / "zotero"
PAGE_SIZE = 100

#: progress(done, total): items received so far, of how many the server reported.
Progress = Callable[[int, int], None]


def api_key() -> str | None:
    """The API key from the environment, else from the OS keyring when the keyring package is there."""
    key = os.environ.get(API_KEY_ENV)
    if key:
        return key
    try:  # optional: used when installed
        import keyring
    except ImportError:
        return None
    return keyring.get_password(KEYRING_SERVICE, "api-key")


def redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "[redacted]") if secret else text


@contextmanager
def client_for(library: Library, *, endpoint: str | None = None, local: bool = False) -> Iterator[Zotero]:
    """A pyzotero client for *library*; its failures come out as :class:`ZoteroError`, key redacted."""
    try:  # optional dependencies (pyproject.toml says why): imported when a Zotero command runs
        import httpx2
        from pyzotero.errors import PyZoteroError
    except ImportError:
        raise ZoteroError("the Zotero commands need pyzotero (pip install 'pyzotero>=1.15')") from None
    key = api_key()
    client = connect(library, api_key=key, endpoint=endpoint or os.environ.get(ENDPOINT_ENV), local=local)
    try:
        yield client
    except PyZoteroError as error:
        raise ZoteroError(redact(" ".join(str(error).split()), key), path=client.endpoint) from None
    except httpx2.HTTPError as error:
        raise ZoteroError(f"cannot reach the server: {redact(str(error), key)}", path=client.endpoint) from None
    finally:
        client.client.close()


@dataclass
class PullResult:
    library: str
    version: int
    since: int | None
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    fulltexts: int = 0
    renamed: list[str] = field(default_factory=list)


def state_name(library: Library, collection: str | None, *, local: bool) -> str:
    """Where the version of the last pull is kept: the local API's versions are not the web API's."""
    return f"zotero:{library}:{collection or '*'}" + (":local" if local else "")


def pull(
    store: Store,
    config: Config,
    client: Zotero,
    library: Library,
    *,
    collection: str | None = None,
    progress: Progress | None = None,
) -> PullResult:
    """Bring the library (or one collection) into the store; only what changed after the first time."""
    name = state_name(library, collection, local=client.local)
    with store.transaction() as session:
        state = StoreState.read(session, [name])
    since = int(state[name]) if name in state else None
    fetched, version = _fetch_items(client, collection, since, progress)
    deleted = list(client.deleted(since=since)["items"]) if since is not None else []
    new_text = client.new_fulltext(since or 0)
    with store.transaction() as session:
        result = _store_pull(session, config, client, library, fetched, deleted, new_text, since, version)
        StoreState.write(session, {name: str(version)})
    return result


def _fetch_items(
    client: Zotero, collection: str | None, since: int | None, progress: Progress | None
) -> tuple[list[dict[str, Any]], int]:
    """Every item (or every item changed since *since*), page by page, and the library version.

    The version is the first page's: were the library to change while later
    pages are read, the next pull asks again from there, so nothing is missed.
    """
    query: dict[str, Any] = {"limit": PAGE_SIZE}
    if since is not None:
        query["since"] = since
    items = list(client.collection_items(collection, **query) if collection else client.items(**query))
    headers = client.request.headers if client.request is not None else {}
    version = int(headers.get("Last-Modified-Version", 0))
    total = int(headers.get("Total-Results", len(items)))
    if progress:
        progress(len(items), total)
    while client.links and client.links.get("next"):
        items.extend(client.follow())
        if progress:
            progress(len(items), total)
    return items, version


def _store_pull(
    session: Session,
    config: Config,
    client: Zotero,
    library: Library,
    fetched: list[dict[str, Any]],
    deleted: list[str],
    new_text: dict[str, int],
    since: int | None,
    version: int,
) -> PullResult:
    works = library_works(session, library)
    children = _children_map(session, library)
    result = PullResult(library=str(library), version=version, since=since)
    # An item moved to the trash comes back as changed, with `deleted` set: for the store it is gone.
    deleted = [*deleted, *(item["key"] for item in fetched if item["data"].get("deleted"))]
    parents, kids = _split_fetched([item for item in fetched if not item["data"].get("deleted")], children)
    # Parents whose notes or attachments changed after the first pull: their children are read again in full.
    stale = {parent for parent in kids if since is not None}
    stale |= _delete_items(session, config, library, deleted, works, children, result)
    wanted = set(works) | set(parents)
    stale &= wanted
    for key in sorted(stale - set(parents)):
        parents[key] = client.item(key)
    for key in sorted(stale):
        kids[key] = list(client.children(key))
    retexted = _pull_fulltexts(config, client, library, new_text, children, wanted, result)
    for key in retexted - set(parents):
        works[key].source_path = _source_path(config, library, key)
    _store_works(session, config, library, works, parents, kids, result)
    StoreState.write(session, {_children_name(library): json.dumps(children, sort_keys=True)})
    return result


def _split_fetched(
    fetched: list[dict[str, Any]], children: dict[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Top-level items by key, and the changed notes and attachments per parent (recorded in *children*)."""
    parents = {item["key"]: item for item in fetched if not item["data"].get("parentItem")}
    kids: dict[str, list[dict[str, Any]]] = {}
    for item in fetched:
        parent = item["data"].get("parentItem")
        if parent:
            children[item["key"]] = parent
            kids.setdefault(parent, []).append(item)
    return parents, kids


def _delete_items(
    session: Session,
    config: Config,
    library: Library,
    deleted: list[str],
    works: dict[str, Work],
    children: dict[str, str],
    result: PullResult,
) -> set[str]:
    """Remove deleted works and attachments; the parents that lost a child, to be read again."""
    stale = set()
    for key in deleted:
        parent = children.pop(key, None)
        _attachment_path(config, library, key).unlink(missing_ok=True)
        if key in works:
            session.delete(works.pop(key))
            _text_path(config, library, key).unlink(missing_ok=True)
            result.deleted.append(key)
        elif parent is not None:
            stale.add(parent)
    return stale


def _pull_fulltexts(
    config: Config,
    client: Zotero,
    library: Library,
    new_text: dict[str, int],
    children: dict[str, str],
    wanted: set[str],
    result: PullResult,
) -> set[str]:
    """Read the attachments' new full texts and rejoin their parents' source texts; the parents' keys."""
    parents = set()
    for key in sorted(new_text):
        if children.get(key) in wanted:
            path = _attachment_path(config, library, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(str(client.fulltext_item(key).get("content", "")), encoding="utf-8")
            result.fulltexts += 1
            parents.add(children[key])
    attachments: dict[str, list[str]] = {}
    for child, parent in children.items():
        if parent in parents:
            attachments.setdefault(parent, []).append(child)
    for key in parents:
        _join_texts(config, library, key, attachments.get(key, []))
    return parents


def _store_works(
    session: Session,
    config: Config,
    library: Library,
    works: dict[str, Work],
    parents: dict[str, dict[str, Any]],
    kids: dict[str, list[dict[str, Any]]],
    result: PullResult,
) -> None:
    """Insert or update one work per top-level item; a citation key already taken falls back to the item key."""
    taken = {work.key: zkey for zkey, work in works.items()}
    others = set(session.scalars(sa.select(Work.key))) - set(taken)
    for key, item in parents.items():
        data = item["data"]
        if data.get("itemType") in ("note", "attachment", "annotation"):
            continue
        if key in kids:
            notes = [
                note_text(child["data"].get("note", ""))
                for child in kids[key]
                if child["data"].get("itemType") == "note"
            ]
            annotation = "\n\n".join(text for text in notes if text)
        else:
            annotation = works[key].fields.get("annotation", "") if key in works else ""
        entry = to_entry(
            data,
            library=library,
            version=int(item.get("version", data.get("version", 0))),
            path=f"zotero:{library}",
            parsed_date=item.get("meta", {}).get("parsedDate"),
            annotation=annotation,
        )
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
        row.key, row.entry_type, row.fields = cite_key, entry.entry_type, fields
        row.source_path = _source_path(config, library, key)
        result.updated.append(key)


def _join_texts(config: Config, library: Library, key: str, attachments: list[str]) -> None:
    """The item's source text: the full text of each of its attachments, in key order."""
    texts = [
        path.read_text(encoding="utf-8")
        for path in (_attachment_path(config, library, child) for child in sorted(attachments))
        if path.is_file()
    ]
    target = _text_path(config, library, key)
    if any(text.strip() for text in texts):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n\n".join(text for text in texts if text.strip()), encoding="utf-8")
    else:
        target.unlink(missing_ok=True)


def _text_path(config: Config, library: Library, key: str) -> Path:
    return config.root / TEXT_FOLDER / f"{library.kind}-{library.id}" / f"{key}.txt"


def _source_path(config: Config, library: Library, key: str) -> str | None:
    """The work's `file`: its joined full text, as a path relative to the config, if it has one."""
    path = _text_path(config, library, key)
    return config.relative(path) if path.is_file() else None


def _attachment_path(config: Config, library: Library, key: str) -> Path:
    return config.root / TEXT_FOLDER / f"{library.kind}-{library.id}" / "attachments" / f"{key}.txt"


def library_works(session: Session, library: Library) -> dict[str, Work]:
    """The works pulled from *library*, by Zotero item key."""
    rows = session.scalars(sa.select(Work).where(Work.bibliography_id.is_(None)))
    return {
        row.fields["zotero_key"]: row
        for row in rows
        if row.fields.get("zotero_library") == str(library) and row.fields.get("zotero_key")
    }


def _children_name(library: Library) -> str:
    return f"zotero-children:{library}"


def _children_map(session: Session, library: Library) -> dict[str, str]:
    """Child item (note, attachment) → parent item, kept so that a later change to a child finds its parent."""
    name = _children_name(library)
    value = StoreState.read(session, [name]).get(name)
    return json.loads(value) if value is not None else {}


# What ingest reads -----------------------------------------------------------------------


def library_records(session: Session, config: Config) -> tuple[list[EntryRecord], str]:
    """The works pulled from the configured library as entries, and their item versions as one string."""
    assert config.zotero is not None, "ingest reads the library only when the config names one"
    library = Library.parse(config.zotero.library)
    works = library_works(session, library)
    records = [
        EntryRecord(
            key=work.key,
            entry_type=work.entry_type,
            fields=bibliographic_fields(work.fields),
            path=f"zotero:{library}/{zkey}",
            line=1,
            field_lines={},
            source_path=work.source_path,
        )
        for zkey, work in sorted(works.items())
    ]
    versions = ",".join(
        f"{zkey}@{work.fields.get('zotero_version')}:{work.source_path}" for zkey, work in sorted(works.items())
    )
    return records, versions


def bibliographic_fields(fields: dict[str, str]) -> dict[str, str]:
    """The fields rules read: without the ``zotero_*`` bookkeeping, which no bibliography has."""
    return {name: value for name, value in fields.items() if not name.startswith("zotero_")}


def relation_keys(fields: dict[str, str], library: Library) -> Iterable[tuple[str, str]]:
    """(predicate, item key) for each relation to an item of the same library."""
    prefix = library.item_uri("")
    for line in fields.get("zotero_relations", "").splitlines():
        predicate, _, uri = line.partition(" ")
        if uri.startswith(prefix):
            yield predicate, uri[len(prefix) :]
