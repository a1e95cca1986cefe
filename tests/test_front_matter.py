"""Front matter read as YAML: a mapping and where the text after it starts, or nothing when it is not one."""

from __future__ import annotations

import datetime

from provenance.inputs.manuscripts.markdown import front_matter
from provenance.inputs.sources.front_matter import capture_metadata


def test_front_matter_is_read_as_yaml_with_the_body_start():
    text = "---\ntitle: 'A: B'\ndate: 2025-01-02\nlang: zh-Hans  # the manuscript's language\n---\nBody\n"
    fields, body_start = front_matter(text)
    assert fields == {"title": "A: B", "date": datetime.date(2025, 1, 2), "lang": "zh-Hans"}
    assert text[body_start:] == "Body\n"


def test_a_text_without_front_matter_or_with_a_broken_one_has_none():
    assert front_matter("Body\n---\ntitle: x\n---\n") == (None, 0)
    assert front_matter("---\ntitle: [unclosed\n---\nBody\n") == (None, 0)
    assert front_matter("---\n- a list\n---\nBody\n") == (None, 0)
    assert front_matter("---\n...\nBody\n") == (None, 0)


def test_only_a_front_matter_with_a_checksum_is_a_capture():
    capture = "---\nurl: https://example.org/a\nsha256: 0123abcd\n---\nText\n"
    metadata, body_start = capture_metadata(capture)
    assert metadata["url"] == "https://example.org/a" and capture[body_start:] == "Text\n"
    assert capture_metadata("---\nurl: https://example.org/a\n---\nText\n") == ({}, 0)
    assert capture_metadata("---\nsha256: [broken\n---\nText\n") == ({}, 0)
