"""ISO Schematron → XSLT 3.0 producing SVRL: the passes of :mod:`.passes`, then :mod:`.emit`.

Supported: what TEI's generated ``.sch`` files and hand-written project rules
use: ``ns``, ``pattern`` (also abstract patterns instantiated with
``is-a``/``param``), ``rule`` (also abstract rules used with ``extends``),
``assert``/``report`` with ``role``, ``id``, ``flag`` and ``diagnostics``,
``let`` at schema, pattern and rule level, ``name``/``value-of``/``emph``/
``dir``/``span`` in messages, ``diagnostics``, ``phase``/``active``
(``defaultPhase`` or an explicit phase), ``include`` (resolved by
:mod:`.load`), and top-level ``xsl:key``/``xsl:function``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .emit import emit
from .passes import hoist_lets, instantiate, read_schema, select_phase, target

#: Bumped whenever the generated XSLT changes, so cached stylesheets are rebuilt.
COMPILER_VERSION = "8"


def compile_schematron(root: etree._Element, path: Path, phase: str | None = None,
                       *, targeted: bool = True) -> bytes:
    """ISO Schematron (already include-resolved) → XSLT 3.0 producing SVRL.

    ``targeted``: a pattern whose rule contexts allow it visits only the nodes
    they match (:func:`.passes.targets`); False walks the whole tree for every
    pattern, as the classic skeleton implementations do (the tests compare both).
    """
    plan = read_schema(root, path)
    select_phase(plan, phase)
    instantiate(plan)
    target(plan, targeted=targeted)
    hoist_lets(plan)
    return emit(plan)
