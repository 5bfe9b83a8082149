"""Validating many files: expand the paths, then one :class:`.Validator` per process.

:func:`validate_paths` is what ``teitools validate`` (and ``build``, and the
editions' gate) call: it expands paths, validates each file with a
:class:`~.validator.Validator` (the process's default one unless given), in
worker processes when there are many files, and returns a
:class:`~.results.ValidationResult`.  Nothing here prints; every bad input
becomes a :class:`~teitools.diagnostics.Diagnostic`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import saxon
from ..errors import SchemaError
from .cache import DiskCache
from .discover import Target, clear_discovery_caches, expand_paths
from .results import FileResult, ValidationOptions, ValidationResult
from .validator import Validator

#: Below this many files, parallel workers cost more than they save.
PARALLEL_MIN_FILES = 8

_default: Validator | None = None


def default_validator() -> Validator:
    """This process's validator (the CLI's; each worker process has its own)."""
    global _default
    if _default is None:
        _default = Validator()
    return _default


def validate_bytes(data: bytes, name: str, path: Path | None, options: ValidationOptions,
                   *, from_file: bool = False, validator: Validator | None = None
                   ) -> FileResult:
    """:meth:`.Validator.validate_bytes` with the default validator unless one is given."""
    return (validator or default_validator()).validate_bytes(data, name, path, options,
                                                             from_file=from_file)


def _validate_target(validator: Validator, target: Target, options: ValidationOptions
                     ) -> FileResult:
    if target.problem is not None:
        return FileResult.unreadable(target.name, target.problem)
    if target.path is None:
        try:
            data = sys.stdin.buffer.read()
        except OSError as exc:
            return FileResult.unreadable(target.name, exc.strerror or str(exc))
        return validator.validate_bytes(data, target.name, options.stdin_filename, options)
    return validator.validate_file(target.path, options, name=target.name)


def _guarded(validator: Validator, target: Target, options: ValidationOptions) -> FileResult:
    try:
        return _validate_target(validator, target, options)
    except Exception as exc:  # a bug in teitools: still one line per file, never a traceback
        return FileResult.unreadable(
            target.name, f"internal error ({type(exc).__name__}: {exc}); please report it",
            "internal")


def validate_paths(
    paths: Sequence[str],
    options: ValidationOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    validator: Validator | None = None,
) -> ValidationResult:
    """Validate files, directories (``*.xml``, recursively) and ``-`` (stdin)."""
    validator = validator or default_validator()
    options = options or validator.options
    start = time.perf_counter()
    for given in (options.schemas.rng, options.schemas.sch, options.schemas.xsd):
        if given is not None and not given.is_file():
            raise SchemaError("no such schema file", file=given)
    clear_discovery_caches()
    targets = expand_paths(paths, options.exclude, stdin_filename=options.stdin_filename)
    jobs = options.jobs or os.cpu_count() or 1
    files_to_fork = [t for t in targets if t.path is not None and t.problem is None]
    results: list[FileResult | None] = [None] * len(targets)
    if jobs > 1 and len(files_to_fork) >= PARALLEL_MIN_FILES:
        _run_parallel(validator, targets, options, jobs, results, progress)
    for i, target in enumerate(targets):
        if results[i] is None:
            results[i] = _guarded(validator, target, options)
            if progress is not None:
                progress(sum(r is not None for r in results), len(results))
    done = [r for r in results if r is not None]
    return ValidationResult(done, time.perf_counter() - start)


# --------------------------------------------------------------------------- workers

#: The validator of a worker process (set by :func:`_start_worker`).
_worker_validator: Validator | None = None


def _start_worker(cache: tuple[Path | None, bool | None, int | None]) -> None:
    global _worker_validator
    directory, enabled, max_bytes = cache
    _worker_validator = Validator(DiskCache(directory, enabled=enabled, max_bytes=max_bytes))


def _worker(args: tuple[Target, ValidationOptions]) -> FileResult:
    validator = _worker_validator or default_validator()
    return _guarded(validator, *args)


def _run_parallel(validator: Validator, targets: list[Target], options: ValidationOptions,
                  jobs: int, results: list[FileResult | None],
                  progress: Callable[[int, int], None] | None) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork is cheap and safe while this process has not started Saxon's runtime
    # (the workers start their own); otherwise spawn fresh interpreters.
    method = "fork" if (sys.platform == "linux" and not saxon.started()) else "spawn"
    ctx = multiprocessing.get_context(method)
    indices = [i for i, t in enumerate(targets) if t.path is not None and t.problem is None]
    jobs = min(jobs, len(indices))
    chunk = max(1, min(32, len(indices) // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_start_worker,
                             initargs=(validator.cache.settings(),)) as pool:
        it = pool.map(_worker, [(targets[i], options) for i in indices], chunksize=chunk)
        for n, (i, res) in enumerate(zip(indices, it, strict=True), 1):
            results[i] = res
            if progress is not None:
                progress(n, len(targets))
