"""Turn a :class:`ValidationResult` into report text (the CLI prints it)."""

from __future__ import annotations

from ..report import (
    MAX_ERRORS,
    Summary,
    condense,
    format_github,
    format_json,
    format_junit,
    format_text,
)
from .results import ValidationResult


def summary(result: ValidationResult, strict: bool = False) -> Summary:
    skipped = sum(1 for f in result.files if f.skipped)
    valid = sum(1 for f in result.files if f.valid(strict) and not f.skipped)
    failed = sum(1 for f in result.files if f.failed)
    s = Summary(
        files=len(result.files),
        valid=valid,
        invalid=len(result.files) - valid - failed - skipped,
        errors=sum(f.errors for f in result.files),
        warnings=sum(f.warnings for f in result.files),
        seconds=result.seconds,
    )
    if failed:
        s.extra["not checked"] = str(failed)
    if skipped:
        s.extra["skipped (not TEI)"] = str(skipped)
    return s


def render(result: ValidationResult, fmt: str, *, colour: bool = False,
           strict: bool = False, verbose: bool = False,
           max_errors: int = MAX_ERRORS) -> tuple[str, str]:
    """(report for stdout, summary line for stdout/stderr) in the chosen format.

    Text and GitHub reports are condensed (:func:`~teitools.report.condense`); JSON
    and JUnit carry every diagnostic.
    """
    diags = result.diagnostics
    line = summary(result, strict).line()
    if fmt == "json":
        return format_json(diags), line
    if fmt == "junit":
        return format_junit(diags, [f.name for f in result.files], suite="teitools validate"), line
    shown = condense(diags, max_errors=max_errors)
    if fmt == "github":
        return format_github(shown), line
    return format_text(shown, colour=colour, verbose=verbose), line


def verbose_lines(result: ValidationResult) -> list[str]:
    """Which schemas each file was checked against, why, and what was cached."""
    out: list[str] = []
    for f in result.files:
        if f.schemas:
            out.append(f"{f.name}: {f.schemas} [{f.seconds * 1000:.0f} ms]")
        out.extend(f"{f.name}: {note}" for note in f.notes)
    return out
