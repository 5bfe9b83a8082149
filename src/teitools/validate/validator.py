"""The :class:`Validator`: compiled schemas held for as long as it lives, one document at a time.

Everything compiled from a schema (RELAX NG grammars and their reduced
validators, Schematron stylesheets, loaded XML Schemas) belongs to one
``Validator`` and lives as long as it does; :meth:`Validator.clear` forgets
it all, as if a new process started.  The CLI uses one default instance
(:func:`.run.default_validator`), each worker process of a parallel run has
its own, and a long-lived caller (an editor's language server, a corpus
build) holds one and calls :meth:`~Validator.validate_file`,
:meth:`~Validator.validate_bytes` or :meth:`~Validator.validate_parsed` for
each document.  What is expensive to rebuild is also kept on disk
(:class:`.cache.DiskCache`), so a new process compiles nothing either.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from ..errors import TeiToolsError
from ..xmlio import check_size, read_bytes
from . import wellformed
from .cache import DiskCache
from .discover import SchemaChoice, choose_schemas, clear_discovery_caches
from .phase import ParsedDocument, Phase
from .relaxng import Grammar
from .results import FileResult, ValidationOptions
from .schematron import Schematron
from .wellformed import Parsed
from .xsd import XmlSchema

K = TypeVar("K")
V = TypeVar("V")


def _once(store: dict[K, V], key: K, make: Callable[[], V]) -> V:
    """``store[key]``, made by ``make`` the first time."""
    found = store.get(key)
    if found is None:
        found = store[key] = make()
    return found


_Stamp = tuple[Path, int, int]


def _stamp(path: Path) -> _Stamp:
    """A schema file as of now: its resolved path, modification time and size."""
    resolved = path.resolve()
    try:
        st = resolved.stat()
    except OSError:  # loading it will say what is wrong
        return resolved, -1, -1
    return resolved, st.st_mtime_ns, st.st_size


class Validator:
    """Validates documents; owns the compiled schemas and the disk cache it uses."""

    def __init__(self, cache: DiskCache | None = None,
                 options: ValidationOptions | None = None) -> None:
        self.cache = cache if cache is not None else DiskCache()
        #: Used when a call passes no options.
        self.options = options if options is not None else ValidationOptions()
        # keyed by the file's stamp: a long-running process (the language server, an
        # in-process caller) sees a schema edited under it
        self._grammars: dict[_Stamp, Grammar] = {}
        self._schematrons: dict[tuple[_Stamp, str | None], Schematron] = {}
        self._xml_schemas: dict[_Stamp, XmlSchema] = {}

    # -- compiled schemas -------------------------------------------------------------

    @property
    def built(self) -> Counter[str]:
        """Artefacts this validator had to build (not found in the disk cache), by kind."""
        return self.cache.built

    def grammar(self, path: Path) -> Grammar:
        """The RELAX NG grammar of ``path``, parsed once."""
        return _once(self._grammars, _stamp(path), lambda: Grammar(path, self.cache))

    def schematron(self, path: Path, phase: str | None = None) -> Schematron:
        """The Schematron schema of ``path`` (its ``phase``), compiled once."""
        return _once(self._schematrons, (_stamp(path), phase),
                     lambda: Schematron(path, phase, cache=self.cache))

    def xml_schema(self, path: Path) -> XmlSchema:
        """The XML Schema of ``path``, loaded once."""
        return _once(self._xml_schemas, _stamp(path), lambda: XmlSchema(path, self.cache))

    def phases(self, choice: SchemaChoice, phase: str | None = None) -> Iterator[Phase]:
        """The phases for a choice of schemas, each compiled when it is reached."""
        if choice.rng is not None:
            yield self.grammar(choice.rng)
        if choice.sch is not None:
            yield self.schematron(choice.sch, phase)
        if choice.xsd is not None:
            yield self.xml_schema(choice.xsd)

    def clear(self) -> None:
        """Forget every compiled schema and the build counts (the disk cache stays)."""
        self._grammars.clear()
        self._schematrons.clear()
        self._xml_schemas.clear()
        self.cache.built.clear()
        clear_discovery_caches()

    # -- validating ---------------------------------------------------------------------

    def validate_file(self, path: Path, options: ValidationOptions | None = None, *,
                      name: str | None = None) -> FileResult:
        """Validate the file ``path`` (``name``: what diagnostics call it)."""
        options = options or self.options
        name = name if name is not None else str(path)
        try:
            check_size(path.stat().st_size, name, options.max_bytes)
            data = read_bytes(path, max_bytes=None)
        except TeiToolsError as err:
            return FileResult.unreadable(name, err.message)
        except OSError as exc:
            return FileResult.unreadable(name, exc.strerror or str(exc))
        return self.validate_bytes(data, name, path, options, from_file=True)

    def validate_bytes(self, data: bytes, name: str, path: Path | None = None,
                       options: ValidationOptions | None = None, *,
                       from_file: bool = False) -> FileResult:
        """Validate one document given as bytes (``path`` locates relative schemas).

        ``from_file``: ``data`` is the content of ``path`` as read, so a phase may
        read the file itself instead of a re-serialisation.
        """
        return self.validate_and_parse(data, name, path, options, from_file=from_file)[0]

    def validate_and_parse(self, data: bytes, name: str, path: Path | None = None,
                           options: ValidationOptions | None = None, *,
                           from_file: bool = False) -> tuple[FileResult, Parsed | None]:
        """:meth:`validate_bytes`, and the tree it parsed (None if not well-formed), for
        callers that read the document too: it is parsed once."""
        options = options or self.options
        start = time.perf_counter()
        result = FileResult(name)
        parsed = None
        try:
            base_url = path.resolve().as_uri() if path is not None else None
            parsed, problems = wellformed.check_bytes(data, name, max_bytes=options.max_bytes,
                                                      base_url=base_url)
            if options.skip_non_tei and [p.rule for p in problems] == ["not-tei"]:
                result.skipped = True
                result.notes.append("skipped: not a TEI document")
                problems = []
            result.diagnostics.extend(problems)
            if parsed is not None:
                self._check(parsed, name, path, options, from_file, result)
        except TeiToolsError as err:
            result = self._failed(result, name, err)
        result.seconds = time.perf_counter() - start
        return result, parsed

    def validate_parsed(self, parsed: Parsed, name: str, path: Path | None = None,
                        options: ValidationOptions | None = None) -> FileResult:
        """Validate a document already parsed (by :func:`.wellformed.check_bytes`)."""
        options = options or self.options
        start = time.perf_counter()
        result = FileResult(name)
        try:
            self._check(parsed, name, path, options, False, result)
        except TeiToolsError as err:
            result = self._failed(result, name, err)
        result.seconds = time.perf_counter() - start
        return result

    def _check(self, parsed: Parsed, name: str, path: Path | None, options: ValidationOptions,
               from_file: bool, result: FileResult) -> None:
        """The main loop: choose the schemas, then run each phase on the document."""
        choice = choose_schemas(parsed.tree, path, name, options.schemas)
        result.schemas = choice.describe()
        result.notes.extend(choice.notes)
        if parsed.doctype is not None:
            result.notes.append(parsed.doctype.note())
        doc = ParsedDocument(parsed, name, path if from_file else None)
        for phase in self.phases(choice, options.phase):
            diagnostics, note = phase.check(doc)
            result.diagnostics.extend(diagnostics)
            if note:
                result.notes.append(f"{phase.label}: {note}")

    @staticmethod
    def _failed(result: FileResult, name: str, err: TeiToolsError) -> FileResult:
        failed = FileResult.failure(name, err)
        failed.diagnostics[:0] = result.diagnostics
        failed.schemas = result.schemas
        failed.notes = result.notes
        return failed
