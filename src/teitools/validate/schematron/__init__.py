"""Phase 3: ISO Schematron, compiled by our own code to XSLT 3.0 and run in saxonche.

* :mod:`.load` — the schema, its includes, or the rules embedded in RELAX NG;
* :mod:`.xpath` — the one scanner the compiler reads XPath expressions with;
* :mod:`.passes` — the compiler's passes over a plan of the schema: phase
  selection, abstract patterns, targeting, let-hoisting;
* :mod:`.emit` — the plan written as XSLT; :mod:`.compile` runs it all;
* :mod:`.runner` — :class:`Schematron` (the phase): the stylesheet in Saxon,
  its SVRL report read back as diagnostics.
"""

from __future__ import annotations

from .compile import COMPILER_VERSION, compile_schematron
from .load import load_schema
from .runner import PHASE, WARNING_ROLES, Schematron

__all__ = ["COMPILER_VERSION", "PHASE", "WARNING_ROLES", "Schematron", "compile_schematron",
           "load_schema"]
