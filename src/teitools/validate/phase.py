"""The shape every validation phase after well-formedness has.

A phase (RELAX NG :class:`~.relaxng.Grammar`, Schematron
:class:`~.schematron.Schematron`, XML Schema :class:`~.xsd.XmlSchema`) is a
compiled schema that checks one parsed document and says, in a short note,
how it got ready (compiled, read from the cache, reused): ``--verbose`` shows
the notes.  :meth:`.validator.Validator.check` is a loop over the phases of a
document's schemas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from lxml import etree

from ..diagnostics import Diagnostic
from .locate import Locator
from .wellformed import Parsed


@dataclass
class ParsedDocument:
    """What a phase checks: a well-formed document, its name, where it came from."""

    parsed: Parsed
    #: The name diagnostics carry.
    name: str
    #: The file the document was read from, unchanged (a phase may read it itself).
    file: Path | None = None
    #: line:column of its elements (built lazily, on the first problem).
    locator: Locator = field(init=False)

    def __post_init__(self) -> None:
        self.locator = Locator(self.parsed.tree, self.parsed.text)

    @property
    def tree(self) -> etree._ElementTree:
        return self.parsed.tree

    @property
    def names(self) -> tuple[frozenset[str], frozenset[str]]:
        """(element names, attribute names) of the document."""
        return self.parsed.names


class Phase(Protocol):
    """A compiled schema: ``check`` gives the diagnostics and a note for ``--verbose``."""

    #: Shown before the note: ``RELAX NG``, ``Schematron``, ``XSD``.
    label: str

    def check(self, doc: ParsedDocument) -> tuple[list[Diagnostic], str]: ...
