"""The provenance chain of one quotation, from manuscript line to original work.

manuscript line → quotation → passage → source (URL, accessed, hash) →
division path → translation (translator, date) → original work (title in
both scripts, author, date).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bibliography.bibtex import strip_latex
from provenance.check.resolve import Resolution, Resolver
from provenance.domain.works import Agent
from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.project import EntryRecord, ProjectInputs
from provenance.inputs.sources.front_matter import capture_facts
from provenance.inputs.structure import format_path
from provenance.text.files import content_hash
from provenance.text.snippets import shorten


@dataclass(frozen=True)
class Link:
    """One step of the chain: what it is, and its facts as (label, value) pairs."""

    step: str
    facts: tuple[tuple[str, str], ...]


def resolutions_at(inputs: ProjectInputs, config: Config, path: str, line: int) -> list[Resolution]:
    """The resolved quotations that start on or span *line* of manuscript *path*."""
    wanted = config.relative(Path(path) if Path(path).is_absolute() else (config.root / path).resolve())
    manuscript = next((m for m in inputs.manuscripts if m.path in (path, wanted)), None)
    if manuscript is None:
        raise InputError("not a configured manuscript", path=path)
    quotations = [
        q
        for q in manuscript.extract.quotations
        if q.start.line <= line <= manuscript.lines.position(max(q.end - 1, q.start.offset)).line
    ]
    if not quotations:
        raise InputError("no quotation on this line", path=manuscript.path, line=line)
    return Resolver(inputs).resolve_all([(manuscript, q) for q in quotations])


def chain(resolution: Resolution, project: ProjectInputs) -> list[Link]:
    """The links from the quotation to the original work, as far as the project knows them."""
    links = [_quotation_link(resolution)] + _passage_links(resolution)
    if resolution.entry is not None:
        links += _work_links(resolution.entry, project)
    return links


def _quotation_link(resolution: Resolution) -> Link:
    quotation = resolution.quotation
    citation = resolution.citation
    return Link(
        "quotation",
        (
            ("at", f"{resolution.manuscript.path}:{quotation.start.line}:{quotation.start.column}"),
            ("text", shorten(quotation.text, 120)),
            (
                "cites",
                f"@{citation.key}" + (f", {citation.locator.raw}" if citation.locator else "")
                if citation
                else "nothing",
            ),
        ),
    )


def _passage_links(resolution: Resolution) -> list[Link]:
    """Passage, source and division of the quotation's place in its source (if it was found)."""
    located = resolution.primary
    if located is None:
        return [Link("passage", (("found", "in no cited source"),))]
    source = located.source
    entry = resolution.entry
    return [
        Link(
            "passage",
            (
                ("lines", f"{source.path}:{located.line}-{located.end_line}"),
                ("match", f"{located.match.kind.value} (similarity {located.match.score:.2f})"),
            ),
        ),
        Link(
            "source",
            _present(
                ("file", source.path),
                ("url", _field(entry, "url")),
                ("accessed", _field(entry, "urldate")),
                ("sha256", content_hash(source.text.encode())[:16]),
            )
            + capture_facts(source.text),
        ),
        Link("division", (("path", format_path(located.division_path) or "(no headings)"),)),
    ]


def _work_links(entry: EntryRecord, project: ProjectInputs) -> list[Link]:
    """The translation (when the entry is one) and the original work."""
    links = []
    translation = entry.translation
    if translation is not None:
        links.append(
            Link(
                "translation",
                _present(
                    ("entry", f"@{entry.key} ({entry.path}:{entry.line})"),
                    ("title", _plain(entry.work.title)),
                    ("translator", _names(translation.translators)),
                    ("translated", _plain(translation.translated)),
                    ("from", _plain(translation.original_language)),
                ),
            )
        )
    linked = project.original_of(entry)
    # The original as its own entry describes it, else as the translation states it.
    original = linked.work if linked else translation.original if translation else None
    links.append(
        Link(
            "original work",
            _present(
                ("entry", f"@{linked.key} ({linked.path}:{linked.line})" if linked else None),
                ("title", _plain(original.title) if original else None),
                ("title translated", _field(linked, "titleaddon")),
                ("author", _names((original or entry.work).authors)),
                # An original's `origdate` (a reprint's first edition) is the date of the work before it.
                ("date", _plain(original.issued) if original else _field(entry, "origdate")),
            ),
        )
    )
    return links


def _present(*facts: tuple[str, str | None]) -> tuple[tuple[str, str], ...]:
    """The facts that have a value."""
    return tuple((label, value) for label, value in facts if value)


def _names(agents: tuple[Agent, ...]) -> str:
    return "; ".join(strip_latex(agent.name) for agent in agents)


def _plain(value: str | None) -> str | None:
    return strip_latex(value) if value else None


def _field(entry: EntryRecord | None, name: str) -> str | None:
    return _plain(entry.fields.get(name)) if entry else None
