"""``teitools validate``: well-formedness, RELAX NG, Schematron and XSD, with line numbers.

:func:`validate_paths` is the one entry point: it expands paths, picks the
schemas for each document (:mod:`.discover`), runs the phases
(:mod:`.wellformed`, :mod:`.relaxng`, :mod:`.schematron`, :mod:`.xsd`) in
worker processes when there are many files, and returns a
:class:`ValidationResult`.  Nothing here prints; every bad input becomes a
:class:`~teitools.diagnostics.Diagnostic`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..errors import SchemaError, TeiToolsError
from .discover import (
    SchemaChoice,
    SchemaOptions,
    Target,
    choose_schemas,
    clear_discovery_caches,
    expand_paths,
)
from .wellformed import DEFAULT_MAX_BYTES

__all__ = [
    "FileResult",
    "SchemaOptions",
    "ValidationOptions",
    "ValidationResult",
    "validate_bytes",
    "validate_paths",
]

#: Below this many files, parallel workers cost more than they save.
PARALLEL_MIN_FILES = 8


@dataclass(frozen=True)
class ValidationOptions:
    schemas: SchemaOptions = field(default_factory=SchemaOptions)
    phase: str | None = None  # Schematron phase
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int | None = None  # None: all cores
    exclude: tuple[str, ...] = ()


@dataclass
class FileResult:
    """Everything found about one file."""

    name: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: True when the file could not be checked (I/O or schema problem: exit 2).
    failed: bool = False
    schemas: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def valid(self, strict: bool = False) -> bool:
        return not self.failed and self.errors == 0 and not (strict and self.warnings)


@dataclass
class ValidationResult:
    files: list[FileResult]
    seconds: float = 0.0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def exit_code(self, strict: bool = False) -> int:
        """0 all valid, 1 a document is invalid, 2 a file or schema could not be used."""
        if any(f.failed for f in self.files):
            return 2
        if any(not f.valid(strict) for f in self.files):
            return 1
        return 0


# --------------------------------------------------------------------------- one file


def _failure(name: str, err: TeiToolsError) -> FileResult:
    """A file that could not be checked: one diagnostic, located where known."""
    if err.file is not None and err.file != name:
        message = f"{err.file}" + (f":{err.line}" if err.line else "") + f": {err.message}"
        diag = Diagnostic(name, None, None, Severity.ERROR, message, "schema", "schema")
    else:
        diag = Diagnostic(name, err.line, err.column, Severity.ERROR, err.message, "input",
                          "input")
    return FileResult(name, [diag], failed=True)


def validate_bytes(data: bytes, name: str, path: Path | None, options: ValidationOptions,
                   *, from_file: bool = False) -> FileResult:
    """Validate one document given as bytes (``path`` locates relative schemas).

    ``from_file``: ``data`` is the content of ``path`` as read, so a phase may
    read the file itself instead of a re-serialisation.
    """
    from . import relaxng, wellformed
    from .locate import Locator

    start = time.perf_counter()
    result = FileResult(name)
    try:
        base_url = path.resolve().as_uri() if path is not None else None
        parsed, problems = wellformed.check_bytes(data, name, max_bytes=options.max_bytes,
                                                  base_url=base_url)
        result.diagnostics.extend(problems)
        if parsed is None:
            return result
        if parsed.doctype is not None:
            result.notes.append(parsed.doctype.note())
        choice: SchemaChoice = choose_schemas(parsed.tree, path, name, options.schemas)
        result.schemas = choice.describe()
        result.notes.extend(choice.notes)
        locator = Locator(parsed.tree, parsed.text)
        if choice.rng is not None:
            result.diagnostics.extend(relaxng.validate(parsed.tree, name, locator, choice.rng,
                                                       parsed.names[0]))
            note = relaxng.grammar(choice.rng).last_note
            if note:
                result.notes.append(f"RELAX NG: {note}")
        if choice.sch is not None:
            from .schematron import schematron

            sch = schematron(choice.sch, options.phase)
            result.diagnostics.extend(sch.run(parsed.tree, name, locator, names=parsed.names,
                                              file=path if from_file else None))
            result.notes.append(f"Schematron: {sch.note}")
        if choice.xsd is not None:
            from . import xsd

            result.diagnostics.extend(xsd.validate(parsed.tree, name, locator, choice.xsd))
    except TeiToolsError as err:
        failed = _failure(name, err)
        failed.diagnostics[:0] = result.diagnostics
        failed.schemas = result.schemas
        failed.notes = result.notes
        result = failed
    result.seconds = time.perf_counter() - start
    return result


def _validate_target(target: Target, options: ValidationOptions) -> FileResult:
    if target.problem is not None:
        return FileResult(target.name, [Diagnostic(target.name, None, None, Severity.ERROR,
                                                   target.problem, "input", "input")],
                          failed=True)
    from ..xmlio import check_size, read_bytes

    try:
        if target.path is None:
            data = sys.stdin.buffer.read()
        else:
            check_size(target.path.stat().st_size, target.name, options.max_bytes)
            data = read_bytes(target.path, max_bytes=None)
    except TeiToolsError as err:
        return FileResult(target.name, [Diagnostic(target.name, None, None, Severity.ERROR,
                                                   err.message, "input", "input")], failed=True)
    except OSError as exc:
        return FileResult(target.name, [Diagnostic(target.name, None, None, Severity.ERROR,
                                                   exc.strerror or str(exc), "input", "input")],
                          failed=True)
    return validate_bytes(data, target.name, target.path, options, from_file=True)


def _worker(args: tuple[Target, ValidationOptions]) -> FileResult:
    try:
        return _validate_target(*args)
    except Exception as exc:  # a bug in teitools: still one line per file, never a traceback
        return FileResult(args[0].name, [Diagnostic(
            args[0].name, None, None, Severity.ERROR,
            f"internal error ({type(exc).__name__}: {exc}); please report it", "internal",
            "internal")], failed=True)


# --------------------------------------------------------------------------- many files


def validate_paths(
    paths: Sequence[str],
    options: ValidationOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationResult:
    """Validate files, directories (``*.xml``, recursively) and ``-`` (stdin)."""
    options = options or ValidationOptions()
    start = time.perf_counter()
    for given in (options.schemas.rng, options.schemas.sch, options.schemas.xsd):
        if given is not None and not given.is_file():
            raise SchemaError("no such schema file", file=given)
    clear_discovery_caches()
    targets = expand_paths(paths, options.exclude)
    jobs = options.jobs or os.cpu_count() or 1
    files_to_fork = [t for t in targets if t.path is not None and t.problem is None]
    results: list[FileResult | None] = [None] * len(targets)
    if jobs > 1 and len(files_to_fork) >= PARALLEL_MIN_FILES:
        _run_parallel(targets, options, jobs, results, progress)
    for i, target in enumerate(targets):
        if results[i] is None:
            results[i] = _worker((target, options))
            if progress is not None:
                progress(sum(r is not None for r in results), len(results))
    done = [r for r in results if r is not None]
    return ValidationResult(done, time.perf_counter() - start)


def _run_parallel(targets: list[Target], options: ValidationOptions, jobs: int,
                  results: list[FileResult | None],
                  progress: Callable[[int, int], None] | None) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork is cheap and safe while this process has not started Saxon's runtime
    # (the workers start their own); otherwise spawn fresh interpreters.
    from .schematron import _Saxon

    method = "fork" if (sys.platform == "linux" and _Saxon._proc is None) else "spawn"
    ctx = multiprocessing.get_context(method)
    indices = [i for i, t in enumerate(targets) if t.path is not None and t.problem is None]
    jobs = min(jobs, len(indices))
    chunk = max(1, min(32, len(indices) // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        it = pool.map(_worker, [(targets[i], options) for i in indices], chunksize=chunk)
        for n, (i, res) in enumerate(zip(indices, it, strict=True), 1):
            results[i] = res
            if progress is not None:
                progress(n, len(targets))
