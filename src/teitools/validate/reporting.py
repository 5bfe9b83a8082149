"""Turn a :class:`ValidationResult` into report text (the CLI prints it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..report import (
    MAX_ERRORS,
    Summary,
    condense,
    format_github,
    format_json,
    format_junit,
    format_text,
)
from .results import FileResult, ValidationResult


@dataclass
class Tally:
    """What a report needs of a result, gathered in one pass over its files (a corpus
    run's are read back from disk one at a time: every pass costs a read of them all)."""

    summary: Summary
    exit_code: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # of every file, when asked for
    verbose: list[str] = field(default_factory=list)  # when asked for


def tally(result: ValidationResult, strict: bool = False, *, names: bool = False,
          verbose: bool = False) -> Tally:
    s = Summary(seconds=result.seconds)
    t = Tally(s, 0)
    skipped = failed = 0
    for f in result.files:
        s.files += 1
        t.diagnostics.extend(f.diagnostics)
        if names:
            t.names.append(f.name)
        if verbose:
            t.verbose.extend(_verbose(f))
        s.errors += f.errors
        s.warnings += f.warnings
        if f.skipped:
            skipped += 1
        elif f.failed:
            failed += 1
        elif f.valid(strict):
            s.valid += 1
        t.exit_code = max(t.exit_code, f.exit_code(strict))
    s.invalid = s.files - s.valid - failed - skipped
    if failed:
        s.extra["not checked"] = str(failed)
    if skipped:
        s.extra["skipped (not TEI)"] = str(skipped)
    return t


def render(result: ValidationResult | Tally, fmt: str, *, colour: bool = False,
           strict: bool = False, verbose: bool = False,
           max_errors: int = MAX_ERRORS) -> tuple[str, str]:
    """(report for stdout, summary line for stdout/stderr) in the chosen format.

    Text and GitHub reports are condensed (:func:`~teitools.report.condense`); JSON
    and JUnit carry every diagnostic.  Give a :class:`Tally` (with the file names for
    JUnit) to render what was already gathered.
    """
    t = result if isinstance(result, Tally) else tally(result, strict, names=fmt == "junit")
    diags = t.diagnostics
    line = t.summary.line()
    if fmt == "json":
        return format_json(diags), line
    if fmt == "junit":
        return format_junit(diags, t.names, suite="teitools validate"), line
    shown = condense(diags, max_errors=max_errors)
    if fmt == "github":
        return format_github(shown), line
    return format_text(shown, colour=colour, verbose=verbose), line


def _verbose(f: FileResult) -> list[str]:
    out: list[str] = []
    if f.schemas:
        out.append(f"{f.name}: {f.schemas} [{f.seconds * 1000:.0f} ms]")
    out.extend(f"{f.name}: {note}" for note in f.notes)
    return out
