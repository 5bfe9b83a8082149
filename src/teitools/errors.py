"""The one exception hierarchy of teitools.

Every error a user can cause (bad input, missing files, broken schemas) is a
``TeiToolsError``: the CLI prints ``str(err)`` as one line and exits with
``err.exit_code``.  Anything else escaping is a bug in teitools.
"""

from __future__ import annotations

from pathlib import Path


def format_location(file: str, line: int | None, column: int | None) -> str:
    """``file:line:column``, as much of it as is known (errors and diagnostics alike)."""
    if line is None:
        return file
    return f"{file}:{line}" if column is None else f"{file}:{line}:{column}"


class TeiToolsError(Exception):
    """Base of all teitools errors; exit code 2 (usage / I/O / configuration)."""

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column

    def location(self) -> str:
        """``file:line:column`` prefix (as much of it as is known)."""
        return "" if self.file is None else format_location(self.file, self.line, self.column)

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class InputError(TeiToolsError):
    """An input file is missing, unreadable, not XML, or otherwise unusable."""


class OutputError(TeiToolsError):
    """An output file or directory cannot be written."""


class SchemaError(TeiToolsError):
    """A schema (RELAX NG, Schematron, XSD) cannot be loaded or compiled."""


class NoSchemaError(SchemaError):
    """No schema is declared or configured for a document: it can be read but not checked."""


# the rule id of that verdict in a diagnostic
NO_SCHEMA = "no-schema"


class OddError(TeiToolsError):
    """An ODD customisation cannot be compiled."""


class SourceError(OddError):
    """The TEI P5 source (p5subset.xml) is missing or not what it should be."""


class TransformError(TeiToolsError):
    """An XSLT transformation failed."""


class InvalidDocumentError(TeiToolsError):
    """A document is invalid where validity is required (exit code 1)."""

    exit_code = 1


class NotTeiError(InvalidDocumentError):
    """The root is not ``<TEI>`` or ``<teiCorpus>`` in the TEI namespace (the TEI gate)."""


class NotRenderableError(InputError):
    """A document an edition cannot be made of (its root is not TEI): a usage error, exit 2."""
