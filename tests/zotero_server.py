"""A Zotero Web API v3 server for tests: the subset provenance uses, over real HTTP.

One library in memory, with the API's versioning rules: every write bumps the
library version and gives the written objects that version; ``since=`` reads
return objects newer than a version; ``If-Unmodified-Since-Version`` on an item
write fails with 412 when the item is newer; a reused ``Zotero-Write-Token``
fails with 412. Multi-object reads page with ``limit``/``start`` and answer
``Total-Results``, ``Link`` (``rel="next"``/``"last"``) and
``Last-Modified-Version``. ``throttle`` answers the next N requests with 429
and ``Backoff``. Every request is logged, so tests count what was transferred.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

ITEM_FIELDS = (
    "title",
    "abstractNote",
    "websiteTitle",
    "websiteType",
    "forumTitle",
    "postType",
    "blogTitle",
    "publicationTitle",
    "bookTitle",
    "publisher",
    "place",
    "date",
    "originalDate",
    "accessDate",
    "url",
    "language",
    "extra",
    "pages",
    "volume",
    "issue",
    "edition",
    "series",
    "ISBN",
    "ISSN",
    "DOI",
    "shortTitle",
    "rights",
    "citationKey",
    "note",
    "institution",
    "reportType",
    "numPages",
)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)
    #: How many objects a list response carried.
    returned: int = 0


@dataclass
class Library:
    """What the server holds: items (full API objects), full texts and deletions, with versions."""

    prefix: str = "/groups/4711"
    version: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    fulltext: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)

    def bump(self) -> int:
        self.version += 1
        return self.version

    def put(self, data: dict[str, Any], parsed_date: str | None = None) -> dict[str, Any]:
        """Add or replace an item from its ``data`` object, as a write by a Zotero client would."""
        version = self.bump()
        data = {**copy.deepcopy(data), "version": version}
        self.items[data["key"]] = {
            "key": data["key"],
            "version": version,
            "library": {
                "type": self.prefix.split("/")[1][:-1],
                "id": int(self.prefix.split("/")[2]),
                "name": "test library",
            },
            "links": {
                "self": {"href": f"https://api.zotero.org{self.prefix}/items/{data['key']}", "type": "application/json"}
            },
            "meta": {"parsedDate": parsed_date} if parsed_date else {},
            "data": data,
        }
        self.deleted.pop(data["key"], None)
        return self.items[data["key"]]

    def patch(self, key: str, changes: dict[str, Any]) -> None:
        """Change fields of an item as another client would (arrays replaced whole)."""
        data = {**self.items[key]["data"], **copy.deepcopy(changes)}
        self.put(data, self.items[key]["meta"].get("parsedDate"))

    def set_fulltext(self, key: str, content: str) -> None:
        self.fulltext[key] = {"content": content, "indexedPages": 1, "totalPages": 1, "version": self.bump()}

    def delete(self, key: str) -> None:
        del self.items[key]
        self.fulltext.pop(key, None)
        self.deleted[key] = self.bump()


class ZoteroServer:
    """ThreadingHTTPServer on 127.0.0.1 with a free port; use as a context manager."""

    def __init__(self, library: Library, api_key: str | None = None):
        self.library = library
        self.api_key = api_key
        self.requests: list[Request] = []
        self.throttle = 0
        #: Called with (method, item key) before a write is applied: tests change the item "meanwhile".
        self.before_write: Callable[[str, str], None] | None = None
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ZoteroServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, method: str | None = None, path_contains: str = "") -> int:
        return sum(1 for r in self.requests if (method is None or r.method == method) and path_contains in r.path)


def _handler(server: ZoteroServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm each keep-alive
        # request would wait for a delayed ACK (~40 ms).
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # quiet: the request log is server.requests
            pass

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def _dispatch(self, method: str) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            with server.lock:
                server.requests.append(Request(method, url.path, query, dict(self.headers)))
                if server.throttle > 0:
                    server.throttle -= 1
                    return self._send(429, "Too many requests", {"Backoff": "1"})
                given = self.headers.get("Authorization", "")
                if server.api_key and given != f"Bearer {server.api_key}":
                    # Echoes the credentials, as some proxies do: the client must not print them.
                    return self._send(403, f"Forbidden: {given.removeprefix('Bearer ')} is not a valid key")
                if url.path == "/itemFields":
                    return self._send(200, [{"field": name, "localized": name} for name in ITEM_FIELDS])
                lib = server.library
                if not url.path.startswith(lib.prefix + "/"):
                    return self._send(404, "Not found")
                parts = url.path[len(lib.prefix) + 1 :].split("/")
                if method == "GET":
                    return self._read(lib, parts, query)
                if method == "PATCH" and len(parts) == 2 and parts[0] == "items":
                    return self._patch(lib, parts[1], body)
                if method == "POST" and parts == ["items"]:
                    return self._create(lib, body)
                return self._send(405, "Method not allowed")

        def _read(self, lib: Library, parts: list[str], query: dict[str, str]) -> None:
            since = int(query.get("since", 0))
            if parts == ["deleted"]:
                keys = [k for k, v in lib.deleted.items() if v > since]
                return self._send(
                    200,
                    {"collections": [], "items": keys, "searches": [], "tags": [], "settings": []},
                    self._version(lib),
                )
            if parts == ["fulltext"]:
                return self._send(
                    200, {k: v["version"] for k, v in lib.fulltext.items() if v["version"] > since}, self._version(lib)
                )
            if parts[0] == "items" and len(parts) == 3 and parts[2] == "fulltext":
                text = lib.fulltext.get(parts[1])
                if text is None:
                    return self._send(404, "Not found")
                return self._send(
                    200,
                    {k: v for k, v in text.items() if k != "version"},
                    {"Last-Modified-Version": str(text["version"])},
                )
            if parts[0] == "items" and len(parts) == 2 and parts[1] not in ("top", "trash"):
                item = lib.items.get(parts[1])
                if item is None:
                    return self._send(404, "Not found")
                return self._send(200, item, {"Last-Modified-Version": str(item["version"])})
            if parts[0] == "items" and len(parts) == 3 and parts[2] == "children":
                return self._list(
                    lib, [i for i in lib.items.values() if i["data"].get("parentItem") == parts[1]], query
                )
            if parts == ["items"]:
                return self._list(lib, list(lib.items.values()), query)
            if parts[0] == "collections" and len(parts) == 3 and parts[2] == "items":
                tops = {k for k, i in lib.items.items() if parts[1] in i["data"].get("collections", [])}
                return self._list(
                    lib,
                    [i for i in lib.items.values() if i["key"] in tops or i["data"].get("parentItem") in tops],
                    query,
                )
            return self._send(404, "Not found")

        def _list(self, lib: Library, items: list[dict[str, Any]], query: dict[str, str]) -> None:
            since = int(query.get("since", 0))
            items = sorted((i for i in items if i["version"] > since), key=lambda i: (i["version"], i["key"]))
            if "itemKey" in query:
                wanted = set(query["itemKey"].split(","))
                items = [i for i in items if i["key"] in wanted]
            if query.get("format") == "versions":
                return self._send(200, {i["key"]: i["version"] for i in items}, self._version(lib))
            start, limit = int(query.get("start", 0)), min(int(query.get("limit", 25)), 100)
            headers = {**self._version(lib), "Total-Results": str(len(items))}
            links = []
            if start + limit < len(items):
                links.append(f'<{self._url({**query, "start": start + limit})}>; rel="next"')
                last = (len(items) - 1) // limit * limit
                links.append(f'<{self._url({**query, "start": last})}>; rel="last"')
            if links:
                headers["Link"] = ", ".join(links)
            server.requests[-1].returned = len(items[start : start + limit])
            return self._send(200, items[start : start + limit], headers)

        def _patch(self, lib: Library, key: str, body: dict[str, Any]) -> None:
            if server.before_write:
                server.before_write("PATCH", key)
            item = lib.items.get(key)
            if item is None:
                return self._send(404, "Not found")
            expected = self.headers.get("If-Unmodified-Since-Version", body.get("version"))
            if expected is None:
                return self._send(428, "If-Unmodified-Since-Version not provided")
            if item["version"] > int(expected):
                return self._send(
                    412,
                    f"Item has been modified since specified version (expected {expected}, found {item['version']})",
                )
            unknown = (
                set(body)
                - set(ITEM_FIELDS)
                - {"key", "version", "itemType", "creators", "tags", "collections", "relations", "parentItem"}
            )
            if unknown:
                return self._send(400, f"Invalid property '{sorted(unknown)[0]}'")
            lib.patch(key, {k: v for k, v in body.items() if k not in ("key", "version")})
            return self._send(204, None, self._version(lib))

        def _create(self, lib: Library, body: list[dict[str, Any]]) -> None:
            token = self.headers.get("Zotero-Write-Token")
            if token in lib.tokens:
                return self._send(412, "Write token already used")
            lib.tokens.add(token)
            result: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
            for index, data in enumerate(body):
                if data.get("itemType") not in ("note", "webpage", "book", "bookSection", "journalArticle"):
                    result["failed"][str(index)] = {
                        "key": data.get("key"),
                        "code": 400,
                        "message": f"Invalid itemType '{data.get('itemType')}'",
                    }
                    continue
                key = data.get("key") or f"N{lib.version + 1:07d}"
                item = lib.put({**data, "key": key})
                result["successful"][str(index)] = item
                result["success"][str(index)] = key
            return self._send(200, result, self._version(lib))

        def _version(self, lib: Library) -> dict[str, str]:
            return {"Last-Modified-Version": str(lib.version)}

        def _url(self, query: dict[str, Any]) -> str:
            return f"{server.endpoint}{urlsplit(self.path).path}?{urlencode(query)}"

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            body = (
                b""
                if payload is None
                else (json.dumps(payload).encode() if not isinstance(payload, str) else payload.encode())
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if not isinstance(payload, str) else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
