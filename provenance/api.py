"""The library API: a project, opened once, and everything the tool does with it.

    with Project.open(load_config()) as project:
        result = project.lint()
        for finding in result.findings:
            print(finding.path, finding.line, finding.code, finding.message)

A :class:`Project` holds the config and the store, opened once. :meth:`Project.lint`
is the pipeline: read the inputs into the store, resolve each quotation, run the
rules, apply the policy. Everything else consumes what it returns, or the
inputs it read: the audit page, citations, the provenance chain, exports. No
report reads the inputs again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bibliography.collection import no_cycle_collection
from provenance.check.finding_rows import start_loading_scoped
from provenance.check.lint import LintResult, Progress, check, stored_findings, stored_matches
from provenance.check.policy import Policy, apply_policy
from provenance.errors import ConfigError, InputError
from provenance.inputs.config import Config
from provenance.inputs.ingest import ingest
from provenance.inputs.project import ProjectInputs
from provenance.store.database import Store, new_sqlite_store, open_store, remove_sqlite_store

# What only the methods beyond the lint use is imported in them: a lint, run
# again and again on a large project, would pay for loading them every time
# (CSL styles and pandoc, Jinja's templates for Zotero notes: some 40 ms).
if TYPE_CHECKING:
    from pyzotero.zotero import Zotero  # an optional dependency (see pyproject.toml)

    from bibliography.bibtex import BibEntry
    from bibliography.csl import OutputFormat
    from bibliography.zotero import Library
    from provenance.check.resolve import Resolution
    from provenance.inputs.zotero import Progress as PullProgress
    from provenance.inputs.zotero import PullResult
    from provenance.outputs.audit import Audit
    from provenance.outputs.cite import FormattedCitation
    from provenance.outputs.library import ImportResult
    from provenance.outputs.trace import Link
    from provenance.outputs.zotero_push import Corrections

__all__ = ["LintResult", "Policy", "Project"]


class Project:
    """A configured project with its store open. Open it with :meth:`Project.open`."""

    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self._inputs: ProjectInputs | None = None

    @classmethod
    @contextmanager
    def open(cls, config: Config) -> Iterator[Project]:
        """The project *config* names, its store opened (and upgraded) once for everything done with it.

        A run that stops on an input error leaves no store behind if it was the one to create it.
        """
        created = new_sqlite_store(config.database_url)
        try:
            store = open_store(config.database_url)
            try:
                yield cls(config, store)
            finally:
                store.close()
        except (ConfigError, InputError):
            # Only for the inputs' errors: a store error may come from another run using the new file.
            if created is not None:
                remove_sqlite_store(created)
            raise

    # The pipeline -------------------------------------------------------------------------

    def lint(
        self,
        policy: Policy | None = None,
        *,
        baseline: Counter | None = None,
        progress: Progress | None = None,
        detailed: bool = False,
    ) -> LintResult:
        """Check every manuscript, source and entry; keep what *policy* selects (default: the config's).

        *detailed* keeps the inputs read and what each quotation resolved to in the
        result, for outputs that show every quotation (the audit, JUnit).
        """
        if self.config.path is None:
            raise ConfigError(f"no provenance.toml or [tool.provenance] found from {self.config.root}")
        policy = policy or Policy.from_config(self.config)
        result = None
        if not detailed:
            with self.store.reading() as session:
                result = stored_findings(session, self.config)  # unchanged inputs: nothing is parsed
        if result is None:
            # Reading and checking make millions of objects and no garbage cycles worth a search.
            with no_cycle_collection(), self.store.transaction() as session:
                # Read while the inputs are, for the findings of what did not change: done when they are needed.
                stored = start_loading_scoped(session)
                self._inputs = ingest(self.store, self.config, _stage(progress), session=session)
                result = check(session, self._inputs, progress, stored)
                if detailed:
                    self._inputs.read_extracts()  # while the store is open: reports are written after it closes
                    result = replace(result, matches=stored_matches(session))
        outcome = apply_policy(result.findings, policy, self.config, self.inputs, baseline)
        return replace(
            result,
            findings=outcome.findings,
            suppressed=outcome.suppressed,
            baselined=outcome.baselined,
            root=self.config.root,
            fail_on=policy.fail_on,
        )

    def inputs(self) -> ProjectInputs:
        """The inputs as the last lint read them; read (and stored) now if nothing has read them yet."""
        if self._inputs is None:
            self._inputs = ingest(self.store, self.config)
        return self._inputs

    # What consumes the pipeline's result ------------------------------------------------------

    def audit(self, policy: Policy | None = None) -> Audit:
        """Every quotation (clean ones too) with its evidence and findings, for the report page and exports."""
        from provenance.outputs.audit import build_audit

        return build_audit(self.lint(policy, detailed=True))

    def resolutions_at(self, path: str, line: int) -> list[Resolution]:
        """The resolved quotations that start on or span *line* of manuscript *path*."""
        from provenance.outputs.trace import resolutions_at

        return resolutions_at(self.inputs(), self.config, path, line)

    def trace(self, path: str, line: int) -> list[list[Link]]:
        """The provenance chain of every quotation that starts on or spans *line* of manuscript *path*."""
        from provenance.outputs.trace import chain

        return [chain(resolution, self.inputs()) for resolution in self.resolutions_at(path, line)]

    # The library: entries in and out -------------------------------------------------------------

    def entries(self) -> list[BibEntry]:
        """Every entry: the configured bibliographies' first (in file order), then the imported library."""
        from provenance.outputs.library import library_entries

        inputs = self.inputs()
        with self.store.reading() as session:
            return library_entries(session, inputs)

    def import_library(self, path: Path) -> ImportResult:
        """Store the usable entries of a .bib or CSL-JSON file in one transaction; report the unusable ones."""
        from provenance.outputs.library import ImportResult, read_entries, store_library

        entries, problems = read_entries(path)
        self.inputs()  # the configured bibliographies' keys must be in the store to be refused
        with self.store.transaction() as session:
            replaced = store_library(session, path, entries)
        return ImportResult(imported=[e.key for e in entries], replaced=replaced, problems=problems)

    def cite_key(
        self,
        key: str,
        locator: str | None = None,
        style: str | None = None,
        fmt: OutputFormat = "text",
        lang: str | None = None,
    ) -> FormattedCitation:
        """The citation of *key* at *locator* and its bibliography entry (*style* None: the default style)."""
        from provenance.outputs.cite import cite_key

        return cite_key(self.entries(), key, locator, _style(style), fmt, lang)

    def cite_quote(
        self, path: str, line: int, style: str | None = None, fmt: OutputFormat = "text", lang: str | None = None
    ) -> FormattedCitation:
        """The citation the quotation at *path*:*line* should carry: its work, at the division it is in."""
        from provenance.outputs.cite import cite_quote, manuscript_lang

        resolution = self.resolutions_at(path, line)[0]
        return cite_quote(
            self.entries(), resolution, (path, line), _style(style), fmt, lang or manuscript_lang(self.config, path)
        )

    def bibliography(
        self, manuscript: str, style: str | None = None, fmt: OutputFormat = "text", lang: str | None = None
    ) -> list[str]:
        """The bibliography of every work *manuscript* cites, in the style's order."""
        from provenance.outputs.cite import manuscript_bibliography, manuscript_lang
        from provenance.outputs.library import cited_keys

        return manuscript_bibliography(
            self.entries(),
            cited_keys(self.config, manuscript),
            _style(style),
            fmt,
            lang or manuscript_lang(self.config, manuscript),
        )

    # Zotero ---------------------------------------------------------------------------------------

    def zotero_pull(
        self, client: Zotero, library: Library, *, collection: str | None = None, progress: PullProgress | None = None
    ) -> PullResult:
        """Bring a Zotero library (or one collection) into the store; only what changed after the first time."""
        from provenance.inputs.zotero import pull

        return pull(self.store, self.config, client, library, collection=collection, progress=progress)

    def zotero_corrections(self, library: Library) -> list[Corrections]:
        """What the store is sure the pulled items of *library* lack: linked records' facts, lint findings."""
        from provenance.outputs.zotero_push import corrections

        findings = self.lint().findings
        with self.store.reading() as session:
            return corrections(session, library, findings)


def _style(style: str | None) -> str:
    """*style*, or the default CSL style (``bibliography.csl.DEFAULT_STYLE``) for None."""
    from bibliography.csl import DEFAULT_STYLE

    return DEFAULT_STYLE if style is None else style


def _stage(progress: Progress | None):
    """Ingest's progress (a stage name) as the lint's (stage, done, total)."""
    return (lambda message: progress(message, 0, 0)) if progress else None
