"""``Diagnostic``: the currency of the whole package.

Validators, the ODD compiler and the exporters return lists of these; only
the reporters in :mod:`teitools.report` turn them into text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from lxml import etree

from .errors import format_location


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file.

    ``phase`` names the check that produced it (``wellformed``, ``relaxng``,
    ``schematron``, ``xsd``, ``odd``, ...); ``rule`` is the most specific id
    known (a Schematron constraint ident, a RELAX NG error type ...).
    """

    file: str
    line: int | None
    column: int | None
    severity: Severity
    message: str
    rule: str | None = None
    phase: str | None = None
    #: What would have been right here, for editors and --format json: element or
    #: attribute names, or attribute values (most likely first).
    expected: tuple[str, ...] = ()
    #: The attribute a diagnostic is about (its Clark name), where there is one.
    attribute: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        return format_location(self.file, self.line, self.column)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        # The structured fields appear only where a phase filled them in.
        if self.expected:
            data["expected"] = list(self.expected)
        else:
            del data["expected"]
        if self.attribute is None:
            del data["attribute"]
        return data

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Diagnostic:
        """The inverse of :meth:`to_dict`."""
        return cls(d["file"], d["line"], d["column"], Severity(d["severity"]), d["message"],
                   d.get("rule"), d.get("phase"), tuple(d.get("expected", ())),
                   d.get("attribute"))

    def __str__(self) -> str:
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        return f"{text} [{self.rule}]" if self.rule else text


def error_count(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def warning_count(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.WARNING)


def source_line(node: etree._Element | etree._ProcessingInstruction | None) -> int | None:
    """libxml2's line number for a node (None when unknown or no node)."""
    line = node.sourceline if node is not None else None
    return line if isinstance(line, int) else None
