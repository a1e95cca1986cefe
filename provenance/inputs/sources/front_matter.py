"""The front matter `source add` writes: where a source text came from.

A captured source file opens with YAML front matter (URL or original path,
access date, sha256 of the raw bytes, the capture file, the extractor and its
version, and for a PDF its page labels and outline). The text stays a plain
source file that can be reviewed and committed; these helpers read it back.
"""

from __future__ import annotations

from provenance.inputs.manuscripts.markdown import front_matter

#: Front matter keys shown where a source is described (trace, audit), in order, with their labels.
CAPTURE_FACTS = {
    "url": "captured from",
    "final-url": "redirected to",
    "original-path": "captured from",
    "accessed": "captured",
    "sha256": "capture sha256",
    "capture": "capture file",
    "extractor": "extracted by",
}


def capture_metadata(text: str) -> tuple[dict, int]:
    """The capture's front matter (empty when the text has none) and where the body starts.

    A front matter without ``sha256`` is not a capture's, and one that is no
    longer YAML after a hand edit leaves the text a source without one.
    """
    metadata, body_start = front_matter(text)
    if metadata is None or "sha256" not in metadata:
        return {}, 0
    return metadata, body_start


def capture_facts(text: str) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs describing the capture behind *text*; empty for other sources."""
    metadata, _ = capture_metadata(text)
    return tuple((label, str(metadata[key])) for key, label in CAPTURE_FACTS.items() if metadata.get(key))
