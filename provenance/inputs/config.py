"""Project configuration: where the bibliography, sources and manuscripts are.

Read from ``provenance.toml`` (top-level keys) or ``[tool.provenance]`` in
``pyproject.toml``, whichever is found first walking up from the working
directory, the way ruff finds its settings. Paths and globs are relative to the
directory holding the config file.

That directory is the project's boundary: a path that resolves (symlinks
followed) outside it, and outside the folders ``extra-roots`` names, is never
read; lint reports it (B009) instead.
"""

from __future__ import annotations

import glob
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from provenance.errors import ConfigError

DATABASE_ENV = "PROVENANCE_DATABASE_URL"
CONFIG_NAMES = ("provenance.toml", "pyproject.toml")
#: What a folder named in `sources` contributes.
SOURCE_SUFFIXES = (".md", ".txt")


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str
    default: str
    doc: str


#: Every key the config accepts; the README's reference table is checked against it.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "bibliography",
        "list of globs",
        "[]",
        "BibTeX/biblatex files. An entry's `file` field links it to its source text.",
    ),
    Setting(
        "sources",
        "list of globs or folders",
        "[]",
        "Source texts (UTF-8 Markdown or plain text). Folders are searched for *.md and *.txt.",
    ),
    Setting(
        "manuscripts", "list of globs", "[]", "Citing documents to lint: Markdown (.md), LaTeX (.tex) or plain text."
    ),
    Setting(
        "database",
        "SQLAlchemy URL",
        "sqlite:///.provenance/provenance.sqlite3",
        f"The store. `{DATABASE_ENV}` overrides it; relative SQLite paths are relative to the config. "
        "Lints may share it, and a lint killed midway leaves it as the last complete run left it.",
    ),
    Setting(
        "select",
        "list of codes or prefixes",
        "all rules",
        "Rules to run (`Q`, `L001` …); `--select` on the command line replaces it.",
    ),
    Setting("extend-select", "list of codes or prefixes", "[]", "Rules added to `select`."),
    Setting(
        "ignore", "list of codes or prefixes", "[]", "Rules not to report; `--ignore` on the command line adds to it."
    ),
    Setting(
        "severity", "table code → error/warning/info", "{}", 'Per-rule severity, e.g. `severity = { Q005 = "error" }`.'
    ),
    Setting(
        "per-file-ignores",
        "table glob → list of codes",
        "{}",
        'Rules not to report for matching files, e.g. `"drafts/*.md" = ["Q007"]`.',
    ),
    Setting(
        "fail-on",
        "error, warning or info",
        "error",
        "The least severity that makes `lint` exit 1; `--fail-on` overrides it.",
    ),
    Setting(
        "extra-roots",
        "list of folders",
        "[]",
        "Folders outside the project's that sources and `file` fields may name; "
        "any other path resolving outside the config's folder is reported (B009), not read.",
    ),
    Setting(
        "zotero",
        "table",
        "none",
        '`{ library = "group:ID", collection = "KEY" }` (or `"user:ID"`): the Zotero library '
        "`provenance zotero pull` brings in; its items then take part in lint, cite and export.",
    ),
)
SEVERITIES = ("error", "warning", "info")
_KNOWN = {setting.name for setting in SETTINGS}


@dataclass(frozen=True)
class ZoteroConfig:
    """The Zotero library (and optionally one collection of it) a project cites from."""

    library: str
    collection: str | None = None


@dataclass(frozen=True)
class Escape:
    """A configured path that resolves outside the project: reported where it is named, never read."""

    key: str
    pattern: str
    #: The matched path as the config's folder sees it, and where it really leads.
    shown: str
    target: Path


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    bibliography: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    manuscripts: tuple[str, ...] = ()
    database: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    zotero: ZoteroConfig | None = None
    extra_roots: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        url = os.environ.get(DATABASE_ENV) or self.database
        if not url:
            return f"sqlite:///{self.root / '.provenance' / 'provenance.sqlite3'}"
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite://":
            return prefix + str(self.root / url[len(prefix) :])
        return url

    def bibliography_files(self) -> list[Path]:
        return self._inside(self._expand("bibliography", self.bibliography, required=True))

    def source_files(self) -> list[Path]:
        return self._inside(self._expand("sources", self.sources, required=True, folder_suffixes=SOURCE_SUFFIXES))

    def manuscript_files(self) -> list[Path]:
        return self._inside(self._expand("manuscripts", self.manuscripts, required=True))

    def escapes(self) -> list[Escape]:
        """The configured files that resolve outside the project (and its extra roots)."""
        found = []
        for key, patterns, suffixes in (
            ("bibliography", self.bibliography, ()),
            ("sources", self.sources, SOURCE_SUFFIXES),
            ("manuscripts", self.manuscripts, ()),
        ):
            for pattern in patterns:
                for shown, target in self._expand(key, (pattern,), required=False, folder_suffixes=suffixes):
                    if not self._within_roots(target):
                        found.append(Escape(key, pattern, shown, target))
        return found

    @cached_property
    def roots(self) -> tuple[Path, ...]:
        """The folders inputs may come from: the config's own, then `extra-roots`."""
        return (self.root.resolve(), *((self.root / extra).resolve() for extra in self.extra_roots))

    def contains(self, path: Path) -> bool:
        """Whether *path*, resolved with its symlinks, lies inside the project's roots."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop, a name too long: not a path that can be read
            return False
        return self._within_roots(resolved)

    def _within_roots(self, resolved: Path) -> bool:
        """Whether a path already resolved lies inside the project's roots (resolving it again costs a
        system call for each of its folders, for every matched file)."""
        return any(resolved.is_relative_to(root) for root in self.roots)

    def _inside(self, matches: list[tuple[str, Path]]) -> list[Path]:
        return [target for _shown, target in matches if self._within_roots(target)]

    def relative(self, path: Path) -> str:
        """A path as users write it in the config: relative to the config's folder."""
        try:
            return Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:  # another drive on Windows
            return str(path)

    def _expand(
        self, key: str, patterns: tuple[str, ...], *, required: bool, folder_suffixes: tuple[str, ...] = ()
    ) -> list[tuple[str, Path]]:
        """(path as matched, relative to the config; path resolved) of each file the patterns match."""
        found: dict[Path, str] = {}
        for pattern in patterns:
            matches = self._matches(key, pattern, folder_suffixes)
            if not matches and required:
                raise ConfigError(f"`{key}` entry {pattern!r} matches no file", path=str(self.path or self.root))
            for match, target in matches:
                found.setdefault(target, self.relative(match))
        return [(shown, target) for target, shown in found.items()]

    def _matches(self, key: str, pattern: str, folder_suffixes: tuple[str, ...]) -> list[tuple[Path, Path]]:
        """(path as matched, path resolved) of each file one pattern names: a glob, or every file of a folder."""
        base = self.root / pattern
        try:
            if base.is_dir():
                matches = [
                    p
                    for p in sorted(base.rglob("*"))
                    if p.is_file() and (not folder_suffixes or p.suffix.lower() in folder_suffixes)
                ]
            else:
                matches = [Path(p) for p in sorted(glob.glob(str(base), recursive=True))]
            return [(p, p.resolve()) for p in matches]
        except OSError as error:  # a name too long for the file system, a symlink loop
            raise ConfigError(
                f"`{key}` entry {pattern[:80]!r}: {error.strerror or error}", path=str(self.path or self.root)
            ) from None


def find_config(start: Path) -> Path | None:
    """The nearest provenance.toml, or pyproject.toml with [tool.provenance], above *start*."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load the config at *path*, or the one found from *start* (default: the cwd).

    With no config anywhere, an empty config rooted at *start* is returned, so
    that commands given explicit paths still work.
    """
    start = (start or Path.cwd()).resolve()
    if path is None:
        path = find_config(start)
        if path is None:
            return Config(root=start, path=None)
    path = Path(path).resolve()
    if not path.is_file():
        raise ConfigError("config file not found", path=str(path))
    table = _read_table(path)
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise ConfigError(
            f"unknown config key(s): {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}", path=str(path)
        )
    return Config(
        root=path.parent,
        path=path,
        bibliography=_string_list(table, "bibliography", path),
        sources=_string_list(table, "sources", path),
        manuscripts=_string_list(table, "manuscripts", path),
        database=_optional_string(table, "database", path),
        select=_string_list(table, "select", path) if "select" in table else None,
        extend_select=_string_list(table, "extend-select", path),
        ignore=_string_list(table, "ignore", path),
        severity=_severity_table(table, path),
        per_file_ignores=_per_file_ignores(table, path),
        fail_on=_choice(table, "fail-on", SEVERITIES, "error", path),
        zotero=_zotero(table, path),
        extra_roots=_string_list(table, "extra-roots", path),
    )


def _read_table(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 ({error.reason})", path=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(f"invalid TOML: {error}", path=str(path), line=line) from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("provenance", {})
    return data


def _has_tool_table(path: Path) -> bool:
    try:
        return "provenance" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _string_list(table: dict, key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"`{key}` must be a string or a list of strings", path=str(path))
    return tuple(value)


def _optional_string(table: dict, key: str, path: Path) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"`{key}` must be a string", path=str(path))
    return value


def _severity_table(table: dict, path: Path) -> dict[str, str]:
    value = table.get("severity", {})
    if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
        raise ConfigError('`severity` must map rule codes to "error", "warning" or "info"', path=str(path))
    return {code.upper(): level for code, level in value.items()}


def _per_file_ignores(table: dict, path: Path) -> dict[str, tuple[str, ...]]:
    value = table.get("per-file-ignores", {})
    if not isinstance(value, dict):
        raise ConfigError("`per-file-ignores` must map globs to lists of rule codes", path=str(path))
    return {glob_: _string_list(value, glob_, path) for glob_ in value}


def _choice(table: dict, key: str, choices: tuple[str, ...], default: str, path: Path) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise ConfigError(f"`{key}` must be one of {', '.join(choices)}", path=str(path))
    return value


def _zotero(table: dict, path: Path) -> ZoteroConfig | None:
    value = table.get("zotero")
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"library", "collection"}:
        raise ConfigError("`zotero` must be a table with `library` and optionally `collection`", path=str(path))
    library = value.get("library")
    kind, _, number = library.partition(":") if isinstance(library, str) else ("", "", "")
    if not isinstance(library, str) or kind not in ("user", "group") or not number.isdigit():
        raise ConfigError('`zotero.library` must be "user:ID" or "group:ID"', path=str(path))
    collection = value.get("collection")
    if collection is not None and not (isinstance(collection, str) and collection.strip()):
        raise ConfigError("`zotero.collection` must be a collection key", path=str(path))
    return ZoteroConfig(library=library, collection=collection)
