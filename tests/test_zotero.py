"""Zotero pull and push, through pyzotero over real HTTP against tests/zotero_server.py."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

pytest.importorskip("pyzotero", reason="pyzotero is installed apart (it pins bibtexparser<2)")

import sqlalchemy as sa

from bibliography.zotero import Library, citation_key, parse_extra, to_entry
from provenance.store.database import open_store
from provenance.store.model import Work
from tests.helpers import lint_json, run, store_url
from tests.zotero_server import Library as ServerLibrary
from tests.zotero_server import ZoteroServer

DATA = Path(__file__).resolve().parent / "data" / "zotero"
ITEMS = json.loads((DATA / "items.json").read_text(encoding="utf-8"))
FULLTEXT = json.loads((DATA / "fulltext.json").read_text(encoding="utf-8"))
API_KEY = "P9sEcReTkEy0123456789abc"
GROUP = Library("group", "4711")


def seeded_library() -> ServerLibrary:
    library = ServerLibrary(prefix="/groups/4711")
    for item in ITEMS:
        library.put(item["data"], item["meta"].get("parsedDate"))
    for key, text in FULLTEXT.items():
        library.set_fulltext(key, text["content"])
    return library


@pytest.fixture
def server(monkeypatch):
    with ZoteroServer(seeded_library(), api_key=API_KEY) as running:
        monkeypatch.setenv("PROVENANCE_ZOTERO_API_KEY", API_KEY)
        monkeypatch.setenv("PROVENANCE_ZOTERO_ENDPOINT", running.endpoint)
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "manuscripts").mkdir(parents=True)
    (root / "provenance.toml").write_text(
        'manuscripts = ["manuscripts/*.md"]\nzotero = { library = "group:4711" }\n', encoding="utf-8"
    )
    (root / "manuscripts" / "essay.md").write_text(
        "The outline holds that “Science and technology are the foundation of national strength and "
        "prosperity” [@cst-tech-security, chap. 6].\n",
        encoding="utf-8",
    )
    return root


# Mapping ---------------------------------------------------------------------------------


def test_extra_lines_are_read_as_csl_variables_and_a_pinned_key():
    extra = parse_extra("original-date: 2022-04-14\nOriginal-Title: 总体\nCitation Key: jin2025\nread twice")
    assert extra.variables == {"original-date": ["2022-04-14"], "original-title": ["总体"]}
    assert extra.citation_key == "jin2025"
    assert extra.other == ("read twice",)


def test_citation_key_prefers_the_native_field_then_extra_then_the_item_key():
    assert citation_key({"key": "AAAA2222", "citationKey": "native", "extra": "Citation Key: pinned"}) == "native"
    assert citation_key({"key": "AAAA2222", "extra": "Citation Key: pinned"}) == "pinned"
    assert citation_key({"key": "AAAA2222"}) == "zotero-AAAA2222"


def test_an_item_maps_to_the_fields_lint_reads():
    webpage = next(item for item in ITEMS if item["key"] == "CST7SEC3")
    entry = to_entry(
        webpage["data"], library=GROUP, version=7, path="zotero:group:4711", parsed_date=webpage["meta"]["parsedDate"]
    )
    assert entry.key == "cst-tech-security" and entry.entry_type == "online"
    fields = entry.fields
    assert fields["translator"] == "Jin, Emily"
    assert fields["author"] == "{Office of the Central National Security Commission}"
    assert (fields["date"], fields["urldate"], fields["origdate"]) == ("2025-01", "2025-02-20", "2022-04-14")
    assert fields["origtitle"] == "总体国家安全观学习纲要"
    assert fields["langid"] == "english"
    assert fields["keywords"] == "technology, translation"
    assert fields["zotero_relations"] == "dc:relation http://zotero.org/groups/4711/items/NCSC2022"
    assert (fields["zotero_key"], fields["zotero_version"]) == ("CST7SEC3", "7")


def test_a_translator_in_extra_counts_for_a_forum_post():
    thread = next(item for item in ITEMS if item["key"] == "THRD2025")
    entry = to_entry(thread["data"], library=GROUP, version=1, path="z")
    assert entry.key == "jin-thread"
    assert entry.fields["translator"] == "Jin, Emily" and entry.fields["origdate"] == "2022-04-14"


# Pull ------------------------------------------------------------------------------------


def test_pull_brings_items_notes_and_full_text_into_lint(server: ZoteroServer, project: Path):
    result = run(project, "zotero", "pull")
    assert result.exit_code == 0, result.output
    assert "pulled 5 items, 1 full texts, 0 deleted (everything)" in result.output
    assert all(r.headers.get("Authorization") == f"Bearer {API_KEY}" for r in server.requests)
    assert API_KEY not in result.output
    text = project / ".provenance" / "zotero" / "group-4711" / "CST7SEC3.txt"
    assert "Section III. Safeguard Technological Security" in text.read_text(encoding="utf-8")

    code, report = lint_json(project)
    findings = report["findings"]
    assert code == 1
    # The quotation is checked against the PDF's text Zotero indexed: cited as chapter 6, found in chapter 7.
    l001 = next(f for f in findings if f["code"] == "L001")
    assert l001["citation_key"] == "cst-tech-security"
    assert l001["evidence"]["source_path"] == ".provenance/zotero/group-4711/CST7SEC3.txt"
    assert [f["code"] for f in findings if f["path"] == "manuscripts/essay.md"] == ["L001"]
    # Pulled items take part in the entry rules too: the book section names no original.
    t003 = next(f for f in findings if f["code"] == "T003" and f["citation_key"] == "zotero-BOOK2025")
    assert t003["path"] == "zotero:group:4711/BOOK2025"


def test_pulled_items_are_exported_with_notes_and_roles(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    exported = run(project, "export", "bibtex", "cst-tech-security", "zotero-BOOK2025")
    assert exported.exit_code == 0, exported.output
    assert "translator   = {Jin, Emily}" in exported.output or "Jin, Emily" in exported.output
    assert "Cite This Article" in exported.output  # the child note, as annotation
    assert "Murphy, Ben" in exported.output


def test_second_pull_asks_only_for_changes_and_honours_deletions(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    library = server.library
    library.patch("JOUR7SE3", {"title": "Safeguard Technological Security (reprint)"})
    library.delete("THRD2025")
    library.put(
        {
            "key": "NOTE2NEW",
            "itemType": "note",
            "parentItem": "CST7SEC3",
            "note": "<p>Second reading.</p>",
            "tags": [],
            "relations": {},
        }
    )
    library.set_fulltext(
        "PDF7SEC3", "Chapter 7: Domains\n\nSection III. Safeguard Technological Security\n\nA corrected text.\n"
    )
    before = len(server.requests)

    result = run(project, "zotero", "pull")

    assert result.exit_code == 0, result.output
    assert "(changes since version" in result.output and "1 deleted" in result.output
    second = server.requests[before:]
    item_reads = [r for r in second if r.path.endswith("/items")]
    assert item_reads and all(r.query.get("since") for r in item_reads)
    assert sum(1 for r in second if r.path.endswith("/fulltext") and "/items/" in r.path) == 1
    _code, report = lint_json(project)
    assert not any(f["citation_key"] == "jin-thread" for f in report["findings"])
    text = project / ".provenance" / "zotero" / "group-4711" / "CST7SEC3.txt"
    assert "A corrected text." in text.read_text(encoding="utf-8")
    exported = run(project, "export", "bibtex", "cst-tech-security").output
    assert "Cite This Article" in exported and "Second reading." in exported  # both notes, old and new


def test_a_collection_pull_brings_only_that_collections_items(server: ZoteroServer, project: Path):
    result = run(project, "zotero", "pull", "--collection", "TRANSL01")
    assert result.exit_code == 0, result.output
    assert "pulled 4 items" in result.output  # the thread is in no collection
    assert server.requests[0].path == "/groups/4711/collections/TRANSL01/items"


def test_rate_limits_are_waited_out(server: ZoteroServer, project: Path):
    server.throttle = 1
    result = run(project, "zotero", "pull")
    assert result.exit_code == 0, result.output
    first, second = server.requests[0], server.requests[1]
    assert first.path == second.path == "/groups/4711/items"
    assert second.at - first.at >= 1.0  # the Backoff: 1 the 429 carried


def test_a_refused_key_is_an_error_that_never_shows_the_key(server: ZoteroServer, project: Path, monkeypatch):
    monkeypatch.setenv("PROVENANCE_ZOTERO_API_KEY", "WrOnGkEy000000000000000")
    result = run(project, "zotero", "pull")
    assert result.exit_code == 2
    assert "403" in result.output and "[redacted]" in result.output
    assert "WrOnGkEy000000000000000" not in result.output


# Push ------------------------------------------------------------------------------------


def test_push_dry_run_prints_the_diff_and_writes_nothing(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    before = copy.deepcopy(server.library.items)

    result = run(project, "zotero", "push")

    assert result.exit_code == 0, result.output
    assert server.library.items == before
    assert not [r for r in server.requests if r.method != "GET"]
    reprint = result.output[result.output.index("JOUR7SE3 @cst-review-reprint") :]
    reprint = reprint[: reprint.index("THRD2025")]
    # The translator from the owl:sameAs record, the original's date and title from the dc:relation one.
    assert '  creators  + {"creatorType": "translator", "firstName": "Emily", "lastName": "Jin"}' in reprint
    assert "  extra     + original-date: 2022-04-14" in reprint
    assert "  extra     + original-title: 总体国家安全观学习纲要" in reprint
    assert "  tags      + provenance:B001" in reprint
    # A book section has a field for the original date; a forum post has no translator role to fill.
    assert "BOOK2025 @zotero-BOOK2025" in result.output and "  originalDate  '' → '2022-04-14'" in result.output
    thread = result.output[result.output.index("THRD2025 @jin-thread") :]
    assert "creators" not in thread and "original-date" not in thread
    assert "4 item(s) would change" in result.output


def test_push_apply_writes_additions_with_versions_and_a_second_push_has_nothing(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    server.before_write = lambda method, key: setattr(server, "throttle", 1) if key == "THRD2025" else None
    result = run(project, "zotero", "push", "--apply")
    assert result.exit_code == 0, result.output
    assert "updated 4 item(s), added 4 note(s)" in result.output
    # The note after the thread's PATCH met a 429: create_items does not retry, the push does.
    posts = [r for r in server.requests if r.method == "POST"]
    assert len(posts) == 5 and posts[-1].at - posts[-2].at >= 1.0
    patches = [r for r in server.requests if r.method == "PATCH"]
    assert patches and all(r.headers.get("If-Unmodified-Since-Version") for r in patches)
    assert all(r.headers.get("Zotero-Write-Token") for r in server.requests if r.method == "POST")
    reprint = server.library.items["JOUR7SE3"]["data"]
    assert {"creatorType": "translator", "firstName": "Emily", "lastName": "Jin"} in reprint["creators"]
    assert reprint["creators"][0]["name"] == "Office of the Central National Security Commission"
    assert reprint["extra"] == "original-date: 2022-04-14\noriginal-title: 总体国家安全观学习纲要"
    assert [t["tag"] for t in reprint["tags"]] == ["technology", "provenance:B001"]
    assert server.library.items["BOOK2025"]["data"]["originalDate"] == "2022-04-14"
    notes = [
        i["data"]
        for i in server.library.items.values()
        if i["data"].get("itemType") == "note" and i["data"].get("parentItem") == "CST7SEC3"
    ]
    assert any("L001 [error] manuscripts/essay.md:1" in note["note"] for note in notes)
    assert len(server.library.items) == len(ITEMS) + 4  # nothing deleted

    again = run(project, "zotero", "push")
    assert "0 item(s) would change" in again.output
    # Pulled back, the reprint now cites with its translator.
    assert "pulled 4 items" in run(project, "zotero", "pull").output
    assert "Translated by Emily Jin" in run(project, "cite", "cst-review-reprint").output


def test_cite_takes_the_division_from_the_zotero_full_text(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    result = run(project, "cite", "--quote", "manuscripts/essay.md:1")
    assert result.exit_code == 0, result.output
    assert "trans. Emily Jin" in result.output and "sec. III" in result.output


def test_push_merges_when_the_item_changed_between_read_and_write(server: ZoteroServer, project: Path):
    assert run(project, "zotero", "pull").exit_code == 0
    changed: list[str] = []

    def someone_edits(method: str, key: str) -> None:
        if key == "JOUR7SE3" and not changed:
            changed.append(key)
            server.library.patch(
                key,
                {
                    "extra": "original-date: 2022-04\nChecked in the library",
                    "tags": [{"tag": "technology"}, {"tag": "to-read"}],
                },
            )
            server.throttle = 1  # and the next request is rate-limited

    server.before_write = someone_edits
    result = run(project, "zotero", "push", "--apply")

    assert result.exit_code == 0, result.output
    assert "merged 1 changed meanwhile" in result.output
    assert [r.path for r in server.requests if r.method == "PATCH"].count("/groups/4711/items/JOUR7SE3") == 2
    data = server.library.items["JOUR7SE3"]["data"]
    # The user's date and line survive; only what is still missing is added.
    assert data["extra"] == ("original-date: 2022-04\nChecked in the library\noriginal-title: 总体国家安全观学习纲要")
    assert [t["tag"] for t in data["tags"]] == ["technology", "to-read", "provenance:B001"]
    assert any(c.get("creatorType") == "translator" for c in data["creators"])
    # After the 412 the item was read again, and that read met a 429 first.
    first_patch = next(i for i, r in enumerate(server.requests) if r.method == "PATCH" and r.path.endswith("/JOUR7SE3"))
    reread = [r for r in server.requests[first_patch:] if r.method == "GET" and r.path.endswith("/JOUR7SE3")]
    assert len(reread) >= 2 and reread[1].at - reread[0].at >= 1.0


def test_config_names_the_library(tmp_path: Path):
    from provenance.errors import ConfigError
    from provenance.inputs.config import load_config

    config = tmp_path / "provenance.toml"
    config.write_text('zotero = { library = "group:123", collection = "ABCD1234" }\n', encoding="utf-8")
    loaded = load_config(config)
    assert (loaded.zotero.library, loaded.zotero.collection) == ("group:123", "ABCD1234")
    config.write_text('zotero = { library = "team:123" }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="user:ID"):
        load_config(config)


# Scale -----------------------------------------------------------------------------------


def big_library(count: int) -> ServerLibrary:
    """*count* webpages shaped as the seed item, each with a PDF attachment holding indexed text."""
    template = next(item["data"] for item in ITEMS if item["key"] == "CST7SEC3")
    attachment = next(item["data"] for item in ITEMS if item["key"] == "PDF7SEC3")
    library = ServerLibrary(prefix="/groups/4711")
    for number in range(count):
        key, pdf = f"W{number:07d}", f"P{number:07d}"
        library.put(
            {
                **copy.deepcopy(template),
                "key": key,
                "title": f"Section {number}",
                "relations": {},
                "extra": f"Citation Key: work{number}",
            },
            "2025-01",
        )
        library.put({**copy.deepcopy(attachment), "key": pdf, "parentItem": key})
        library.set_fulltext(pdf, f"Section {number}\n\nThe text of section {number}, as Zotero indexed it.\n")
    return library


def test_a_pull_of_5000_items_with_full_text_and_a_second_pull_of_the_changes(project: Path, monkeypatch):
    with ZoteroServer(big_library(5000)) as server:
        monkeypatch.setenv("PROVENANCE_ZOTERO_ENDPOINT", server.endpoint)
        started = time.perf_counter()
        first = run(project, "zotero", "pull")
        first_time = time.perf_counter() - started
        assert first.exit_code == 0, first.output
        assert "pulled 5000 items, 5000 full texts" in first.output
        first_requests = len(server.requests)
        assert sum(r.returned for r in server.requests) == 10_000  # every item and attachment once
        assert first_requests == 100 + 1 + 5000  # 100 pages of 100, the full-text list, one read per text

        library = server.library
        library.patch("W0000007", {"title": "Section seven, corrected"})
        library.patch("W0000008", {"tags": [{"tag": "checked"}]})
        library.set_fulltext("P0000009", "Section 9\n\nA better scan.\n")
        library.delete("W0000010")
        library.delete("P0000010")
        started = time.perf_counter()
        second = run(project, "zotero", "pull")
        second_time = time.perf_counter() - started
        assert second.exit_code == 0, second.output
        assert "pulled 2 items, 1 full texts, 1 deleted" in second.output
        again = server.requests[first_requests:]
        assert sum(r.returned for r in again) == 2  # only the two changed items came again
        assert [r.path.removeprefix("/groups/4711") for r in again] == [
            "/items",
            "/deleted",
            "/fulltext",
            "/items/P0000009/fulltext",
        ]
        assert all(r.query.get("since") == "15000" for r in again[:3])
        print(
            f"\nfirst pull: 5000 items + 5000 full texts, {first_requests} requests, {first_time:.1f} s; "
            f"second pull: {len(again)} requests, {second_time:.2f} s"
        )
    store = open_store(store_url(project))
    try:
        with store.transaction() as session:
            titles = {key: fields.get("title") for key, fields in session.execute(sa.select(Work.key, Work.fields))}
    finally:
        store.close()
    assert len(titles) == 4999 and "work10" not in titles
    texts = project / ".provenance" / "zotero" / "group-4711"
    assert (texts / "W0000009.txt").read_text(encoding="utf-8") == "Section 9\n\nA better scan.\n"
    assert not (texts / "W0000010.txt").exists()
    assert titles["work7"] == "Section seven, corrected"
