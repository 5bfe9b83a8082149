"""``teitools validate``: well-formedness, RELAX NG, Schematron and XSD, with line numbers.

Where each concern lives:

* :mod:`.run` — :func:`validate_paths`: many files, in worker processes when
  there are many; :func:`default_validator`;
* :mod:`.validator` — :class:`Validator`: owns the compiled schemas; the main
  loop over a document's phases;
* :mod:`.phase` — the :class:`~.phase.Phase` protocol every schema language
  implements: ``check(doc) -> (diagnostics, note)``;
* :mod:`.wellformed` (phase 1), :mod:`.relaxng`, :mod:`.schematron`,
  :mod:`.xsd` — the phases; :mod:`.discover` — which schemas, and why;
* :mod:`.locate` — line:column; :mod:`.cache` — the disk cache;
  :mod:`.results` — options and results; :mod:`.reporting` — report text.

Nothing here prints; every bad input becomes a
:class:`~teitools.diagnostics.Diagnostic`.
"""

from __future__ import annotations

from .cache import DiskCache
from .discover import SchemaOptions
from .phase import ParsedDocument, Phase
from .results import FileResult, ValidationOptions, ValidationResult
from .run import default_validator, validate_bytes, validate_paths
from .validator import Validator

__all__ = [
    "DiskCache",
    "FileResult",
    "ParsedDocument",
    "Phase",
    "SchemaOptions",
    "ValidationOptions",
    "ValidationResult",
    "Validator",
    "default_validator",
    "validate_bytes",
    "validate_paths",
]
