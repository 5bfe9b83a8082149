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

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .cache import DiskCache
from .discover import SchemaOptions
from .results import FileResult, ValidationOptions, ValidationResult

if TYPE_CHECKING:
    from .phase import ParsedDocument, Phase
    from .run import default_validator, validate_bytes, validate_paths
    from .validator import Validator

# imported when first used: a run answered from the cache never loads the validator
_LAZY = {"ParsedDocument": "phase", "Phase": "phase", "default_validator": "run",
         "validate_bytes": "run", "validate_paths": "run", "Validator": "validator"}
__getattr__ = lazy_attributes(__name__, _LAZY, globals())

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
