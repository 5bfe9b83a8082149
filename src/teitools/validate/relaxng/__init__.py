"""Phase 2: RELAX NG through libxml2 (lxml), with messages in the encoder's terms.

* :mod:`.names` — name classes, the vocabulary the other modules share;
* :mod:`.grammar` — :class:`Grammar`: one schema file, compiled per document,
  its rewritten grammars cached on disk (the phase);
* :mod:`.simplify` — reduction to a document's element names and
  ``notAllowed`` propagation, before libxml2 compiles;
* :mod:`.index` and :mod:`.content` — what each element may contain (ever,
  and in order), for messages;
* :mod:`.messages` — diagnostics in the encoder's terms.
"""

from __future__ import annotations

from .grammar import COMPILE_SECONDS, REDUCE_THRESHOLD, Grammar
from .messages import PHASE
from .names import element_names

__all__ = ["COMPILE_SECONDS", "PHASE", "REDUCE_THRESHOLD", "Grammar", "element_names"]
