"""Formatting diagnostics for people and machines: text, json, github, junit.

Pure functions from data to strings; the CLI decides where they go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Severity
from .xmlio import xml_attr as quoteattr
from .xmlio import xml_escape as escape

FORMATS = ("text", "json", "github", "junit")

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


@dataclass
class Summary:
    """Counts for the closing line of a report."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        parts = [
            f"{self.files} file{'s' if self.files != 1 else ''}",
            f"{self.valid} valid",
            f"{self.invalid} invalid",
            f"{self.errors} error{'s' if self.errors != 1 else ''}",
            f"{self.warnings} warning{'s' if self.warnings != 1 else ''}",
        ]
        parts += [f"{v} {k}" for k, v in self.extra.items()]
        return ", ".join(parts) + f" in {self.seconds:.2f}s"


#: Identical messages (same rule, same text) shown per file before they are summed up.
SAME_SHOWN = 3
#: Errors shown per file by default (``--max-errors``; 0 shows all).
MAX_ERRORS = 100


def condense(diagnostics: Sequence[Diagnostic], *, max_errors: int = MAX_ERRORS,
             same: int = SAME_SHOWN) -> list[Diagnostic]:
    """What a person reads: per file, at most ``same`` of each identical message, then
    one ``… and N more like this`` line; at most ``max_errors`` errors (0: no limit).

    The counts in the summary are not affected; JSON and JUnit reports are not condensed.
    """
    out: list[Diagnostic] = []
    for name, diags in _by_file(diagnostics):
        seen: dict[tuple[str | None, str], list[Diagnostic]] = {}
        kept: list[Diagnostic] = []
        for d in diags:
            group = seen.setdefault((d.rule, d.message), [])
            group.append(d)
            if len(group) <= same:
                kept.append(d)
        extra: list[tuple[Diagnostic, Diagnostic]] = []
        for group in seen.values():
            if len(group) > same:
                last = group[same - 1]
                extra.append((last, Diagnostic(
                    name, last.line, last.column, Severity.INFO,
                    f"… and {len(group) - same} more like this", last.rule, last.phase)))
        after = {id(a): b for a, b in extra}
        errors = 0
        for d in kept:
            if d.is_error:
                errors += 1
                if max_errors and errors > max_errors:
                    continue
            out.append(d)
            if id(d) in after:
                out.append(after[id(d)])
        hidden = errors - max_errors if max_errors else 0
        if hidden > 0:
            last_shown = out[-1]  # placed after it, so it reads last
            out.append(Diagnostic(name, last_shown.line, last_shown.column, Severity.INFO,
                                  f"… and {hidden} more errors (--max-errors 0 shows all)",
                                  None, None))
    return out


def _by_file(diagnostics: Sequence[Diagnostic]) -> list[tuple[str, list[Diagnostic]]]:
    files: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        files.setdefault(d.file, []).append(d)
    return list(files.items())


def format_text(diagnostics: Sequence[Diagnostic], *, colour: bool = False,
                verbose: bool = False) -> str:
    """``path:line:column: severity: message [rule]``, grouped by file in input order.

    ``verbose`` adds the full list of what was expected where the message cuts it.
    """
    lines: list[str] = []
    for diag in _grouped(diagnostics):
        text = str(diag)
        if verbose and diag.expected and "more)" in diag.message:
            text += "\n    all expected: " + ", ".join(diag.expected)
        if colour:
            sev = diag.severity.value
            text = text.replace(f": {sev}: ", f": {_COLOURS[diag.severity]}{sev}{_RESET}: ", 1)
        lines.append(text)
    return "\n".join(lines)


def format_json(diagnostics: Sequence[Diagnostic], summary: Summary | None = None) -> str:
    """A JSON list of diagnostic objects (or an object with a summary when given)."""
    items = [d.to_dict() for d in diagnostics]
    if summary is None:
        return json.dumps(items, indent=2, ensure_ascii=False)
    payload = {
        "diagnostics": items,
        "summary": {
            "files": summary.files,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "seconds": round(summary.seconds, 3),
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    out = []
    for d in _grouped(diagnostics):
        level = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
        props = [f"file={_gh_escape(d.file, prop=True)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        if d.rule:
            props.append(f"title={_gh_escape(d.rule, prop=True)}")
        out.append(f"::{level} {','.join(props)}::{_gh_escape(d.message)}")
    return "\n".join(out)


def format_junit(
    diagnostics: Sequence[Diagnostic], files: Iterable[str], *, suite: str = "teitools"
) -> str:
    """JUnit XML: one testcase per file, one failure element per error."""
    files = list(files)
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in files}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    failures = sum(1 for ds in by_file.values() if any(d.is_error for d in ds))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<testsuite name={quoteattr(suite)} tests=\"{len(by_file)}\" failures=\"{failures}\">",
    ]
    for name, ds in by_file.items():
        lines.append(f"  <testcase classname={quoteattr(suite)} name={quoteattr(name)}>")
        for d in ds:
            tag = "failure" if d.is_error else "system-out"
            if tag == "failure":
                kind = quoteattr(d.rule or d.phase or "error")
                lines.append(
                    f"    <failure message={quoteattr(d.message)} type={kind}>"
                    f"{escape(str(d))}</failure>"
                )
            else:
                lines.append(f"    <system-out>{escape(str(d))}</system-out>")
        lines.append("  </testcase>")
    lines.append("</testsuite>")
    return "\n".join(lines)


def _grouped(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Stable grouping by file (files in first-seen order), then by position."""
    order: dict[str, int] = {}
    for d in diagnostics:
        order.setdefault(d.file, len(order))
    return sorted(
        diagnostics, key=lambda d: (order[d.file], d.line or 0, d.column or 0)
    )
