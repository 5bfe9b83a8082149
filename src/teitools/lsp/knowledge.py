"""What the server knows about a document's schema: its grammar and its documentation."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Snapshot
from .grammar import GrammarView, view
from .odddoc import Documentation, for_schema


@dataclass(frozen=True)
class Knowledge:
    grammar: GrammarView | None  # None: the document names no RELAX NG schema
    docs: Documentation
    problem: str | None = None  # why there is no grammar


def knowledge(snap: Snapshot) -> Knowledge:
    """The grammar and documentation for the schemas the document names."""
    return snap.memo("knowledge", lambda: _knowledge(snap))


def _knowledge(snap: Snapshot) -> Knowledge:
    choice, problem = snap.schemas
    rng = choice.rng if choice is not None else None
    return Knowledge(view(rng) if rng is not None else None, for_schema(rng), problem)
