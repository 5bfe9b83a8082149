"""What validation is asked (:class:`ValidationOptions`) and what it finds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..errors import NO_SCHEMA, NoSchemaError, TeiToolsError
from .discover import SchemaOptions
from .wellformed import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ValidationOptions:
    schemas: SchemaOptions = field(default_factory=SchemaOptions)
    phase: str | None = None  # Schematron phase
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int | None = None  # None: all cores
    exclude: tuple[str, ...] = ()
    #: For ``-``: resolve relative hrefs and pyproject.toml as if stdin were this file.
    stdin_filename: Path | None = None
    #: Hook mode: XML that is not TEI is skipped (and counted), not reported.
    skip_non_tei: bool = False

    def fingerprint(self) -> str:
        """What of these options a document's result depends on (for result caches)."""
        s = self.schemas
        return json.dumps({
            "phase": self.phase, "max": self.max_bytes, "skip_non_tei": self.skip_non_tei,
            "rng": str(Path(s.rng).resolve()) if s.rng else None,
            "sch": str(Path(s.sch).resolve()) if s.sch else None,
            "xsd": str(Path(s.xsd).resolve()) if s.xsd else None,
        }, sort_keys=True)


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
    #: Not a TEI document, skipped (``skip_non_tei``).
    skipped: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def valid(self, strict: bool = False) -> bool:
        return not self.failed and self.errors == 0 and not (strict and self.warnings)

    def exit_code(self, strict: bool = False) -> int:
        """2 not checked, 1 invalid, 0 valid: a run's code is its files' highest."""
        return 2 if self.failed else 0 if self.valid(strict) else 1

    @property
    def unchecked(self) -> bool:
        """Read, but with no schema to check it against (rule :data:`NO_SCHEMA`)."""
        return self.failed and bool(self.no_schema_apart()[0])

    def no_schema_apart(self) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """The diagnostics as (those saying there is no schema (:data:`NO_SCHEMA`), the
        rest): ``teitools build`` publishes such a file unvalidated, judged by the rest."""
        no_schema: list[Diagnostic] = []
        rest: list[Diagnostic] = []
        for d in self.diagnostics:
            (no_schema if d.rule == NO_SCHEMA else rest).append(d)
        return no_schema, rest

    @classmethod
    def unreadable(cls, name: str, message: str, rule: str = "input") -> FileResult:
        """A file that could not be checked at all: one diagnostic, exit 2."""
        return cls(name, [Diagnostic(name, None, None, Severity.ERROR, message, rule, rule)],
                   failed=True)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "failed": self.failed, "schemas": self.schemas,
                "skipped": self.skipped, "notes": self.notes, "seconds": self.seconds,
                "diagnostics": [d.to_dict() for d in self.diagnostics]}

    @classmethod
    def from_dict(cls, f: dict[str, Any]) -> FileResult:
        """The inverse of :meth:`to_dict`."""
        return cls(f["name"], [Diagnostic.from_dict(d) for d in f["diagnostics"]],
                   failed=f["failed"], schemas=f["schemas"], notes=list(f["notes"]),
                   seconds=f["seconds"], skipped=bool(f.get("skipped", False)))

    @classmethod
    def failure(cls, name: str, err: TeiToolsError) -> FileResult:
        """A file that could not be checked: one diagnostic, located where known."""
        if err.file is not None and err.file != name:
            message = f"{err.file}" + (f":{err.line}" if err.line else "") + f": {err.message}"
            diag = Diagnostic(name, None, None, Severity.ERROR, message, "schema", "schema")
        else:
            rule = NO_SCHEMA if isinstance(err, NoSchemaError) else "input"
            diag = Diagnostic(name, err.line, err.column, Severity.ERROR, err.message, rule,
                              "input")
        return cls(name, [diag], failed=True)


@dataclass
class ValidationResult:
    #: in the order given (a corpus run's are read from its store as they are asked for)
    files: Sequence[FileResult]
    seconds: float = 0.0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def exit_code(self, strict: bool = False) -> int:
        """0 all valid, 1 a document is invalid, 2 a file or schema could not be used."""
        return max((f.exit_code(strict) for f in self.files), default=0)
