"""``source add``: capture a web page, PDF or text file and write it as a source text.

The raw bytes go to the capture store; the extracted text goes to
``<sources folder>/<key>.md`` with front matter saying where it came from
(URL or path, access date, sha256, extractor and version, redirects) and, for a
PDF, its page labels and outline. Everything is extracted before anything is
written, so a bad input leaves the project as it was. Re-adding bytes the
source file already records writes nothing; other bytes make a new capture, the
old one kept and listed under ``previous-captures``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.sources import fetch as fetching
from provenance.inputs.sources.capture import CAPTURES, Capture, CaptureStore, write_atomically
from provenance.inputs.sources.front_matter import capture_metadata
from provenance.inputs.sources.html import read_html
from provenance.inputs.sources.pages import PAGE_BREAK
from provenance.inputs.sources.pdf import read_pdf
from provenance.text.files import content_hash, decode_text, read_bytes

_KEY = re.compile(r"[^A-Za-z0-9_.:-]+")


@dataclass(frozen=True)
class Added:
    """What `source add` did: the source file, its capture, and whether anything was written."""

    path: str
    capture: Capture
    written: bool
    pages: int = 0


@dataclass(frozen=True)
class _Extracted:
    body: str
    metadata: dict
    extractor: str
    suffix: str
    pages: int = 0


def add_source(
    config: Config,
    target: str,
    *,
    key: str | None = None,
    max_bytes: int = fetching.MAX_BYTES,
    timeout: float = fetching.TIMEOUT_SECONDS,
    now: datetime | None = None,
) -> Added:
    """Capture *target* (a path or an http(s) URL) as the source text of *key*."""
    accessed = (now or datetime.now(UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if fetching.is_url(target):
        fetched = fetching.fetch(target, max_bytes=max_bytes, timeout=timeout)
        data, shown, media_type = fetched.data, target, fetched.media_type
        origin: dict[str, Any] = {
            "url": target,
            "final_url": fetched.final_url if fetched.final_url != target else None,
            "redirects": fetched.redirects,
        }
        name = PurePosixPath(urlsplit(fetched.final_url).path).stem or urlsplit(fetched.final_url).hostname or ""
    else:
        path = Path(target).expanduser().resolve()
        data = read_bytes(path, shown_as=target)
        if len(data) > max_bytes:
            raise InputError(f"larger than the size cap: {len(data)} bytes, cap {max_bytes} bytes", path=target)
        shown, media_type, name = target, None, path.stem
        inside = path.is_relative_to(config.root.resolve())
        origin = {"original_path": config.relative(path) if inside else path.as_posix()}
    key = key or _key_from(name)
    extracted = _extract(data, shown, media_type, origin.get("final_url") or origin.get("url"))
    sha256 = content_hash(data)
    capture = Capture(
        sha256=sha256,
        suffix=extracted.suffix,
        accessed=accessed,
        url=origin.get("url"),
        final_url=origin.get("final_url"),
        redirects=tuple(origin.get("redirects", ())),
        original_path=origin.get("original_path"),
        media_type=media_type,
        extractor=extracted.extractor,
        size=len(data),
    )
    store = CaptureStore(config.root)
    destination = sources_folder(config) / f"{key}.md"
    shown_destination = config.relative(destination)
    previous = _recorded(destination)
    if destination.exists() and not previous:
        raise InputError(
            f"{shown_destination} exists and is not a capture this command wrote; choose another --key", path=shown
        )
    if previous.get("sha256") == sha256 and store.has(capture):
        return Added(path=shown_destination, capture=capture, written=False, pages=extracted.pages)
    text = _source_text(capture, extracted, previous)
    store.keep(capture, data)
    write_atomically(destination, text.encode("utf-8"))
    return Added(path=shown_destination, capture=capture, written=True, pages=extracted.pages)


def sources_folder(config: Config) -> Path:
    """Where new source texts go: the first configured `sources` entry that is a folder."""
    for pattern in config.sources:
        if not any(ch in pattern for ch in "*?[") and not Path(pattern).suffix:
            return config.root / pattern
    return config.root / "sources"


def _key_from(name: str) -> str:
    key = _KEY.sub("-", name).strip("-.").lower()
    if not key:
        raise InputError("cannot make a key from the name; give one with --key")
    return key


def _extract(data: bytes, shown: str, media_type: str | None, url: str | None) -> _Extracted:
    """The source text of *data*, chosen by what the bytes are (not by the name they came with)."""
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-") or media_type == "application/pdf":
        pdf = read_pdf(data, shown_as=shown)
        outline = [{"level": e.level, "title": e.title, "page": e.page} for e in pdf.outline]
        body = f"\n{PAGE_BREAK}\n".join(pdf.pages) + "\n"
        return _Extracted(
            body=body,
            extractor=pdf.extractor,
            suffix=".pdf",
            pages=len(pdf.pages),
            metadata={"title": pdf.title, "author": pdf.author, "page-labels": list(pdf.labels), "outline": outline},
        )
    if (
        media_type in ("text/html", "application/xhtml+xml")
        or head.startswith((b"<!doctype html", b"<html"))
        or shown.lower().endswith((".html", ".htm", ".xhtml"))
    ):
        page = read_html(data, shown_as=shown, url=url)
        return _Extracted(
            body=page.text,
            extractor=page.extractor,
            suffix=".html",
            metadata={"title": page.title, "author": page.author, "date": page.date, "site": page.site},
        )
    text = decode_text(data, shown_as=shown)
    front, body_start = capture_metadata(text)
    suffix = ".md" if shown.lower().endswith((".md", ".markdown")) else ".txt"
    return _Extracted(body=text[body_start:] if front else text, extractor="text", suffix=suffix, metadata={})


def _recorded(destination: Path) -> dict:
    """The capture front matter of an existing source file (empty if none or unreadable)."""
    if not destination.is_file():
        return {}
    try:
        return capture_metadata(decode_text(destination.read_bytes(), shown_as=str(destination)))[0]
    except (InputError, OSError):
        return {}


def _source_text(capture: Capture, extracted: _Extracted, previous: dict) -> str:
    return f"---\n{_yaml(_front_matter(capture, extracted, previous))}---\n{extracted.body}"


def _earlier_captures(capture: Capture, previous: dict) -> list[dict]:
    """The captures recorded before, with the one this capture replaces when its bytes differ."""
    earlier = list(previous.get("previous-captures") or [])
    if previous.get("sha256") and previous["sha256"] != capture.sha256:
        earlier.append(
            {"sha256": previous["sha256"], "accessed": previous.get("accessed"), "capture": previous.get("capture")}
        )
    return earlier


def _front_matter(capture: Capture, extracted: _Extracted, previous: dict) -> dict:
    """The capture's record: the document's own metadata, where it came from, and what was kept of it."""
    origin = {
        "url": capture.url,
        "final-url": capture.final_url,
        "redirects": list(capture.redirects) or None,
        "original-path": capture.original_path,
    }
    front = {
        **{k: v for k, v in extracted.metadata.items() if v and k not in ("page-labels", "outline")},
        **{k: v for k, v in origin.items() if v},
        "accessed": capture.accessed,
        "sha256": capture.sha256,
        "capture": (CAPTURES / capture.file_name).as_posix(),
        "media-type": capture.media_type,
        "extractor": capture.extractor,
        "previous-captures": _earlier_captures(capture, previous) or None,
        "page-labels": extracted.metadata.get("page-labels"),
        "outline": extracted.metadata.get("outline") or None,
    }
    return {k: v for k, v in front.items() if v is not None}


def _yaml(front: dict) -> str:
    """Block style, one key a line, except the page labels: one short list on one line."""
    return "".join(
        yaml.safe_dump(
            {key: value},
            sort_keys=False,
            allow_unicode=True,
            width=10_000,
            default_flow_style=None if key == "page-labels" else False,
        )
        for key, value in front.items()
    )
